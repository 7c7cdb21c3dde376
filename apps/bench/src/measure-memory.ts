import { type BenchConfig, MODELS } from './bench-config';
import { expectedText, streamBody } from './fixtures';
import { fullGC } from './gc';
import { HeapSampler, type HeapUse, heapUsed } from './heap-sampler';
import type { Target } from './targets/target';

/** Heap use of one target over the long stream, in bytes. */
export interface MemoryRow {
  target: Target;
  heap: HeapUse;
  /** After the run and a full GC. */
  afterGC: number;
  /** Heap retained (bytes, after a full GC) at `memoryPoints` even points of the stream. */
  timeline: number[];
}

/** The memory measure's result. */
export interface MemoryResult {
  chunks: number;
  /** How many retained-heap points each row has. */
  points: number;
  bytes: number;
  rows: MemoryRow[];
}

/**
 * Streams the `memoryChunks`-chunk completion through each target once, keeping only a running
 * count of the text (so what grows is the client's), sampling the heap every 2 ms (peak, garbage
 * included) and, after a full GC, at `memoryPoints` even points of the stream (what is retained:
 * flat when the client keeps nothing per chunk). Checks the text length.
 */
export async function measureMemory(
  targets: readonly Target[],
  config: BenchConfig,
): Promise<MemoryResult> {
  const expectedLength = expectedText(config.memoryChunks).length;
  const rows: MemoryRow[] = [];
  for (const target of targets) {
    let received = 0;
    let deltas = 0;
    const timeline: number[] = [];
    const step = Math.max(1, Math.floor(config.memoryChunks / config.memoryPoints));
    fullGC();
    const sampler = new HeapSampler();
    await target.stream(MODELS.memory, (text) => {
      received += text.length;
      deltas++;
      if (deltas % step === 0) {
        sampler.sample();
        fullGC();
        timeline.push(heapUsed());
      }
    });
    const heap = sampler.stop();
    fullGC();
    const afterGC = heapUsed();
    if (received !== expectedLength) {
      throw new Error(`${target.id}: received ${received} characters, expected ${expectedLength}.`);
    }
    rows.push({ target, heap, afterGC, timeline });
  }
  return {
    chunks: config.memoryChunks,
    points: config.memoryPoints,
    bytes: streamBody(config.memoryChunks).length,
    rows,
  };
}
