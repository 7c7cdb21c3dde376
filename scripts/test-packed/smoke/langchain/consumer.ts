// A TypeScript user of @routify/langchain with their own @langchain/core. Typechecked, never run:
// the runner compiles it as .ts (bundler), .mts and .cts (nodenext). ChatRoutify must be usable
// wherever the user's BaseChatModel is expected; @ts-expect-error fails if types were `any`.
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { type AIMessageChunk, HumanMessage } from '@langchain/core/messages';
import { ChatRoutify } from '@routify/langchain';

export async function ask(): Promise<string> {
  const model = new ChatRoutify({ model: 'gpt-4.1', temperature: 0, maxTokens: 64 });
  const generic: BaseChatModel = new ChatRoutify();
  const message = await model.invoke([new HumanMessage('Hello')]);
  let full: AIMessageChunk | undefined;
  for await (const chunk of await generic.stream('Hello')) full = full ? full.concat(chunk) : chunk;
  // @ts-expect-error `temperature` is a number
  new ChatRoutify({ temperature: 'warm' });
  return `${message.text}${full?.text}${message.usage_metadata?.total_tokens}`;
}
