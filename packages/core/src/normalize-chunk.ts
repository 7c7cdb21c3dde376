import type { ChatCompletionChunk } from './api-types';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Makes a parsed `chat.completion.chunk` match its type before it reaches the caller, so code
 * written against {@link ChatCompletionChunk} cannot crash on what routers really send
 * (sse-and-transport.md §2.5 rows 28–29): a missing or `null` `choices` becomes `[]`, a choice
 * without `delta` (or with `delta: null`) gets `delta: {}`, and a choice without a numeric
 * `index` gets its position. Anything else — unknown fields included — is kept as sent; a chunk
 * that needs no change is returned as is (no copy).
 */
export function normalizeChunk(chunk: Record<string, unknown>): ChatCompletionChunk {
  const { choices } = chunk;
  if (!Array.isArray(choices)) return { ...chunk, choices: [] } as unknown as ChatCompletionChunk;
  let fixed: unknown[] | undefined;
  for (let position = 0; position < choices.length; position++) {
    const choice: unknown = choices[position];
    if (!isRecord(choice)) continue;
    const badDelta = !isRecord(choice.delta);
    const badIndex = typeof choice.index !== 'number';
    if (!badDelta && !badIndex) continue;
    fixed ??= [...choices];
    fixed[position] = {
      ...choice,
      index: badIndex ? position : choice.index,
      delta: badDelta ? {} : choice.delta,
    };
  }
  return (fixed === undefined ? chunk : { ...chunk, choices: fixed }) as ChatCompletionChunk;
}
