import { type BenchConfig, MODELS } from './bench-config';
import { assertText } from './consume';
import { expectedText, streamBody } from './fixtures';
import { fullGC } from './gc';
import { HeapSampler } from './heap-sampler';
import { pairedOrder } from './paired-order';
import type { Target } from './targets/target';

/** Per target: the time (ms) and peak heap growth (bytes) of each round. */
export interface ThroughputRow {
  target: Target;
  timesMs: number[];
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
 * last text delta, with the heap sampled throughout. Every run's text is checked.
 */
export async function measureThroughput(
  targets: readonly Target[],
  config: BenchConfig,
): Promise<ThroughputResult> {
  const expected = expectedText(config.throughputChunks);
  const rows = targets.map((target) => ({
    target,
    timesMs: [] as number[],
    peakHeapBytes: [] as number[],
  }));
  for (let round = 0; round < config.rounds; round++) {
    for (const row of pairedOrder(rows, round)) {
      const parts: string[] = [];
      fullGC();
      const sampler = new HeapSampler();
      const started = performance.now();
      await row.target.stream(MODELS.throughput, (text) => {
        parts.push(text);
      });
      const elapsed = performance.now() - started;
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
