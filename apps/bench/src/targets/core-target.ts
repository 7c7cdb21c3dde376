import { Routify } from '@routify/core';
import type { Target, TargetContext } from './target';
import { PROMPT_TEXT } from './target';

/** `@routify/core`: `chat.completions.create()`, JSON and `stream: true`. */
export function createCoreTarget(context: TargetContext): Target {
  const client = new Routify({
    apiKey: context.apiKey,
    baseURL: context.baseURL,
    maxRetries: 0,
    ...(context.fetch === undefined ? {} : { fetch: context.fetch }),
  });
  const messages = [{ role: 'user' as const, content: PROMPT_TEXT }];
  return {
    id: 'core',
    layer: 'transport',
    streamLabel: '@routify/core create({ stream: true })',
    requestLabel: '@routify/core create()',
    ours: true,
    async stream(model, onText) {
      const stream = await client.chat.completions.create({ model, messages, stream: true });
      for await (const chunk of stream) {
        const text = chunk.choices[0]?.delta?.content;
        if (text) onText(text);
      }
    },
    async request(model) {
      const completion = await client.chat.completions.create({ model, messages });
      return completion.choices[0]?.message.content ?? '';
    },
  };
}
