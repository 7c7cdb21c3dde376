import { type BenchConfig, MODELS } from './bench-config';
import { assertText } from './consume';
import { cpuTimeMs } from './cpu-time';
import { expectedText, streamBody } from './fixtures';
import { fullGC } from './gc';
import { HeapSampler } from './heap-sampler';
import { pairedOrder } from './paired-order';
import type { Target } from './targets/target';

/** Per target: the time (ms) and peak heap growth (bytes) of each round. */
export interface ThroughputRow {
  target: Target;
  timesMs: number[];
  /** CPU time of the bench process (ms) in each round (see `cpuTimeMs`). */
  cpuMs: number[];
  peakHeapBytes: number[];
}

/** The streaming-throughput measure's result. */
export interface ThroughputResult {
  chunks: number;
  /** Size of the SSE body, in bytes. */
  bytes: number;
  rows: ThroughputRow[];
}

/**
 * Streams the prepared `throughputChunks`-chunk completion through every target, round by
 * round, compared targets back to back (`pairedOrder`); each run starts after a full GC and is timed from the call to the
 * last text delta (wall clock, and the CPU time the bench process used), with the heap sampled
 * throughout. Every run's text is checked.
 */
export async function measureThroughput(
  targets: readonly Target[],
  config: BenchConfig,
): Promise<ThroughputResult> {
  const expected = expectedText(config.throughputChunks);
  const rows = targets.map((target) => ({
    target,
    timesMs: [] as number[],
    cpuMs: [] as number[],
    peakHeapBytes: [] as number[],
  }));
  for (let round = 0; round < config.rounds; round++) {
    for (const row of pairedOrder(rows, round)) {
      const parts: string[] = [];
      fullGC();
      const sampler = new HeapSampler();
      const cpuStarted = cpuTimeMs();
      const started = performance.now();
      await row.target.stream(MODELS.throughput, (text) => {
        parts.push(text);
      });
      const elapsed = performance.now() - started;
      row.cpuMs.push(cpuTimeMs() - cpuStarted);
      const heap = sampler.stop();
      assertText(row.target.id, parts.join(''), expected);
      row.timesMs.push(elapsed);
      row.peakHeapBytes.push(heap.peak - heap.start);
    }
  }
  return {
    chunks: config.throughputChunks,
    bytes: streamBody(config.throughputChunks).length,
    rows,
  };
}
