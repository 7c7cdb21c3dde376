import { expectedText } from './fixtures';
import type { BundleRow } from './measure-bundle-size';
import type { MemoryResult } from './measure-memory';
import type { OverheadResult } from './measure-overhead';
import type { ThroughputResult } from './measure-throughput';
import type { ProfileWorkload } from './profile-target';
import { median } from './stats';

/** One target of issue 13, evaluated. */
export interface TargetCheck {
  name: string;
  /** The limit, in words (`≤ 1.5× raw`). */
  limit: string;
  /** What was measured, in words (`1.32× (457 vs 301 ms)`). */
  measured: string;
  /** For time targets: the same paired ratio of CPU time, in words (a diagnostic, not judged). */
  cpu: string;
  pass: boolean;
  /** What to profile when it is missed. */
  profile: { targetId: string; workload: ProfileWorkload } | undefined;
}

/** The inputs of the targets table. */
export interface TargetInputs {
  throughput: ThroughputResult;
  overhead: OverheadResult;
  bundles: BundleRow[];
  memory: MemoryResult;
}

/**
 * "Flat" memory for `@routify/core` over the long stream: the heap it retains may grow by at
 * most twice the assembled text in UTF-16 (its `partial` keeps the text by design; anything
 * beyond that is kept per chunk).
 */
export const FLAT_MEMORY_TEXT_FACTOR = 2;

/** The size limit of `@routify/core` with its dependencies, min+gz bytes (6 KB, KB = 1024 B). */
export const CORE_SIZE_LIMIT_BYTES = 6 * 1024;

const fmt = (value: number): string => (value >= 100 ? value.toFixed(0) : value.toFixed(2));

/** Per target: its value (ms) in each round, in round order. */
type RoundValues = Map<string, readonly number[]>;

/**
 * Compares `ours` with `base` on the median of the per-round ratios: the two ran back to back in
 * every round (see `pairedOrder`), so each round's ratio is taken under the same machine load.
 */
function ratioCheck(
  name: string,
  rounds: RoundValues,
  cpuRounds: RoundValues,
  ours: string,
  base: string,
  limit: number,
  baseName: string,
  workload: ProfileWorkload,
): TargetCheck {
  const paired = (values: RoundValues): number[] => {
    const b = values.get(base) ?? [];
    return (values.get(ours) ?? []).map((value, round) => value / (b[round] ?? Number.NaN));
  };
  const a = rounds.get(ours) ?? [];
  const b = rounds.get(base) ?? [];
  const ratios = paired(rounds);
  const value = median(ratios);
  const cpu = median(paired(cpuRounds));
  const pass = value <= limit;
  return {
    name,
    limit: `≤ ${limit}× ${baseName}`,
    measured: `${value.toFixed(2)}× (rounds ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}×; medians ${fmt(median(a))} vs ${fmt(median(b))} ms)`,
    cpu: `${cpu.toFixed(2)}× (${cpu <= limit ? 'within' : 'over'} the limit)`,
    pass,
    profile: pass ? undefined : { targetId: ours, workload },
  };
}

/** Evaluates every target of issue 13 from the medians of the run. */
export function checkTargets(inputs: TargetInputs): TargetCheck[] {
  const stream: RoundValues = new Map(
    inputs.throughput.rows.map((row) => [row.target.id, row.timesMs]),
  );
  const request: RoundValues = new Map(
    inputs.overhead.rows.map((row) => [row.target.id, row.roundMediansMs]),
  );
  const streamCpu: RoundValues = new Map(
    inputs.throughput.rows.map((row) => [row.target.id, row.cpuMs]),
  );
  const requestCpu: RoundValues = new Map(
    inputs.overhead.rows.map((row) => [row.target.id, row.roundCpuMsPerRequest]),
  );
  const core = inputs.bundles.find((row) => row.pkg.name === '@routify/core');
  const coreSize = core?.gzipBytes ?? Number.NaN;
  const coreMemory = inputs.memory.rows.find((row) => row.target.id === 'core');
  const timeline = coreMemory?.timeline ?? [];
  const growth = (timeline[timeline.length - 1] ?? Number.NaN) - (timeline[0] ?? Number.NaN);
  // Growth is measured from the first point (1/points of the stream) to the end.
  const text = expectedText(inputs.memory.chunks);
  const textBytes = text.length * 2 * (1 - 1 / inputs.memory.points);
  const memoryLimit = FLAT_MEMORY_TEXT_FACTOR * textBytes;
  const mib = (bytes: number): string => `${(bytes / 1_048_576).toFixed(2)} MB`;
  return [
    ratioCheck(
      '@routify/core streaming',
      stream,
      streamCpu,
      'core',
      'raw',
      1.5,
      'raw baseline',
      'stream',
    ),
    ratioCheck(
      '@routify/core tiny requests',
      request,
      requestCpu,
      'core',
      'openai',
      1.1,
      'openai SDK',
      'request',
    ),
    ratioCheck(
      'our doStream',
      stream,
      streamCpu,
      'routify-provider',
      'compatible-provider',
      0.5,
      'openai-compatible doStream',
      'stream',
    ),
    ratioCheck(
      'our streamText',
      stream,
      streamCpu,
      'routify-streamtext',
      'compatible-streamtext',
      1.0,
      'streamText(openai-compatible)',
      'stream',
    ),
    ratioCheck(
      'ChatRoutify.stream()',
      stream,
      streamCpu,
      'chat-routify',
      'chat-openai',
      0.7,
      'ChatOpenAI.stream()',
      'stream',
    ),
    ratioCheck(
      'ChatRoutify tiny requests (invoke)',
      request,
      requestCpu,
      'chat-routify',
      'chat-openai',
      1.1,
      'ChatOpenAI.invoke()',
      'request',
    ),
    {
      name: '@routify/core bundle, with its dependencies',
      limit: '≤ 6 KB min+gz',
      measured: `${(coreSize / 1024).toFixed(2)} KB (${coreSize} B)`,
      cpu: '',
      pass: coreSize <= CORE_SIZE_LIMIT_BYTES,
      profile: undefined,
    },
    {
      name: `@routify/core memory over a ${inputs.memory.chunks.toLocaleString('en')}-chunk stream: flat`,
      limit: `retained growth ≤ ${FLAT_MEMORY_TEXT_FACTOR}× the text (UTF-16): ${mib(memoryLimit)}`,
      measured: `${mib(growth)} (${(growth / textBytes).toFixed(1)}× the text)`,
      cpu: '',
      pass: growth <= memoryLimit,
      profile: undefined,
    },
  ];
}
