import type { AIMessage, AIMessageChunk, ContentBlock } from '@langchain/core/messages';

/** The `response_metadata.model_provider` value of every message ChatRoutify returns. */
export const ROUTIFY_MODEL_PROVIDER = 'routify';

interface BlockTranslator {
  translateContent(message: AIMessage): ContentBlock.Standard[];
  translateContentChunk(message: AIMessageChunk): ContentBlock.Standard[];
}

declare global {
  // LangChain's content-block translator registry (`@langchain/core/messages/block_translators`).
  var lc_block_translators_registry: Map<string, BlockTranslator> | undefined;
}

/**
 * Registers the `"routify"` content-block translator with `@langchain/core`, so that
 * `message.contentBlocks` of a ChatRoutify message lists the reasoning (from
 * `additional_kwargs.reasoning_content`) as a leading `{ type: 'reasoning' }` block, followed by
 * what the OpenAI Chat Completions translator gives (text, tool calls, refusal).
 *
 * LangChain keeps the registry on `globalThis.lc_block_translators_registry` (created when
 * `@langchain/core/messages` loads); it has no public registration function in 1.4, so this
 * writes to that map. Idempotent; called by the ChatRoutify constructor.
 */
export function registerRoutifyBlockTranslator(): void {
  const registry = globalThis.lc_block_translators_registry;
  if (registry === undefined || registry.has(ROUTIFY_MODEL_PROVIDER)) return;
  const openai = registry.get('openai');
  if (openai === undefined) return;
  const withReasoning =
    <M extends AIMessage | AIMessageChunk>(translate: (message: M) => ContentBlock.Standard[]) =>
    (message: M): ContentBlock.Standard[] => {
      const blocks = translate(message);
      const reasoning = message.additional_kwargs?.reasoning_content;
      if (typeof reasoning !== 'string' || reasoning === '') return blocks;
      if (blocks.some((block) => block.type === 'reasoning')) return blocks;
      return [{ type: 'reasoning', reasoning }, ...blocks];
    };
  registry.set(ROUTIFY_MODEL_PROVIDER, {
    translateContent: withReasoning((message: AIMessage) => openai.translateContent(message)),
    translateContentChunk: withReasoning((message: AIMessageChunk) =>
      openai.translateContentChunk(message),
    ),
  });
}
