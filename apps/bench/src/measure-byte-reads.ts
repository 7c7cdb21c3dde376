import { type BenchConfig, MODELS } from './bench-config';
import { assertText } from './consume';
import { expectedText, streamBody } from './fixtures';
import { fullGC } from './gc';
import { oneBytePerReadFetch, type ReadCounter } from './one-byte-fetch';
import { roundOrder } from './stats';
import { createCoreTarget } from './targets/core-target';
import { createOpenAITarget } from './targets/openai-target';
import { createRawTarget } from './targets/raw-target';
import type { Target, TargetContext } from './targets/target';

/** One row: a client reading the stream either in 1-byte reads or in the socket's reads. */
export interface ByteReadsRow {
  target: Target;
  oneByte: boolean;
  timesMs: number[];
}

/** The 1-byte-reads measure's result. */
export interface ByteReadsResult {
  chunks: number;
  bytes: number;
  /** Reads per 1-byte run (checked equal to `bytes`). */
  readsPerRun: number;
  rows: ByteReadsRow[];
}

/**
 * The same prepared stream (`byteChunks` chunks) read one byte per `read()` by the raw baseline,
 * `@routify/core` and the `openai` SDK, and by core with the socket's own reads for reference.
 * Checks the text of every run and that each 1-byte run made exactly one read per byte.
 */
export async function measureByteReads(
  context: TargetContext,
  config: BenchConfig,
): Promise<ByteReadsResult> {
  const bytes = streamBody(config.byteChunks).length;
  const expected = expectedText(config.byteChunks);
  const counter: ReadCounter = { reads: 0 };
  const oneByte = { ...context, fetch: oneBytePerReadFetch(counter) };
  const rows: ByteReadsRow[] = [
    { target: createRawTarget(oneByte), oneByte: true, timesMs: [] },
    { target: createCoreTarget(oneByte), oneByte: true, timesMs: [] },
    { target: createOpenAITarget(oneByte), oneByte: true, timesMs: [] },
    { target: createCoreTarget(context), oneByte: false, timesMs: [] },
  ];
  for (let round = 0; round < config.rounds; round++) {
    for (const row of roundOrder(rows, round)) {
      const parts: string[] = [];
      counter.reads = 0;
      fullGC();
      const started = performance.now();
      await row.target.stream(MODELS.bytes, (text) => {
        parts.push(text);
      });
      row.timesMs.push(performance.now() - started);
      assertText(row.target.id, parts.join(''), expected);
      // Clients stop at `[DONE]`, before the final blank line: allow those last bytes unread.
      if (row.oneByte && (counter.reads > bytes || counter.reads < bytes - 2)) {
        throw new Error(`${row.target.id}: ${counter.reads} 1-byte reads for ${bytes} bytes.`);
      }
    }
  }
  return { chunks: config.byteChunks, bytes, readsPerRun: bytes, rows };
}
