import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionChunkDelta,
  ChatCompletionChunkToolCall,
  ChatCompletionContentPartRefusal,
  ChatCompletionContentPartText,
  ChatCompletionMessage,
  ChatCompletionMessageToolCall,
  Usage,
} from '@routify/core';

/**
 * The Routify wire types the converters read, derived from `@routify/core`'s (the one source of
 * truth, see `routify-api.md`). Loose on purpose: upstream providers omit fields, so every field
 * is read only when present.
 */

/**
 * Core's type with every field optional, recursively (upstreams may omit any of them); `N` is
 * added to every field's type (`null` where upstreams send it for a missing value).
 */
type Loose<T, N = never> = unknown extends T
  ? T
  : T extends string | number | boolean | bigint | symbol | null | undefined
    ? T
    : T extends readonly (infer U)[]
      ? Loose<U, N>[]
      : { [K in keyof T]?: Loose<T[K], N> | N };

/** `T` with the fields of `R` replaced (unlike `Omit`, keeps `T`'s named fields next to an index signature). */
type With<T, R> = { [K in keyof T]: K extends keyof R ? R[K] : T[K] };

/** Token usage (`usage`) of a completion or of a stream's usage chunk; any count may be `null`. */
export type WireUsage = Loose<Usage, null>;

/** One tool call of an assistant message. */
export type WireToolCall = Loose<ChatCompletionMessageToolCall>;

/** One tool-call fragment of a streamed delta. */
export type WireToolCallDelta = Loose<ChatCompletionChunkToolCall>;

/** A content part of a response message, text or refusal, read field by field. */
type WireContentPart = Loose<
  Pick<ChatCompletionContentPartText | ChatCompletionContentPartRefusal, 'type'> &
    Omit<ChatCompletionContentPartText, 'type'> &
    Omit<ChatCompletionContentPartRefusal, 'type'>
>;

/**
 * The assistant message of a non-streaming completion. `content` may also come as content parts
 * (some upstreams send them), so it is read as either; `tool_calls` may be `null`.
 */
export type WireAssistantMessage = With<
  Loose<ChatCompletionMessage>,
  {
    content?: string | null | WireContentPart[];
    tool_calls?: WireToolCall[] | null;
  }
>;

/** A non-streaming completion (`object: "chat.completion"`). */
export type WireCompletion = With<
  Loose<ChatCompletion>,
  {
    choices?: Array<
      With<Loose<ChatCompletion['choices'][number]>, { message?: WireAssistantMessage }>
    >;
  }
>;

/** The `delta` of a stream chunk's choice (`tool_calls` may be `null`). */
export type WireDelta = With<
  Loose<ChatCompletionChunkDelta>,
  { tool_calls?: WireToolCallDelta[] | null }
>;

/** A stream chunk (`object: "chat.completion.chunk"`). */
export type WireChunk = With<
  Loose<ChatCompletionChunk>,
  { choices?: Array<With<Loose<ChatCompletionChunk['choices'][number]>, { delta?: WireDelta }>> }
>;
