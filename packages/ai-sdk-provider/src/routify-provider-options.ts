import type { JSONValue } from '@ai-sdk/provider';
import { z } from 'zod/v4';

/**
 * Model ids Routify serves (see `GET /v1/models`); any other string is accepted too, as the
 * catalog grows without a release of this package.
 */
export type RoutifyChatModelId =
  | 'gpt-4.1'
  | 'gpt-4.1-mini'
  | 'o4-mini'
  | 'deepseek-reasoner'
  | 'yandexgpt-lite'
  | (string & {});

/**
 * The typed keys of `providerOptions.routify` (the key is the provider's `name`). Unknown keys
 * are kept: they are passed to the request body verbatim (see `prepareCallArgs`).
 */
export const routifyProviderOptionsSchema = z.looseObject({
  /**
   * `reasoning_effort` for reasoning models. Wins over the call's top-level `reasoning` option
   * and is sent unchanged.
   */
  reasoningEffort: z.enum(['low', 'medium', 'high', 'xhigh']).optional(),
  /** `verbosity` of the answer text. */
  verbosity: z.enum(['low', 'medium', 'high']).optional(),
  /** `reasoningSummary` (sent in camelCase, as Routify expects). */
  reasoningSummary: z.enum(['auto', 'detail', 'concise']).optional(),
  /** `user`: an end-user id for abuse monitoring. */
  user: z.string().optional(),
  /**
   * Whether `responseFormat` json with a schema is sent as `json_schema` with `strict: true`.
   * Default `true`.
   */
  strictJsonSchema: z.boolean().optional(),
  /**
   * Whether `responseFormat` json with a schema is sent as `json_schema` (default `true`).
   * `false`, for models without native structured outputs (`deepseek-reasoner`, which refuses
   * `json_schema` with a 400): `json_object` is sent and the schema is written into the system
   * message instead (`injectJsonInstructionIntoMessages` of `@ai-sdk/provider-utils`).
   */
  structuredOutputs: z.boolean().optional(),
  /**
   * Whether a streaming request asks for a final usage chunk
   * (`stream_options.include_usage`). Default `true`.
   */
  includeUsage: z.boolean().optional(),
});

/**
 * `providerOptions.routify` for `generateText` / `streamText`:
 *
 * ```ts
 * providerOptions: { routify: { reasoningEffort: 'high', user: 'user-42', parallel_tool_calls: false } }
 * ```
 *
 * Typed keys: `reasoningEffort` (`low` | `medium` | `high` | `xhigh`), `verbosity`
 * (`low` | `medium` | `high`), `reasoningSummary` (`auto` | `detail` | `concise`), `user`,
 * `strictJsonSchema` (default `true`), `structuredOutputs` (default `true`; `false` sends
 * `json_object` with the schema in the system message), `includeUsage` (default `true`). Any other key is sent in
 * the request body as is (snake_case on the wire), after the mapped call options (so it can
 * override e.g. `temperature`) but never over `model`, `messages`, `tools`, `tool_choice` or
 * `stream`. An invalid typed key throws `InvalidArgumentError` before any request.
 */
export type RoutifyProviderOptions = {
  reasoningEffort?: 'low' | 'medium' | 'high' | 'xhigh' | undefined;
  verbosity?: 'low' | 'medium' | 'high' | undefined;
  reasoningSummary?: 'auto' | 'detail' | 'concise' | undefined;
  user?: string | undefined;
  strictJsonSchema?: boolean | undefined;
  structuredOutputs?: boolean | undefined;
  includeUsage?: boolean | undefined;
  /**
   * Any other key: a JSON value sent in the request body as is. `JSONValue` (not `unknown`), so a
   * value annotated with this type is assignable to `providerOptions` (`Record<string,
   * JSONObject>` in `@ai-sdk/provider`).
   */
  [key: string]: JSONValue | undefined;
};

/** The typed option keys (not passed through verbatim). */
export const ROUTIFY_PROVIDER_OPTION_KEYS: ReadonlySet<string> = new Set([
  'reasoningEffort',
  'verbosity',
  'reasoningSummary',
  'user',
  'strictJsonSchema',
  'structuredOutputs',
  'includeUsage',
]);
