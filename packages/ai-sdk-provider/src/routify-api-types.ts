import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionChunkToolCall,
  ChatCompletionMessageToolCall,
  Usage,
} from '@routify/core';

/**
 * The Routify response types this provider reads, derived from `@routify/core`'s (the one source
 * of truth, see `routify-api.md`). Deliberately loose: any field an upstream may omit or send as
 * `null` is optional and nullable, and unknown fields are kept, so nothing the router adds is lost.
 * (Requests are built with core's types directly.)
 */

/** Core's type with every field optional and nullable, recursively (upstreams omit or null them). */
type Loose<T> = unknown extends T
  ? T
  : T extends string | number | boolean | bigint | symbol | null | undefined
    ? T
    : T extends readonly (infer U)[]
      ? Loose<U>[]
      : { [K in keyof T]?: Loose<T[K]> | null };

/** `T` with the fields of `R` replaced (unlike `Omit`, keeps `T`'s named fields next to an index signature). */
type With<T, R> = { [K in keyof T]: K extends keyof R ? R[K] : T[K] };

/** A tool call's `function`: `arguments` is JSON text; some upstreams send the parsed object (see `toolArgumentsText`). */
type LooseFunction = { name?: string | null; arguments?: unknown };

/** Message (or delta) content: a string; some upstreams send content parts (see `convertRoutifyContent`). */
type LooseContent = string | unknown[] | null;

/** Token usage of a completion (`prompt_tokens` includes cached reads and cache writes). */
export type RoutifyUsage = Loose<Usage>;

/** A tool call in a non-streaming response message. */
export type RoutifyResponseToolCall = With<
  Loose<ChatCompletionMessageToolCall>,
  { function?: LooseFunction | null }
>;

/** A tool-call fragment in a stream delta (merged by `index`). */
export type RoutifyToolCallDelta = With<
  Loose<ChatCompletionChunkToolCall>,
  { function?: LooseFunction | null }
>;

type LooseChoice = Loose<ChatCompletion['choices'][number]>;
type LooseChunkChoice = Loose<ChatCompletionChunk['choices'][number]>;

/** The message of a non-streaming choice. */
type RoutifyResponseMessage = With<
  NonNullable<LooseChoice['message']>,
  { content?: LooseContent; tool_calls?: RoutifyResponseToolCall[] | null }
>;

/** The delta of a streamed choice. */
type RoutifyDelta = With<
  NonNullable<LooseChunkChoice['delta']>,
  { content?: LooseContent; tool_calls?: RoutifyToolCallDelta[] | null }
>;

/** A non-streaming chat completion (`object: "chat.completion"`). */
export type RoutifyChatCompletion = With<
  Loose<ChatCompletion>,
  { choices?: Array<With<LooseChoice, { message?: RoutifyResponseMessage | null }>> | null }
>;

/** A streamed chunk (`object: "chat.completion.chunk"`). */
export type RoutifyChatCompletionChunk = With<
  Loose<ChatCompletionChunk>,
  { choices?: Array<With<LooseChunkChoice, { delta?: RoutifyDelta | null }>> | null }
>;
