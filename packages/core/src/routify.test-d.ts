import { expectTypeOf } from 'vitest';
import type { APIPromise, ChatCompletion, ChatCompletionStream, ModelList, Routify } from './index';

// Type-level tests, checked by `tsc --noEmit` (never executed).
declare const routify: Routify;
const messages = [{ role: 'user' as const, content: 'Hi' }];

// `create()` is typed by `stream`.
expectTypeOf(routify.chat.completions.create({ model: 'gpt-4.1', messages })).toEqualTypeOf<
  APIPromise<ChatCompletion>
>();
expectTypeOf(
  routify.chat.completions.create({ model: 'gpt-4.1', messages, stream: true }),
).toEqualTypeOf<APIPromise<ChatCompletionStream>>();
declare const maybe: boolean;
expectTypeOf(
  routify.chat.completions.create({ model: 'gpt-4.1', messages, stream: maybe }),
).toEqualTypeOf<APIPromise<ChatCompletion | ChatCompletionStream>>();

// Unknown keys pass through; documented enums are checked.
routify.chat.completions.create({ model: 'm', messages, provider: { order: ['a'] } });
// @ts-expect-error: not a reasoning_effort value
routify.chat.completions.create({ model: 'm', messages, reasoning_effort: 'max' });
// @ts-expect-error: the second argument is RequestOptions
routify.chat.completions.create({ model: 'm', messages }, { maxRetries: '2' });

// `.withResponse()` gives the data and the response metadata.
expectTypeOf(routify.models.list().withResponse()).resolves.toEqualTypeOf<{
  data: ModelList;
  response: { status: number; headers: Headers; requestId: string | undefined };
}>();
