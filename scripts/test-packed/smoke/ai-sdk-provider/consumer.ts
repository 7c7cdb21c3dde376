// A TypeScript user of @routify/ai-sdk-provider with ai@7. Typechecked, never run: the runner
// compiles it as .ts (bundler) and .mts (nodenext; the package is ESM-only). The provider's
// models must be what the user's `ai` accepts; @ts-expect-error fails if types were `any`.
import {
  createRoutify,
  type RoutifyProvider,
  type RoutifyProviderOptions,
  routify,
} from '@routify/ai-sdk-provider';
import { generateText, type LanguageModel, streamText } from 'ai';

export async function ask(): Promise<string> {
  const provider: RoutifyProvider = createRoutify({
    apiKey: 'sk-test',
    baseURL: 'http://127.0.0.1:1/v1',
  });
  const model: LanguageModel = routify('gpt-4.1');
  const { text } = await generateText({
    model,
    prompt: 'Hello',
    providerOptions: { routify: { user: 'someone' } satisfies RoutifyProviderOptions },
  });
  const result = streamText({ model: provider('gpt-4.1'), prompt: 'Hello' });
  let streamed = '';
  for await (const delta of result.textStream) streamed += delta;
  // @ts-expect-error `baseURL` is a string
  createRoutify({ baseURL: 42 });
  return text + streamed;
}
