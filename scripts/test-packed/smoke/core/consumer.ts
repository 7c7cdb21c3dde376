// A TypeScript user of @routify/core. Typechecked, never run: the runner compiles it as .ts
// (bundler), .mts and .cts (nodenext). The @ts-expect-error lines fail if the types were `any`.
import {
  type ChatCompletion,
  type ChatCompletionChunk,
  type ChatCompletionMessageParam,
  type ModelList,
  NotFoundError,
  Routify,
  type RoutifyOptions,
} from '@routify/core';

export async function greet(baseURL: string): Promise<string> {
  const options: RoutifyOptions = { apiKey: 'sk-test', baseURL, timeout: 10_000, maxRetries: 0 };
  const client = new Routify(options);
  const messages: ChatCompletionMessageParam[] = [{ role: 'user', content: 'Hello' }];
  const completion: ChatCompletion = await client.chat.completions.create({
    model: 'gpt-4.1',
    messages,
  });
  let streamed = '';
  const stream = await client.chat.completions.create({ model: 'gpt-4.1', messages, stream: true });
  for await (const chunk of stream) {
    const typed: ChatCompletionChunk = chunk;
    streamed += typed.choices[0]?.delta?.content ?? '';
  }
  const { data, response } = await client.models.list().withResponse();
  const models: ModelList = data;
  const status: number = response.status;
  try {
    await client.chat.completions.create({ model: 'missing', messages });
  } catch (error) {
    if (error instanceof NotFoundError) return `${error.status}`;
  }
  // @ts-expect-error `messages` is required
  await client.chat.completions.create({ model: 'gpt-4.1' });
  // @ts-expect-error `timeout` is a number of milliseconds
  new Routify({ timeout: 'soon' });
  return `${completion.choices[0]?.message.content}${streamed}${models.data.length}${status}`;
}
