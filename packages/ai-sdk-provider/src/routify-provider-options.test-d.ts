import type { JSONObject } from '@ai-sdk/provider';
import { generateText, streamText } from 'ai';
import { expectTypeOf } from 'vitest';
import type { z } from 'zod/v4';
import { createRoutify, type RoutifyProviderOptions } from './index';
import type { routifyProviderOptionsSchema } from './routify-provider-options';

// Type-level tests, checked by `tsc --noEmit` (never executed).
const routify = createRoutify({ apiKey: 'sk-test' });

// A value annotated with the type (not only `satisfies`) goes into `providerOptions`.
const options: RoutifyProviderOptions = {
  reasoningEffort: 'high',
  user: 'user-42',
  parallel_tool_calls: false,
  metadata: { team: 'search', tags: ['a', 'b'] },
};
export const generated = () =>
  generateText({ model: routify('gpt-4.1'), prompt: 'Hi', providerOptions: { routify: options } });
export const streamed = () =>
  streamText({ model: routify('gpt-4.1'), prompt: 'Hi', providerOptions: { routify: options } });
expectTypeOf<RoutifyProviderOptions>().toExtend<JSONObject>();

// Typed keys are checked; pass-through keys must be JSON values.
// @ts-expect-error not a reasoning effort
export const badEffort: RoutifyProviderOptions = { reasoningEffort: 'max' };
// @ts-expect-error not a string
export const badUser: RoutifyProviderOptions = { user: 42 };
// @ts-expect-error a function is not a JSON value
export const badExtra: RoutifyProviderOptions = { callback: () => undefined };

// The hand-written type and the runtime schema accept the same typed keys.
type SchemaKeys = keyof typeof routifyProviderOptionsSchema.shape;
expectTypeOf<Pick<RoutifyProviderOptions, SchemaKeys>>().toEqualTypeOf<
  Pick<z.input<typeof routifyProviderOptionsSchema>, SchemaKeys>
>();
