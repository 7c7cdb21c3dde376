import { ModelRefusalError } from '@langchain/core/errors';
import type {
  BaseLanguageModelInput,
  StructuredOutputMethodOptions,
} from '@langchain/core/language_models/base';
import {
  assembleStructuredOutputPipeline,
  createContentParser,
  createFunctionCallingParser,
} from '@langchain/core/language_models/structured_output';
import { AIMessage, type BaseMessage } from '@langchain/core/messages';
import { type Runnable, RunnableLambda } from '@langchain/core/runnables';
import { toJsonSchema } from '@langchain/core/utils/json_schema';
import { isSerializableSchema } from '@langchain/core/utils/standard_schema';
import { isInteropZodSchema } from '@langchain/core/utils/types';
import type { ChatRoutifyCallOptions } from './chat-routify-input';

/** The structured-output methods ChatRoutify supports. */
export type RoutifyStructuredOutputMethod = 'functionCalling' | 'jsonSchema' | 'jsonMode';

const METHODS: readonly string[] = ['functionCalling', 'jsonSchema', 'jsonMode'];

/** The model side `withStructuredOutput` needs: a way to bind call options. */
export interface StructuredOutputModel {
  withConfig(
    config: Partial<ChatRoutifyCallOptions>,
  ): Runnable<BaseLanguageModelInput, BaseMessage>;
}

/**
 * Builds ChatRoutify's `withStructuredOutput` pipeline from `@langchain/core`'s helpers
 * (`createFunctionCallingParser`, `createContentParser`, `assembleStructuredOutputPipeline`):
 *
 * - `functionCalling` (default): one tool from the schema, forced with
 *   `tool_choice: { type: 'function', function: { name } }`, parsed from the tool call's args;
 * - `jsonSchema`: `response_format: { type: 'json_schema', json_schema: { name, description,
 *   schema, strict } }`, parsed from the text;
 * - `jsonMode`: `response_format: { type: 'json_object' }`, parsed from the text (say "JSON" in
 *   the prompt).
 *
 * Schemas: zod (validated), Standard Schema with JSON-schema export (validated), plain JSON
 * schema, or an OpenAI function `{ name, description?, parameters }`. The name is `name`, else
 * the JSON schema's `title`, else `extract`. The call options carry `ls_structured_output_format`
 * `{ kwargs: { method }, schema: <JSON schema> }` for LangChain tracing. A refusal throws
 * `ModelRefusalError`; a parse or validation failure throws LangChain's `OutputParserException`
 * (with `includeRaw`, `parsed` is `null` instead and `raw` holds the message).
 *
 * @throws Error for an unknown method, or `strict` with `jsonMode`.
 */
export function buildStructuredOutput(
  model: StructuredOutputModel,
  schema: Record<string, unknown>,
  config: StructuredOutputMethodOptions<boolean> | undefined,
): Runnable {
  const method = config?.method ?? 'functionCalling';
  if (!METHODS.includes(method)) {
    throw new Error(
      `withStructuredOutput: unknown method "${method}"; use "functionCalling" (default), "jsonSchema" or "jsonMode".`,
    );
  }
  if (method === 'jsonMode' && config?.strict !== undefined) {
    throw new Error(
      'withStructuredOutput: `strict` does not apply to method "jsonMode"; use "jsonSchema" or "functionCalling".',
    );
  }
  const validating = isInteropZodSchema(schema) || isSerializableSchema(schema);
  const isFunctionDefinition =
    !validating && typeof schema.name === 'string' && isRecord(schema.parameters);
  const jsonSchema = (
    validating ? toJsonSchema(schema as never) : isFunctionDefinition ? schema.parameters : schema
  ) as Record<string, unknown>;
  const name =
    config?.name ??
    (isFunctionDefinition ? (schema.name as string) : undefined) ??
    (typeof jsonSchema.title === 'string' ? jsonSchema.title : undefined) ??
    'extract';
  const description =
    (isFunctionDefinition && typeof schema.description === 'string'
      ? schema.description
      : undefined) ??
    (typeof jsonSchema.description === 'string' ? jsonSchema.description : undefined);
  const tracing = { ls_structured_output_format: { kwargs: { method }, schema: jsonSchema } };
  const strict = config?.strict !== undefined ? { strict: config.strict } : {};

  let llm: Runnable<BaseLanguageModelInput, BaseMessage>;
  let parser: Runnable<BaseMessage, Record<string, unknown>>;
  if (method === 'functionCalling') {
    llm = model.withConfig({
      outputVersion: 'v0',
      tools: [
        {
          type: 'function',
          function: { name, ...(description ? { description } : {}), parameters: jsonSchema },
        },
      ],
      tool_choice: { type: 'function', function: { name } },
      ...strict,
      ...tracing,
    });
    parser = createFunctionCallingParser(schema, name) as unknown as Runnable<
      BaseMessage,
      Record<string, unknown>
    >;
  } else {
    llm = model.withConfig({
      outputVersion: 'v0',
      response_format:
        method === 'jsonSchema'
          ? {
              type: 'json_schema',
              json_schema: {
                name,
                ...(description ? { description } : {}),
                schema: jsonSchema,
                ...strict,
              },
            }
          : { type: 'json_object' },
      ...tracing,
    });
    parser = createContentParser(schema) as unknown as Runnable<
      BaseMessage,
      Record<string, unknown>
    >;
  }
  const refusalCheck = RunnableLambda.from((message: BaseMessage) => {
    const refusal = message.additional_kwargs?.refusal;
    if (typeof refusal === 'string' && refusal !== '') {
      throw ModelRefusalError.fromRefusal(
        { type: 'refusal', refusal },
        AIMessage.isInstance(message) ? message : undefined,
      );
    }
    return message;
  });
  return assembleStructuredOutputPipeline(
    llm,
    refusalCheck.pipe(parser),
    config?.includeRaw,
    config?.includeRaw ? 'StructuredOutputRunnable' : 'StructuredOutput',
  ) as Runnable;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
