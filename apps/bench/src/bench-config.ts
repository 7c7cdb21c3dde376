import type { FixturePlan } from './fixtures';

/** Sizes and repetitions of one bench run. */
export interface BenchConfig {
  /** `--quick`: small sizes, three rounds, stdout only. */
  quick: boolean;
  /** Rounds of the alternating measures (throughput, overhead, first token, 1-byte reads). */
  rounds: number;
  /** Content chunks of the throughput stream. */
  throughputChunks: number;
  /** Sequential small JSON requests per target and round. */
  requestsPerRound: number;
  /** Streams per target and round in the first-token measure. */
  ttftSamplesPerRound: number;
  /** Milliseconds the server waits before the first body byte in the first-token measure. */
  ttftDelayMs: number;
  /** Content chunks of the stream read one byte per read. */
  byteChunks: number;
  /** Content chunks of the memory stream. */
  memoryChunks: number;
  /** Points of the memory stream at which the retained heap is measured (a full GC each). */
  memoryPoints: number;
  /** Fresh processes per package in the cold-import measure. */
  importRuns: number;
}

/** Model ids the bench asks the fixture server for. */
export const MODELS = {
  warmup: 'bench-warmup',
  throughput: 'bench-throughput',
  small: 'bench-small',
  ttft: 'bench-ttft',
  bytes: 'bench-bytes',
  memory: 'bench-memory',
} as const;

/** Content chunks of the warm-up and first-token streams. */
export const WARMUP_CHUNKS = 500;
export const TTFT_CHUNKS = 50;

/** The configuration of `pnpm bench` (full) or `pnpm bench --quick`. */
export function benchConfig(quick: boolean, rounds?: number): BenchConfig {
  if (quick) {
    return {
      quick,
      rounds: rounds ?? 3,
      throughputChunks: 3_000,
      requestsPerRound: 20,
      ttftSamplesPerRound: 2,
      ttftDelayMs: 50,
      byteChunks: 60,
      memoryChunks: 10_000,
      memoryPoints: 4,
      importRuns: 1,
    };
  }
  return {
    quick,
    rounds: rounds ?? 7,
    throughputChunks: 20_000,
    requestsPerRound: 100,
    ttftSamplesPerRound: 5,
    ttftDelayMs: 50,
    byteChunks: 500,
    memoryChunks: 100_000,
    memoryPoints: 10,
    importRuns: 5,
  };
}

/** What the fixture server prepares for `config`. */
export function fixturePlan(config: BenchConfig): FixturePlan {
  return {
    streams: {
      [MODELS.warmup]: { chunks: WARMUP_CHUNKS, firstByteDelayMs: 0 },
      [MODELS.throughput]: { chunks: config.throughputChunks, firstByteDelayMs: 0 },
      [MODELS.ttft]: { chunks: TTFT_CHUNKS, firstByteDelayMs: config.ttftDelayMs },
      [MODELS.bytes]: { chunks: config.byteChunks, firstByteDelayMs: 0 },
      [MODELS.memory]: { chunks: config.memoryChunks, firstByteDelayMs: 0 },
    },
  };
}
