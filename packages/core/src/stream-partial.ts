/**
 * Token usage as carried by a stream's usage chunk (`stream_options.include_usage`). Structurally
 * the `Usage` type of `api-types.ts`; kept loose here so the partial never drops provider extras.
 */
export interface ChatCompletionPartialUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  [key: string]: unknown;
}

/** One tool call as assembled so far from its streamed fragments (merged by `index`). */
export interface ChatCompletionPartialToolCall {
  /** The `index` the stream gave this call; fragments with the same index are merged. */
  index: number;
  /** The call id, from the first fragment that carried one. */
  id?: string;
  type: 'function';
  function: {
    /** The function name, from the first fragment that carried one. */
    name: string;
    /** The JSON arguments text, every fragment's `arguments` concatenated in arrival order. */
    arguments: string;
  };
}

/**
 * What a chat-completion stream has delivered so far, assembled from its chunks (first choice).
 * Carried by every stream error as `partial`, and readable at any time from the stream object.
 */
export interface ChatCompletionPartial {
  id?: string;
  model?: string;
  /** Unix time in seconds, from the first chunk that carried it. */
  created?: number;
  /** Every `delta.content` concatenated. */
  content: string;
  /** Every `delta.reasoning_content` / `delta.reasoning` concatenated. */
  reasoning: string;
  /** Every `delta.refusal` concatenated; absent when none arrived. */
  refusal?: string;
  /** Tool calls by ascending `index`. */
  tool_calls: ChatCompletionPartialToolCall[];
  /** The last `finish_reason` seen (absent until one arrives). */
  finish_reason?: string | null;
  /** The last usage seen. */
  usage?: ChatCompletionPartialUsage;
}
