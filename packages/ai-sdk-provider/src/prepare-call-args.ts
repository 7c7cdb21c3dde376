import type { LanguageModelV4CallOptions, SharedV4Warning } from '@ai-sdk/provider';
import {
  injectJsonInstructionIntoMessages,
  mapReasoningToProviderEffort,
} from '@ai-sdk/provider-utils';
import { convertToRoutifyMessages } from './convert-to-routify-messages';
import { jsonSchemaName } from './json-schema-name';
import { parseRoutifyProviderOptions } from './parse-routify-provider-options';
import { prepareTools } from './prepare-tools';
import { ROUTIFY_PROVIDER_OPTION_KEYS } from './routify-provider-options';

/** Body keys `providerOptions` passthrough can never set: the provider owns them. */
const PROTECTED_BODY_KEYS = new Set(['model', 'messages', 'tools', 'tool_choice', 'stream']);

/** The `reasoning_effort` values Routify takes (`routify-api.md`). */
const REASONING_EFFORT_MAP = {
  low: 'low',
  medium: 'medium',
  high: 'high',
  xhigh: 'xhigh',
} as const;

/** The request body and what the response handling needs to know about the call. */
export interface PreparedCallArgs {
  /** The chat-completions request body, without `undefined` entries. */
  body: Record<string, unknown>;
  /** Every setting that could not be sent as asked (`SharedV4Warning`). */
  warnings: SharedV4Warning[];
}

/**
 * Builds the Routify chat-completions body for a `doGenerate` / `doStream` call
 * (`LanguageModelV4CallOptions`, `@ai-sdk/provider` 4.0.38) and the warnings for settings that
 * cannot be sent as asked.
 *
 * Mapping: `maxOutputTokens` → `max_tokens`, `temperature`, `topP` → `top_p`, `stopSequences` →
 * `stop`, `seed`, `presencePenalty` / `frequencyPenalty` → `presence_penalty` /
 * `frequency_penalty`; `topK` is not sent (warning); tools via `prepareTools`; `responseFormat`
 * json with a schema → `json_schema` (name `response` unless given, made to fit
 * `^[a-zA-Z0-9_-]{1,64}$` by `jsonSchemaName`; `strict` unless
 * `strictJsonSchema: false`), without one (or with `structuredOutputs: false`, which writes the
 * schema into the system message) → `json_object`; the V4 `reasoning` option →
 * `reasoning_effort` (`minimal` → `low` and `max` → `xhigh` with a `compatibility` warning,
 * `none` not sent with an `unsupported` warning, `provider-default` not sent).
 *
 * `providerOptions[providerName]`: typed keys (`reasoningEffort`, `verbosity`,
 * `reasoningSummary`, `user`, `strictJsonSchema`, `structuredOutputs`, `includeUsage`) win over
 * the mapped options;
 * every other key goes into the body verbatim, after the mapped options, but never over
 * `model`, `messages`, `tools`, `tool_choice` or `stream` (such a key is dropped with a warning).
 * Streaming adds `stream: true` and `stream_options.include_usage` unless `includeUsage: false`.
 *
 * @throws InvalidArgumentError when a typed provider option has a wrong value.
 * @throws UnsupportedFunctionalityError for prompt files Routify cannot take.
 */
export async function prepareCallArgs({
  options,
  modelId,
  providerName,
  stream,
}: {
  options: LanguageModelV4CallOptions;
  modelId: string;
  providerName: string;
  stream: boolean;
}): Promise<PreparedCallArgs> {
  const warnings: SharedV4Warning[] = [];
  const typed = parseRoutifyProviderOptions(options.providerOptions, providerName) ?? {};

  const passthrough: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options.providerOptions?.[providerName] ?? {})) {
    if (ROUTIFY_PROVIDER_OPTION_KEYS.has(key) || value === undefined) continue;
    if (PROTECTED_BODY_KEYS.has(key)) {
      warnings.push({
        type: 'other',
        message: `providerOptions.${providerName}.${key} is ignored: the provider builds "${key}" from the call itself.`,
      });
      continue;
    }
    passthrough[key] = value;
  }

  if (options.topK != null) {
    warnings.push({
      type: 'unsupported',
      feature: 'topK',
      details: 'Routify chat completions have no top_k; it is not sent.',
    });
  }

  const responseFormat = options.responseFormat;
  const jsonSchema = responseFormat?.type === 'json' ? responseFormat.schema : undefined;
  // without native structured outputs the schema goes into the prompt, with json_object
  const schemaInPrompt = jsonSchema != null && typed.structuredOutputs === false;
  const prompt = schemaInPrompt
    ? injectJsonInstructionIntoMessages({ messages: options.prompt, schema: jsonSchema })
    : options.prompt;
  const { messages, warnings: messageWarnings } = convertToRoutifyMessages(prompt, {
    providerName,
  });
  const { tools, toolChoice, warnings: toolWarnings } = prepareTools(options);
  warnings.push(...messageWarnings, ...toolWarnings);

  let reasoningEffort: string | undefined = typed.reasoningEffort;
  if (reasoningEffort == null && passthrough.reasoning_effort === undefined) {
    if (options.reasoning === 'none') {
      warnings.push({
        type: 'unsupported',
        feature: 'reasoning',
        details:
          'reasoning "none" cannot be sent: Routify\'s reasoning_effort takes low, medium, high or xhigh. The model\'s default reasoning applies.',
      });
    } else {
      reasoningEffort = mapReasoningToProviderEffort({
        reasoning: options.reasoning,
        effortMap: REASONING_EFFORT_MAP,
        warnings,
      });
    }
  }

  const body: Record<string, unknown> = {
    model: modelId,
    max_tokens: options.maxOutputTokens,
    temperature: options.temperature,
    top_p: options.topP,
    frequency_penalty: options.frequencyPenalty,
    presence_penalty: options.presencePenalty,
    stop: options.stopSequences,
    seed: options.seed,
    response_format:
      responseFormat?.type === 'json'
        ? responseFormat.schema != null && !schemaInPrompt
          ? {
              type: 'json_schema',
              json_schema: {
                name: jsonSchemaName(responseFormat.name),
                ...(responseFormat.description != null
                  ? { description: responseFormat.description }
                  : {}),
                schema: responseFormat.schema,
                strict: typed.strictJsonSchema ?? true,
              },
            }
          : { type: 'json_object' }
        : undefined,
    ...passthrough,
    ...(reasoningEffort != null ? { reasoning_effort: reasoningEffort } : {}),
    ...(typed.verbosity != null ? { verbosity: typed.verbosity } : {}),
    ...(typed.reasoningSummary != null ? { reasoningSummary: typed.reasoningSummary } : {}),
    ...(typed.user != null ? { user: typed.user } : {}),
    messages,
    tools,
    tool_choice: toolChoice,
  };
  if (stream) {
    body.stream = true;
    if (typed.includeUsage !== false) {
      const extra = isRecord(passthrough.stream_options) ? passthrough.stream_options : {};
      body.stream_options = { ...extra, include_usage: true };
    }
  }
  for (const key of Object.keys(body)) {
    if (body[key] === undefined) delete body[key];
  }
  return { body, warnings };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
