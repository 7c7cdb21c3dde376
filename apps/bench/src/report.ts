import Table from 'cli-table3';
import type { BenchConfig } from './bench-config';
import type { Environment } from './environment';
import { expectedText } from './fixtures';
import type { BundleRow } from './measure-bundle-size';
import type { ByteReadsResult } from './measure-byte-reads';
import type { ImportRow } from './measure-import';
import type { MemoryResult } from './measure-memory';
import type { OverheadResult } from './measure-overhead';
import type { ThroughputResult } from './measure-throughput';
import type { TtftResult } from './measure-ttft';
import type { ProfileResult } from './profile-target';
import { median, type Summary, summarize } from './stats';
import { PEERS } from './targets/index';
import type { TargetCheck } from './targets-table';

/** Everything one run measured. */
export interface BenchResults {
  config: BenchConfig;
  environment: Environment;
  throughput: ThroughputResult;
  overhead: OverheadResult;
  ttft: TtftResult;
  byteReads: ByteReadsResult;
  imports: ImportRow[];
  bundles: BundleRow[];
  memory: MemoryResult;
  checks: TargetCheck[];
  profiles: ProfileResult[];
  /** Seconds the run took. */
  durationS: number;
}

/** A titled table (plus notes) rendered both to Markdown and to the terminal. */
export interface Section {
  title: string;
  /** Paragraphs before the table. */
  notes: string[];
  head: string[];
  rows: string[][];
}

/** Section titles, in order (the test checks `--quick` prints each). */
export const SECTION_TITLES = [
  'Targets',
  'Streaming throughput',
  'Per-request overhead',
  'Time to first token',
  '1-byte reads',
  'Cold import time',
  'Bundle size',
  'Memory over a long stream',
] as const;

const ms = (value: number): string => (value >= 100 ? value.toFixed(0) : value.toFixed(2));
const range = (summary: Summary): string => `${ms(summary.min)}–${ms(summary.max)}`;
const ratio = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(2)}×` : '—');
const mb = (bytes: number): string => (bytes / 1_048_576).toFixed(1);
const kb = (bytes: number): string => (bytes / 1024).toFixed(1);

function throughputSection(result: ThroughputResult): Section {
  const medians = new Map(result.rows.map((row) => [row.target.id, median(row.timesMs)]));
  const raw = medians.get('raw') ?? Number.NaN;
  return {
    title: 'Streaming throughput',
    notes: [
      `A prepared ${result.chunks.toLocaleString('en')}-chunk completion (${mb(result.bytes)} MB of SSE, ~${Math.round(result.bytes / result.chunks)} B per event, Latin + Cyrillic + CJK + emoji text) served in one write, as fast as the socket takes it. Time: from the call to the last text delta (wall clock; CPU: what the bench process used meanwhile, all its threads); the assembled text of every run is checked against the fixture. Peak heap: the highest V8 heap in use above the start of the run (garbage not yet collected included), sampled every 2 ms.`,
    ],
    head: [
      'target',
      'median ms',
      'min–max ms',
      'CPU median ms',
      'MB/s',
      '× raw',
      '× peer',
      'peak heap MB',
    ],
    rows: result.rows.map((row) => {
      const time = summarize(row.timesMs);
      const peer = PEERS[row.target.id];
      return [
        row.target.streamLabel,
        ms(time.median),
        range(time),
        ms(median(row.cpuMs)),
        (result.bytes / 1_048_576 / (time.median / 1000)).toFixed(1),
        ratio(time.median / raw),
        peer === undefined ? '' : ratio(time.median / (medians.get(peer) ?? Number.NaN)),
        mb(median(row.peakHeapBytes)),
      ];
    }),
  };
}

function overheadSection(result: OverheadResult, rounds: number): Section {
  const medians = new Map(result.rows.map((row) => [row.target.id, median(row.roundMediansMs)]));
  const raw = medians.get('raw') ?? Number.NaN;
  return {
    title: 'Per-request overhead',
    notes: [
      `${result.requestsPerRound} sequential small JSON completions per target and round (keep-alive loopback, ~500 B reply); a round's value is the median request; the table gives the median of the ${rounds} round values and their range.`,
    ],
    head: [
      'target',
      'median ms',
      'min–max ms',
      'CPU ms per request',
      'added vs raw ms',
      '× raw',
      '× peer',
    ],
    rows: result.rows.map((row) => {
      const time = summarize(row.roundMediansMs);
      const peer = PEERS[row.target.id];
      return [
        row.target.requestLabel,
        ms(time.median),
        range(time),
        ms(median(row.roundCpuMsPerRequest)),
        ms(time.median - raw),
        ratio(time.median / raw),
        peer === undefined ? '' : ratio(time.median / (medians.get(peer) ?? Number.NaN)),
      ];
    }),
  };
}

function ttftSection(result: TtftResult): Section {
  const medians = new Map(result.rows.map((row) => [row.target.id, median(row.roundMediansMs)]));
  const raw = medians.get('raw') ?? Number.NaN;
  return {
    title: 'Time to first token',
    notes: [
      `The server sends the headers at once and holds the first body byte back ${result.delayMs} ms; time from the call to the first text delta, ${result.samplesPerRound} streams per target and round. "Added" is the median minus the raw baseline's: what the layer costs before the first token reaches the caller.`,
    ],
    head: ['target', 'median ms', 'min–max ms', 'added vs raw ms', 'added vs peer ms'],
    rows: result.rows.map((row) => {
      const time = summarize(row.roundMediansMs);
      const peer = PEERS[row.target.id];
      return [
        row.target.streamLabel,
        ms(time.median),
        range(time),
        ms(time.median - raw),
        peer === undefined ? '' : ms(time.median - (medians.get(peer) ?? Number.NaN)),
      ];
    }),
  };
}

function byteReadsSection(result: ByteReadsResult): Section {
  const normal = result.rows.find((row) => !row.oneByte);
  const normalMedian = normal === undefined ? Number.NaN : median(normal.timesMs);
  const rawOneByte = result.rows.find((row) => row.oneByte && row.target.id === 'raw');
  const rawMedian = rawOneByte === undefined ? Number.NaN : median(rawOneByte.timesMs);
  return {
    title: '1-byte reads',
    notes: [
      `The same ${result.chunks}-chunk stream (${kb(result.bytes)} KB) handed to the client one byte per \`read()\` (${result.bytes.toLocaleString('en')} reads: the loopback response re-cut into 1-byte views by a wrapping \`fetch\`, because TCP and undici coalesce a server's 1-byte writes into ~50-byte reads). Linear decoders cost a constant per byte; one that rescans or re-copies its buffer per read grows with the event size.`,
    ],
    head: [
      'target',
      'reads',
      'median ms',
      'min–max ms',
      'µs per byte',
      '× raw 1-byte',
      '× core normal reads',
    ],
    rows: result.rows.map((row) => {
      const time = summarize(row.timesMs);
      return [
        row.target.streamLabel,
        row.oneByte ? '1 byte each' : 'socket reads',
        ms(time.median),
        range(time),
        ((time.median * 1000) / result.bytes).toFixed(2),
        ratio(time.median / rawMedian),
        ratio(time.median / normalMedian),
      ];
    }),
  };
}

function importSection(rows: ImportRow[], runs: number): Section {
  const medians = new Map(rows.map((row) => [row.pkg.name, median(row.importMs)]));
  return {
    title: 'Cold import time',
    notes: [
      `\`await import('<package>')\` (ESM, the built \`dist\`) timed inside a fresh \`node\` process, ${runs} process${runs === 1 ? '' : 'es'} per package, alternating; the whole process (start-up, import, exit) alongside. Importing an adapter includes its peer (\`@langchain/core\`, …).`,
    ],
    head: ['package', 'import median ms', 'min–max ms', 'process median ms', '× peer'],
    rows: rows.map((row) => {
      const time = summarize(row.importMs);
      const peer = row.pkg.peer;
      return [
        row.pkg.name,
        ms(time.median),
        range(time),
        ms(median(row.processMs)),
        peer === undefined ? '' : ratio(time.median / (medians.get(peer) ?? Number.NaN)),
      ];
    }),
  };
}

function bundleSection(rows: BundleRow[]): Section {
  const sizes = new Map(rows.map((row) => [row.pkg.name, row.gzipBytes]));
  return {
    title: 'Bundle size',
    notes: [
      "`export * from '<package>'` bundled by esbuild (ESM, `--minify`, platform node, target node22) with every runtime dependency inlined, then gzip level 9. Peer dependencies are left external and not counted (listed); Node built-ins are external. KB = 1024 bytes.",
    ],
    head: ['package', 'min KB', 'min+gz KB', '× peer', 'external (peers)', 'bundled (min KB)'],
    rows: rows.map((row) => {
      const peer = row.pkg.peer;
      return [
        row.pkg.name,
        kb(row.minBytes),
        kb(row.gzipBytes),
        peer === undefined ? '' : ratio(row.gzipBytes / (sizes.get(peer) ?? Number.NaN)),
        row.external.join(', ') || '—',
        row.inputs.map((input) => `${input.name} ${kb(input.bytes)}`).join(', '),
      ];
    }),
  };
}

function memorySection(result: MemoryResult): Section {
  return {
    title: 'Memory over a long stream',
    notes: [
      `One ${result.chunks.toLocaleString('en')}-chunk stream (${mb(result.bytes)} MB of SSE) per target; the consumer only counts characters. Start: heap in use after a full GC; peak: highest 2-ms sample (garbage included); end: right after the stream; after GC: retained once it is over. "Retained": heap after a full GC at ${result.points} even points of the stream — flat means nothing per chunk is kept (the text itself is ${expectedText(result.chunks).length.toLocaleString('en')} characters, ${mb(expectedText(result.chunks).length * 2)} MB as UTF-16, for clients that keep it).`,
    ],
    head: [
      'target',
      'start MB',
      'peak MB',
      'end MB',
      'after GC MB',
      'retained MB (through the stream)',
      'retained growth MB',
      'growth B per chunk',
    ],
    rows: result.rows.map((row) => {
      const first = row.timeline[0] ?? row.heap.start;
      const last = row.timeline[row.timeline.length - 1] ?? first;
      return [
        row.target.streamLabel,
        mb(row.heap.start),
        mb(row.heap.peak),
        mb(row.heap.end),
        mb(row.afterGC),
        row.timeline.map(mb).join(' '),
        mb(last - first),
        ((last - first) / (result.chunks * (1 - 1 / result.points))).toFixed(0),
      ];
    }),
  };
}

function targetsSection(checks: TargetCheck[]): Section {
  return {
    title: 'Targets',
    notes: [
      'From issue 13 ("flat" memory is made measurable by the bench: the heap core retains may grow by at most twice the text it keeps in `partial`). Time ratios (lower is better) are the median over the rounds of the per-round ratio: a target and the one it is compared with run back to back in every round, so each ratio is taken under the same machine load; the range of the per-round ratios and the plain medians follow. The verdict is on wall-clock time, as measured; the last column gives the same paired ratio of the CPU time the bench process used (user + system), which does not grow while the process waits for a core — when the two disagree, the load on the machine (see the load average above) decided the verdict. A MISS is reported as measured, with its profile below.',
    ],
    head: ['target', 'limit', 'measured', 'result', 'same ratio in CPU time'],
    rows: checks.map((check) => [
      check.name,
      check.limit,
      check.measured,
      check.pass ? 'pass' : 'MISS',
      check.cpu,
    ]),
  };
}

/** The sections of a run, in order. */
export function sections(results: BenchResults): Section[] {
  return [
    targetsSection(results.checks),
    throughputSection(results.throughput),
    overheadSection(results.overhead, results.config.rounds),
    ttftSection(results.ttft),
    byteReadsSection(results.byteReads),
    importSection(results.imports, results.config.importRuns),
    bundleSection(results.bundles),
    memorySection(results.memory),
  ];
}

const escapeCell = (cell: string): string => cell.replaceAll('|', '\\|');

function markdownTable(section: Section): string {
  const lines = [
    `| ${section.head.map(escapeCell).join(' | ')} |`,
    `| ${section.head.map(() => '---').join(' | ')} |`,
    ...section.rows.map((row) => `| ${row.map(escapeCell).join(' | ')} |`),
  ];
  return lines.join('\n');
}

function profileMarkdown(profile: ProfileResult): string {
  const workload =
    profile.workload === 'stream'
      ? `streaming a ${profile.chunks.toLocaleString('en')}-chunk completion ${profile.runs}×`
      : `${profile.runs * 100} small requests`;
  const lines = [
    `#### \`${profile.targetId}\` — ${workload} (${ms(profile.summary.totalMs)} ms sampled)`,
    '',
    '| self time by package | ms | share |',
    '| --- | --- | --- |',
    ...profile.summary.packages.map(
      (entry) =>
        `| ${escapeCell(entry.name)} | ${ms(entry.selfMs)} | ${(entry.share * 100).toFixed(1)} % |`,
    ),
    '',
    '| self time by function | ms | share |',
    '| --- | --- | --- |',
    ...profile.summary.functions.map(
      (entry) =>
        `| ${escapeCell(entry.name)} | ${ms(entry.selfMs)} | ${(entry.share * 100).toFixed(1)} % |`,
    ),
  ];
  return lines.join('\n');
}

/** The whole `BENCHMARKS.md`; `findings` is the hand-written analysis kept in the bench app. */
export function renderMarkdown(results: BenchResults, findings: string): string {
  const { environment: env, config } = results;
  const parts = [
    '# Benchmarks',
    '',
    'Routify JS against what users would pick instead, measured side by side in one run, on loopback, from the same server bytes. Written by `pnpm bench` (apps/bench); `pnpm bench --quick` prints a smaller run without touching this file.',
    '',
    `- Run: ${env.date}, ${results.durationS.toFixed(0)} s, ${config.rounds} rounds (compared targets back to back; the order changes every round), commit ${env.commit} (packages built from the working tree at that time).`,
    `- Machine: ${env.cpu}, ${env.cores} cores, ${env.memoryGB} GB RAM, ${env.os}; load average (1 min) ${env.loadAverage}.`,
    `- Node ${env.node}. Packages: ${env.packages.map((pkg) => `${pkg.name} ${pkg.version}`).join(', ')}.`,
    "- Server: a child process (node:http on 127.0.0.1) serving bytes prepared once at start-up — the same bytes for every target. The bench and the server share the machine's cores; other work on the machine adds noise (see the min–max columns).",
    '',
  ];
  for (const section of sections(results)) {
    parts.push(`## ${section.title}`, '');
    for (const note of section.notes) parts.push(note, '');
    parts.push(markdownTable(section), '');
  }
  parts.push('## Profiles of the misses', '');
  if (results.profiles.length === 0) {
    parts.push(
      'No time target was missed, so no CPU profile was taken (size and memory misses are explained under Findings).',
      '',
    );
  } else {
    parts.push(
      "Each missed target's workload run in a fresh process under `node --cpu-prof` (after one warm-up run, which is not counted), self time by package and by function.",
      '',
    );
    for (const profile of results.profiles) parts.push(profileMarkdown(profile), '');
  }
  parts.push('## Findings', '', findings.trim(), '');
  return parts.join('\n');
}

/** The run as terminal tables (cli-table3). */
export function renderConsole(results: BenchResults): string {
  const out: string[] = [];
  for (const section of sections(results)) {
    out.push(`\n== ${section.title} ==`);
    for (const note of section.notes) out.push(note);
    const table = new Table({ head: section.head, style: { head: [], border: [] } });
    for (const row of section.rows) table.push(row);
    out.push(table.toString());
  }
  for (const profile of results.profiles) {
    out.push(`\n== Profile: ${profile.targetId} (${profile.workload}) ==`);
    const table = new Table({
      head: ['self time', 'ms', 'share'],
      style: { head: [], border: [] },
    });
    for (const entry of [...profile.summary.packages, ...profile.summary.functions.slice(0, 8)]) {
      table.push([entry.name, ms(entry.selfMs), `${(entry.share * 100).toFixed(1)} %`]);
    }
    out.push(table.toString());
  }
  return out.join('\n');
}
