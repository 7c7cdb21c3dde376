import { type BenchConfig, MODELS, TTFT_CHUNKS } from './bench-config';
import { assertText } from './consume';
import { expectedText } from './fixtures';
import { pairedOrder } from './paired-order';
import { median } from './stats';
import type { Target } from './targets/target';

/** Per target: the median time to first token (ms) of each round. */
export interface TtftRow {
  target: Target;
  roundMediansMs: number[];
}

/** The time-to-first-token measure's result. */
export interface TtftResult {
  /** How long the server waits after the headers before the first body byte, in ms. */
  delayMs: number;
  samplesPerRound: number;
  rows: TtftRow[];
}

/**
 * Streams a short completion whose first byte the server holds back `ttftDelayMs` through each
 * target; the time from the call to the first text delta is recorded (the stream is read to its
 * end and its text checked). What a layer adds is its median minus the raw baseline's.
 */
export async function measureTtft(
  targets: readonly Target[],
  config: BenchConfig,
): Promise<TtftResult> {
  const expected = expectedText(TTFT_CHUNKS);
  const rows = targets.map((target) => ({ target, roundMediansMs: [] as number[] }));
  for (let round = 0; round < config.rounds; round++) {
    for (const row of pairedOrder(rows, round)) {
      const samples: number[] = [];
      for (let i = 0; i < config.ttftSamplesPerRound; i++) {
        const parts: string[] = [];
        let first: number | undefined;
        const started = performance.now();
        await row.target.stream(MODELS.ttft, (text) => {
          first ??= performance.now() - started;
          parts.push(text);
        });
        assertText(row.target.id, parts.join(''), expected);
        if (first === undefined) throw new Error(`${row.target.id}: no text delta arrived.`);
        samples.push(first);
      }
      row.roundMediansMs.push(median(samples));
    }
  }
  return { delayMs: config.ttftDelayMs, samplesPerRound: config.ttftSamplesPerRound, rows };
}
