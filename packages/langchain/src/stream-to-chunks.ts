import type { AIMessageChunk } from '@langchain/core/messages';
import { ChunkConverter } from './convert-chunk';
import type { WireChunk } from './wire-types';

/**
 * Converts a Routify stream into `AIMessageChunk`s with a {@link ChunkConverter}: one message
 * chunk per wire chunk that carries something, then one chunk with `usage_metadata` when the
 * stream reported usage. Stopping the iteration early stops (and cancels) the source.
 */
export async function* streamToChunks(
  source: AsyncIterable<WireChunk>,
): AsyncGenerator<AIMessageChunk> {
  const converter = new ChunkConverter();
  for await (const wireChunk of source) {
    const message = converter.convert(wireChunk);
    if (message !== undefined) yield message;
  }
  const last = converter.finish();
  if (last !== undefined) yield last;
}
