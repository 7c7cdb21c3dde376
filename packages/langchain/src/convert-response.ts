import { AIMessage } from '@langchain/core/messages';
import type { InvalidToolCall, ToolCall } from '@langchain/core/messages/tool';
import type { ChatGeneration } from '@langchain/core/outputs';
import { convertUsage } from './convert-usage';
import { parseToolCall } from './parse-tool-call';
import { ROUTIFY_MODEL_PROVIDER } from './routify-block-translator';
import type { WireAssistantMessage, WireCompletion } from './wire-types';

/**
 * Converts a non-streaming completion into a LangChain generation whose message is an `AIMessage`:
 *
 * - `content`: the text (string); a content-part array is joined from its `text` parts;
 * - `additional_kwargs.reasoning_content`: `message.reasoning_content ?? message.reasoning`
 *   (also listed as a `reasoning` block by `message.contentBlocks`);
 * - `additional_kwargs.refusal`: `message.refusal` (a `refusal` block in `contentBlocks`);
 * - `tool_calls` (ids, parsed object args, `type: 'tool_call'`; no-argument calls get `args: {}`;
 *   a call without id gets `call_<completion id>_<position>`)
 *   and `invalid_tool_calls` (raw arguments text and the reason);
 * - `usage_metadata`: see `convertUsage`;
 * - `response_metadata`: `model_provider: 'routify'`, `model_name` and `model` (the model the API
 *   reports), `finish_reason`, `id`, `system_fingerprint` when sent;
 * - `id`: the completion id.
 *
 * Only the first choice is read (ChatRoutify never asks for `n > 1`).
 */
export function convertCompletionToGeneration(completion: WireCompletion): ChatGeneration {
  const choice = completion.choices?.[0];
  const wireMessage: WireAssistantMessage = choice?.message ?? {};
  const content = contentText(wireMessage.content);
  const additionalKwargs: Record<string, unknown> = {};
  const reasoning = wireMessage.reasoning_content ?? wireMessage.reasoning;
  if (typeof reasoning === 'string' && reasoning !== '') {
    additionalKwargs.reasoning_content = reasoning;
  }
  const refusal = wireMessage.refusal ?? contentRefusal(wireMessage.content);
  if (typeof refusal === 'string' && refusal !== '') additionalKwargs.refusal = refusal;
  const toolCalls: ToolCall[] = [];
  const invalidToolCalls: InvalidToolCall[] = [];
  for (const [position, rawCall] of (wireMessage.tool_calls ?? []).entries()) {
    // An id-less call gets a stable one, so ToolNode can answer it (as in the stream path).
    const id = rawCall.id ? rawCall.id : `call_${completion.id ?? 'routify'}_${position}`;
    const parsed = parseToolCall({ ...rawCall, id });
    if (parsed.valid) toolCalls.push(parsed.call);
    else invalidToolCalls.push(parsed.call);
  }
  const usage = convertUsage(completion.usage);
  const message = new AIMessage({
    content,
    id: completion.id,
    additional_kwargs: additionalKwargs,
    tool_calls: toolCalls,
    invalid_tool_calls: invalidToolCalls,
    response_metadata: buildResponseMetadata(completion, choice?.finish_reason),
    ...(usage ? { usage_metadata: usage } : {}),
  });
  return { text: content, message };
}

/**
 * The `response_metadata` ChatRoutify sets: `model_provider`, `model_name`, `model`,
 * `finish_reason`, `id` and `system_fingerprint`, each only when known.
 */
export function buildResponseMetadata(
  source: { id?: string; model?: string; system_fingerprint?: string | null },
  finishReason: string | null | undefined,
): Record<string, unknown> {
  return {
    model_provider: ROUTIFY_MODEL_PROVIDER,
    ...(source.model ? { model_name: source.model, model: source.model } : {}),
    ...(finishReason != null ? { finish_reason: finishReason } : {}),
    ...(source.id ? { id: source.id } : {}),
    ...(source.system_fingerprint ? { system_fingerprint: source.system_fingerprint } : {}),
  };
}

function contentText(content: WireAssistantMessage['content']): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => (part?.type === 'text' && typeof part.text === 'string' ? part.text : ''))
    .join('');
}

function contentRefusal(content: WireAssistantMessage['content']): string | undefined {
  if (!Array.isArray(content)) return undefined;
  const refusals = content
    .filter((part) => part?.type === 'refusal' && typeof part.refusal === 'string')
    .map((part) => part.refusal);
  return refusals.length > 0 ? refusals.join('') : undefined;
}
