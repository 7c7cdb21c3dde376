import type { ChatModelStreamEvent } from '@langchain/core/language_models/event';
import {
  convertOpenAICompletionsStream,
  type OpenAICompletionsStreamChunk,
} from '@langchain/core/language_models/openai_completions_stream';
import type { ContentBlock } from '@langchain/core/messages';
import { buildResponseMetadata } from './convert-response';
import { convertUsage } from './convert-usage';
import { parseToolArguments } from './parse-tool-call';
import { ROUTIFY_MODEL_PROVIDER } from './routify-block-translator';
import { ToolCallIndexer } from './tool-call-indexer';
import type { WireChunk, WireUsage } from './wire-types';

/**
 * Converts Routify stream chunks into LangChain's content-block events (`streamEvents()` without
 * a version, LangGraph `version: "v3"` streaming), using `@langchain/core`'s
 * `convertOpenAICompletionsStream` and correcting what it gets wrong for Routify:
 *
 * - tool calls go through {@link ToolCallIndexer} (stable indices, ids always present);
 * - a tool call whose arguments are empty finishes as `{ type: 'tool_call', args: {} }`, not as an
 *   `invalid_tool_call` (langchainjs#11311); arguments that are JSON but not an object are invalid;
 * - `usage` events and `message-finish.usage` come from `convertUsage` (adds `cache_creation`);
 * - `message-finish.responseMetadata` is ChatRoutify's (`model_provider: 'routify'`, `model_name`,
 *   `model`, `finish_reason`, `id`) instead of the hard-coded `"openai"` one;
 * - a refusal (`delta.refusal`) becomes a `{ type: 'refusal' }` content block.
 */
export async function* convertStreamToEvents(
  source: AsyncIterable<WireChunk>,
): AsyncGenerator<ChatModelStreamEvent> {
  const indexer = new ToolCallIndexer();
  let id: string | undefined;
  let model: string | undefined;
  let systemFingerprint: string | undefined;
  let finishReason: string | undefined;
  let usage: WireUsage | undefined;
  let refusal = '';
  let nextFreeIndex = 0;

  const mapChunk = (raw: OpenAICompletionsStreamChunk): OpenAICompletionsStreamChunk => {
    const chunk = raw as WireChunk;
    if (chunk.id) id ??= chunk.id;
    if (chunk.model) model ??= chunk.model;
    if (chunk.system_fingerprint) systemFingerprint ??= chunk.system_fingerprint;
    if (chunk.usage) usage = chunk.usage;
    const choice = chunk.choices?.find((candidate) => (candidate.index ?? 0) === 0);
    if (choice === undefined) return { ...raw, choices: [] };
    if (choice.finish_reason != null) finishReason ??= choice.finish_reason;
    const delta = choice.delta;
    if (typeof delta?.refusal === 'string') refusal += delta.refusal;
    if (!delta?.tool_calls?.length) {
      // The common case (one choice, no tool calls) passes through without a copy.
      return chunk.choices?.length === 1
        ? raw
        : ({ ...raw, choices: [choice] } as OpenAICompletionsStreamChunk);
    }
    const toolCalls = indexer.map(delta.tool_calls, id).map((fragment) => ({
      index: fragment.index,
      ...(fragment.id !== undefined ? { id: fragment.id } : {}),
      type: 'function' as const,
      function: {
        ...(fragment.name !== undefined ? { name: fragment.name } : {}),
        arguments: fragment.args,
      },
    }));
    return {
      ...raw,
      choices: [{ ...choice, delta: { ...delta, tool_calls: toolCalls } }],
    } as OpenAICompletionsStreamChunk;
  };

  const converted = convertOpenAICompletionsStream(
    source as AsyncIterable<OpenAICompletionsStreamChunk>,
    {
      // Usage is reported whenever the stream carries it; `streamUsage` only decides whether
      // the request asks for it.
      streamUsage: true,
      provider: ROUTIFY_MODEL_PROVIDER,
      mapChunk,
    },
  );
  for await (const event of converted) {
    switch (event.event) {
      case 'content-block-start':
        nextFreeIndex = Math.max(nextFreeIndex, event.index + 1);
        yield event;
        break;
      case 'content-block-finish':
        yield { ...event, content: finalizeToolBlock(event.content) };
        break;
      case 'usage': {
        const mapped = convertUsage(usage);
        if (mapped) yield { event: 'usage', usage: mapped };
        break;
      }
      case 'message-finish': {
        if (refusal !== '') {
          const block = { type: 'refusal', refusal } as ContentBlock.Standard;
          yield { event: 'content-block-start', index: nextFreeIndex, content: block };
          yield { event: 'content-block-finish', index: nextFreeIndex, content: block };
        }
        const mappedUsage = convertUsage(usage);
        const { usage: _ignored, ...rest } = event;
        yield {
          ...rest,
          ...(mappedUsage ? { usage: mappedUsage } : {}),
          responseMetadata: buildResponseMetadata(
            { id, model, system_fingerprint: systemFingerprint },
            finishReason,
          ),
        };
        break;
      }
      default:
        yield event;
    }
  }
}

/** Re-finalizes a tool-call block with ChatRoutify's argument rules (empty → `{}`). */
function finalizeToolBlock(content: ContentBlock): ContentBlock {
  const block = content as { type: string; id?: string; name?: string; args?: unknown };
  if (block.type !== 'tool_call' && block.type !== 'invalid_tool_call') return content;
  const text = typeof block.args === 'string' ? block.args : JSON.stringify(block.args ?? {});
  const parsed = parseToolArguments(text);
  if ('error' in parsed) {
    return {
      type: 'invalid_tool_call',
      id: block.id,
      name: block.name,
      args: text,
      error: parsed.error,
    } as ContentBlock;
  }
  return { type: 'tool_call', id: block.id, name: block.name, args: parsed.args } as ContentBlock;
}
