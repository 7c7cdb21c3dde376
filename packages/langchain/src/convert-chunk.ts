import { AIMessageChunk } from '@langchain/core/messages';
import type { ToolCallChunk } from '@langchain/core/messages/tool';
import { buildResponseMetadata } from './convert-response';
import { convertUsage } from './convert-usage';
import { ROUTIFY_MODEL_PROVIDER } from './routify-block-translator';
import { ToolCallIndexer } from './tool-call-indexer';
import type { WireChunk, WireUsage } from './wire-types';

/**
 * Converts the chunks of one Routify stream into `AIMessageChunk`s whose concatenation equals
 * the non-streaming message, and never garbles on `concat`:
 *
 * - `content`: the text delta; `additional_kwargs.reasoning_content` and `.refusal`: their deltas
 *   (strings concatenate on merge);
 * - `tool_call_chunks`: `{ index, id (first fragment only), name, args }` from {@link ToolCallIndexer};
 * - `id`: the completion id on every chunk; `response_metadata.model_provider: 'routify'` on every
 *   chunk; `model_name`, `model`, `finish_reason`, `id`, `system_fingerprint` only on the chunk
 *   that carries the finish reason (strings concatenate on merge, so never twice);
 * - `usage_metadata`: on exactly one chunk, the one {@link finish} returns after the stream ended
 *   (the last usage the stream sent; some upstreams repeat it on several chunks).
 *
 * Chunks that carry nothing (a role-only first delta, the usage-only chunk) give `undefined`.
 */
export class ChunkConverter {
  private readonly indexer = new ToolCallIndexer();
  private usage: WireUsage | undefined;
  private id: string | undefined;
  private finished = false;

  /** Converts one wire chunk; `undefined` when it carries nothing for the message. */
  convert(chunk: WireChunk): AIMessageChunk | undefined {
    if (chunk.id) this.id ??= chunk.id;
    if (chunk.usage) this.usage = chunk.usage;
    const choice = chunk.choices?.find((candidate) => (candidate.index ?? 0) === 0);
    if (choice === undefined) return undefined;
    const delta = choice.delta ?? {};
    const additionalKwargs: Record<string, unknown> = {};
    const reasoning = delta.reasoning_content ?? delta.reasoning;
    if (typeof reasoning === 'string' && reasoning !== '') {
      additionalKwargs.reasoning_content = reasoning;
    }
    if (typeof delta.refusal === 'string' && delta.refusal !== '') {
      additionalKwargs.refusal = delta.refusal;
    }
    const toolCallChunks: ToolCallChunk[] = this.indexer
      .map(delta.tool_calls ?? [], this.id)
      .map((fragment) => ({ type: 'tool_call_chunk', ...fragment }));
    const content = typeof delta.content === 'string' ? delta.content : '';
    const isFinish = choice.finish_reason != null && !this.finished;
    if (isFinish) this.finished = true;
    if (
      content === '' &&
      toolCallChunks.length === 0 &&
      Object.keys(additionalKwargs).length === 0 &&
      !isFinish
    ) {
      return undefined;
    }
    return new AIMessageChunk({
      content,
      id: this.id,
      additional_kwargs: additionalKwargs,
      tool_call_chunks: toolCallChunks,
      response_metadata: isFinish
        ? buildResponseMetadata({ ...chunk, id: this.id }, choice.finish_reason)
        : { model_provider: ROUTIFY_MODEL_PROVIDER },
    });
  }

  /** The closing chunk carrying `usage_metadata`, when the stream reported usage. */
  finish(): AIMessageChunk | undefined {
    const usage = convertUsage(this.usage);
    if (usage === undefined) return undefined;
    return new AIMessageChunk({
      content: '',
      id: this.id,
      usage_metadata: usage,
      response_metadata: { model_provider: ROUTIFY_MODEL_PROVIDER },
    });
  }
}
