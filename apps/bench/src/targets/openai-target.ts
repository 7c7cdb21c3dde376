import OpenAI from 'openai';
import type { Target, TargetContext } from './target';
import { PROMPT_TEXT } from './target';

/** The `openai` SDK (the peer of `@routify/core`): `chat.completions.create()`. */
export function createOpenAITarget(context: TargetContext): Target {
  const client = new OpenAI({
    apiKey: context.apiKey,
    baseURL: context.baseURL,
    maxRetries: 0,
    ...(context.fetch === undefined ? {} : { fetch: context.fetch }),
  });
  const messages = [{ role: 'user' as const, content: PROMPT_TEXT }];
  return {
    id: 'openai',
    layer: 'transport',
    streamLabel: 'openai SDK create({ stream: true })',
    requestLabel: 'openai SDK create()',
    ours: false,
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
