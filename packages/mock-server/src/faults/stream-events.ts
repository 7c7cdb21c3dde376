/** The end-of-stream marker of the chat-completions SSE dialect. */
export const DONE = '[DONE]';

export type JsonObject = Record<string, unknown>;

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const nonEmpty = (value: unknown): boolean =>
  (typeof value === 'string' && value.length > 0) || (Array.isArray(value) && value.length > 0);

/**
 * A content chunk carries generated output in `choices[].delta`: non-empty `content`,
 * `reasoning_content`, `reasoning`, `refusal` or `tool_calls`. Role-only, finish-only and usage
 * chunks are not content chunks. `after=N` counts content chunks.
 */
export function isContentChunk(event: unknown): boolean {
  if (!isObject(event) || !Array.isArray(event.choices)) return false;
  return event.choices.some((choice) => {
    if (!isObject(choice) || !isObject(choice.delta)) return false;
    const delta = choice.delta;
    return (
      nonEmpty(delta.content) ||
      nonEmpty(delta.reasoning_content) ||
      nonEmpty(delta.reasoning) ||
      nonEmpty(delta.refusal) ||
      nonEmpty(delta.tool_calls)
    );
  });
}

function withoutFinishReason(event: unknown): unknown {
  if (!isObject(event) || !Array.isArray(event.choices)) return event;
  return {
    ...event,
    choices: event.choices.map((choice) =>
      isObject(choice) && choice.finish_reason != null
        ? { ...choice, finish_reason: null }
        : choice,
    ),
  };
}

/** Index of the first event after the `after`-th content chunk (see `eventsBeforeCut`). */
export function cutIndex(events: readonly unknown[], after: number): number {
  const contentIndexes = events.flatMap((event, index) => (isContentChunk(event) ? [index] : []));
  if (contentIndexes.length === 0 || after === 0) return contentIndexes[0] ?? events.length;
  return (contentIndexes[Math.min(after, contentIndexes.length) - 1] as number) + 1;
}

/**
 * `odd-chunks`: chunks a strict schema rejects but the API allows (routify-api.md: read what is
 * there, never require it): unknown fields on every chunk (`provider`) and choice
 * (`native_finish_reason`), and, after the role chunk, a chunk whose choice has no `delta`.
 */
export function withOddChunks(events: readonly unknown[]): unknown[] {
  const odd = events.map((event) =>
    isObject(event) && Array.isArray(event.choices)
      ? {
          ...event,
          choices: event.choices.map((choice) =>
            isObject(choice)
              ? { ...choice, native_finish_reason: choice.finish_reason ?? null }
              : choice,
          ),
          provider: 'mock-provider',
        }
      : event,
  );
  const first = odd[0];
  if (isObject(first)) {
    odd.splice(1, 0, {
      ...chunkFrame(odd),
      choices: [{ index: 0, finish_reason: null }],
      provider: 'mock-provider',
    });
  }
  return odd;
}

/**
 * The events sent before a cut after `after` content chunks: everything up to and including the
 * `after`-th content chunk (with `after` = 0, only what precedes the first content chunk, i.e. the
 * role chunk; with more than there are, up to the last one). A cut stream never says it finished:
 * `finish_reason` is nulled in what is sent, and the usage chunk and `[DONE]` are not sent.
 */
export function eventsBeforeCut(events: readonly unknown[], after: number): unknown[] {
  return events
    .slice(0, cutIndex(events, after))
    .filter(
      (event) =>
        event !== DONE &&
        !(
          isObject(event) &&
          event.usage != null &&
          Array.isArray(event.choices) &&
          event.choices.length === 0
        ),
    )
    .map(withoutFinishReason);
}

/** The `id`, `object`, `created` and `model` of a stream's chunks, for chunks the faults add. */
export function chunkFrame(events: readonly unknown[]): JsonObject {
  const first = events.find(isObject) ?? {};
  return {
    id: first.id,
    object: 'chat.completion.chunk',
    created: first.created,
    model: first.model,
  };
}
