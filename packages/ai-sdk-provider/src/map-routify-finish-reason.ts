import type { LanguageModelV4FinishReason } from '@ai-sdk/provider';

/**
 * Maps a Routify (OpenAI-compatible) `finish_reason` to the AI SDK's unified finish reason
 * (`LanguageModelV4FinishReason['unified']`, `@ai-sdk/provider` 4.0.38).
 *
 * - `stop` → `stop` (`content-filter` when the message carried a refusal, `tool-calls` when it
 *   made client tool calls, as Gemini's OpenAI-compatible API ends tool-call turns with `stop`),
 *   `length` → `length`, `content_filter` → `content-filter`, `tool_calls` / `function_call` →
 *   `tool-calls`, `error` (what routers send for a failed upstream) and
 *   `insufficient_system_resource` (DeepSeek's, for an answer cut by server load) → `error`.
 * - A missing or unknown reason gives `tool-calls` when the response produced client tool calls
 *   (some upstreams omit it or send their own names; agents branch on `tool-calls`), else `other`.
 */
export function mapRoutifyFinishReason(
  finishReason: string | null | undefined,
  {
    hasToolCalls = false,
    hasRefusal = false,
  }: { hasToolCalls?: boolean; hasRefusal?: boolean } = {},
): LanguageModelV4FinishReason['unified'] {
  switch (finishReason) {
    case 'stop':
      // some upstreams (Gemini's OpenAI-compatible API) end a tool-call turn with `stop`
      return hasRefusal ? 'content-filter' : hasToolCalls ? 'tool-calls' : 'stop';
    case 'length':
      return 'length';
    case 'content_filter':
      return 'content-filter';
    case 'tool_calls':
    case 'function_call':
      return 'tool-calls';
    case 'error':
    case 'insufficient_system_resource':
      return 'error';
    default:
      return hasToolCalls ? 'tool-calls' : 'other';
  }
}
