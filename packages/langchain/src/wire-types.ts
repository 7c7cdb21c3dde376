/**
 * The parts of the Routify wire format (OpenAI Chat Completions shape, snake_case) that the
 * converters read. Structural and loose on purpose: upstream providers add fields, and every
 * field here is read only when present (see `routify-api.md`).
 */

/** Token usage (`usage`) of a completion or of a stream's usage chunk. */
export interface WireUsage {
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
  total_tokens?: number | null;
  prompt_tokens_details?: {
    cached_tokens?: number | null;
    cache_write_tokens?: number | null;
    audio_tokens?: number | null;
  } | null;
  completion_tokens_details?: {
    reasoning_tokens?: number | null;
    audio_tokens?: number | null;
  } | null;
}

/** One tool call of an assistant message. */
export interface WireToolCall {
  id?: string;
  type?: string;
  function?: { name?: string; arguments?: string };
}

/** One tool-call fragment of a streamed delta. */
export interface WireToolCallDelta extends WireToolCall {
  index?: number;
}

/** The assistant message of a non-streaming completion. */
export interface WireAssistantMessage {
  role?: string;
  content?: string | null | Array<{ type?: string; text?: string; refusal?: string }>;
  refusal?: string | null;
  reasoning_content?: string | null;
  reasoning?: string | null;
  tool_calls?: WireToolCall[] | null;
}

/** A non-streaming completion (`object: "chat.completion"`). */
export interface WireCompletion {
  id?: string;
  model?: string;
  created?: number;
  system_fingerprint?: string | null;
  choices?: Array<{
    index?: number;
    finish_reason?: string | null;
    message?: WireAssistantMessage;
  }>;
  usage?: WireUsage | null;
}

/** The `delta` of a stream chunk's choice. */
export interface WireDelta {
  role?: string;
  content?: string | null;
  refusal?: string | null;
  reasoning_content?: string | null;
  reasoning?: string | null;
  tool_calls?: WireToolCallDelta[] | null;
}

/** A stream chunk (`object: "chat.completion.chunk"`). */
export interface WireChunk {
  id?: string;
  model?: string;
  created?: number;
  system_fingerprint?: string | null;
  choices?: Array<{
    index?: number;
    finish_reason?: string | null;
    delta?: WireDelta;
  }>;
  usage?: WireUsage | null;
}
