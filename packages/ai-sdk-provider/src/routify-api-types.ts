/**
 * The parts of the Routify chat-completions wire format (snake_case, OpenAI-compatible; see
 * `routify-api.md`) that this provider builds and reads. Deliberately loose: every field an
 * upstream may omit is optional, and unknown fields are kept, so nothing the router adds is lost.
 * Structurally compatible with `@routify/core`'s request and response types.
 */

/** A content part of a wire user message (or of a tool message's text). */
export type RoutifyContentPart =
  | { type: 'text'; text: string; [key: string]: unknown }
  | { type: 'image_url'; image_url: { url: string; detail?: string }; [key: string]: unknown }
  | {
      type: 'input_audio';
      input_audio: { data: string; format: 'wav' | 'mp3' };
      [key: string]: unknown;
    }
  | {
      type: 'file';
      file: { filename?: string; file_data?: string; file_id?: string };
      [key: string]: unknown;
    };

/** A tool call as sent back on an assistant message (`arguments` is JSON text). */
export interface RoutifyMessageToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
  [key: string]: unknown;
}

/** A wire message of the request's `messages` array. */
export type RoutifyMessage =
  | { role: 'system' | 'developer'; content: string; [key: string]: unknown }
  | { role: 'user'; content: string | RoutifyContentPart[]; [key: string]: unknown }
  | {
      role: 'assistant';
      content: string | null;
      reasoning_content?: string;
      tool_calls?: RoutifyMessageToolCall[];
      [key: string]: unknown;
    }
  | {
      role: 'tool';
      tool_call_id: string;
      content: string | RoutifyContentPart[];
      [key: string]: unknown;
    };

/** A function tool in the request's `tools` array. */
export interface RoutifyFunctionTool {
  type: 'function';
  function: { name: string; description?: string; parameters: unknown; strict?: boolean };
}

/** The request's `tool_choice`. */
export type RoutifyToolChoice =
  | 'auto'
  | 'none'
  | 'required'
  | { type: 'function'; function: { name: string } };

/** Token usage of a completion (`prompt_tokens` includes cached reads and cache writes). */
export interface RoutifyUsage {
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
  total_tokens?: number | null;
  prompt_tokens_details?: {
    cached_tokens?: number | null;
    cache_write_tokens?: number | null;
    [key: string]: unknown;
  } | null;
  completion_tokens_details?: {
    reasoning_tokens?: number | null;
    accepted_prediction_tokens?: number | null;
    rejected_prediction_tokens?: number | null;
    [key: string]: unknown;
  } | null;
  [key: string]: unknown;
}

/** A tool call in a non-streaming response message. */
export interface RoutifyResponseToolCall {
  id?: string | null;
  type?: string | null;
  function?: {
    name?: string | null;
    /** JSON text; some upstreams send the parsed object (see `toolArgumentsText`). */
    arguments?: unknown;
  } | null;
  [key: string]: unknown;
}

/** A non-streaming chat completion (`object: "chat.completion"`). */
export interface RoutifyChatCompletion {
  id?: string | null;
  created?: number | null;
  model?: string | null;
  choices: Array<{
    index?: number;
    finish_reason?: string | null;
    message: {
      role?: string;
      /** A string; some upstreams send an array of content parts (see `convertRoutifyContent`). */
      content?: string | unknown[] | null;
      refusal?: string | null;
      reasoning_content?: string | null;
      reasoning?: string | null;
      tool_calls?: RoutifyResponseToolCall[] | null;
      [key: string]: unknown;
    };
    [key: string]: unknown;
  }>;
  usage?: RoutifyUsage | null;
  [key: string]: unknown;
}

/** A tool-call fragment in a stream delta (merged by `index`). */
export interface RoutifyToolCallDelta {
  index?: number | null;
  id?: string | null;
  type?: string | null;
  function?: {
    name?: string | null;
    /** JSON text; some upstreams send the parsed object (see `toolArgumentsText`). */
    arguments?: unknown;
  } | null;
  [key: string]: unknown;
}

/** A streamed chunk (`object: "chat.completion.chunk"`). */
export interface RoutifyChatCompletionChunk {
  id?: string | null;
  created?: number | null;
  model?: string | null;
  choices?: Array<{
    index?: number;
    finish_reason?: string | null;
    delta?: {
      role?: string | null;
      content?: string | unknown[] | null;
      refusal?: string | null;
      reasoning_content?: string | null;
      reasoning?: string | null;
      tool_calls?: RoutifyToolCallDelta[] | null;
      [key: string]: unknown;
    } | null;
    [key: string]: unknown;
  }> | null;
  usage?: RoutifyUsage | null;
  [key: string]: unknown;
}
