import type { BindToolsInput } from '@langchain/core/language_models/chat_models';
import { convertToOpenAITool, isLangChainTool } from '@langchain/core/utils/function_calling';
import { toJsonSchema } from '@langchain/core/utils/json_schema';
import { isInteropZodSchema } from '@langchain/core/utils/types';
import type { ChatCompletionTool, ChatCompletionToolChoiceOption } from '@routify/core';
import type { RoutifyToolChoice } from './chat-routify-input';

/** A tool as sent on the wire (`@routify/core`'s type). */
export type WireTool = ChatCompletionTool;

/** A `tool_choice` as sent on the wire (`@routify/core`'s type). */
export type WireToolChoice = ChatCompletionToolChoiceOption;

/** Thrown by `bindTools` for an input that is not a tool; names the accepted shapes. */
export class InvalidToolError extends TypeError {
  override readonly name = 'InvalidToolError';
}

/**
 * Converts one `bindTools` input to a wire tool:
 *
 * - LangChain tools (`tool()`, `StructuredTool`, `DynamicStructuredTool`), `RunnableToolLike`
 *   (`runnable.asTool()`) and `{ name, description?, schema }` objects with a zod or JSON schema:
 *   through `@langchain/core`'s `convertToOpenAITool` (schema → JSON schema via `toJsonSchema`);
 * - OpenAI-format `{ type: 'function', function: { name, parameters } }`: copied as is;
 * - a bare function definition `{ name, description?, parameters }`: wrapped in `{ type: 'function' }`;
 * - `{ name, schema }` whose schema is JSON schema without a top-level `type`: converted too.
 *
 * `strict` (from `bindTools(tools, { strict })` or the call option) is set on every tool when given.
 *
 * @throws InvalidToolError for anything else (a bare zod schema, a tool without a name).
 */
export function convertTool(tool: BindToolsInput, strict?: boolean): WireTool {
  let converted: WireTool;
  const candidate = tool as Record<string, unknown>;
  if (isLangChainTool(tool)) {
    converted = convertToOpenAITool(tool) as WireTool;
  } else if (isRecord(candidate.function) && typeof candidate.function.name === 'string') {
    converted = {
      ...(candidate as unknown as WireTool),
      type: 'function',
      function: { ...(candidate.function as WireTool['function']) },
    };
  } else if (typeof candidate.name === 'string' && isRecord(candidate.parameters)) {
    converted = {
      type: 'function',
      function: {
        name: candidate.name,
        ...(typeof candidate.description === 'string'
          ? { description: candidate.description }
          : {}),
        parameters: candidate.parameters,
      },
    };
  } else if (typeof candidate.name === 'string' && isRecord(candidate.schema)) {
    converted = {
      type: 'function',
      function: {
        name: candidate.name,
        ...(typeof candidate.description === 'string'
          ? { description: candidate.description }
          : {}),
        parameters: (isInteropZodSchema(candidate.schema)
          ? toJsonSchema(candidate.schema)
          : candidate.schema) as Record<string, unknown>,
      },
    };
  } else {
    throw new InvalidToolError(
      'bindTools received something that is not a tool: pass a LangChain tool, a { name, description, schema } object (zod or JSON schema), an OpenAI { type: "function", function } tool or a runnable.asTool().',
    );
  }
  if (strict !== undefined)
    converted = { ...converted, function: { ...converted.function, strict } };
  return converted;
}

/**
 * Maps a LangChain `tool_choice` to the wire: `'auto'`, `'none'`, `'required'` as is; `'any'` →
 * `'required'` (LangChain's "must call some tool"); any other string → that tool by name
 * (`{ type: 'function', function: { name } }`); an object as is; `undefined` → left out.
 */
export function convertToolChoice(
  choice: RoutifyToolChoice | undefined,
): WireToolChoice | undefined {
  if (choice === undefined || choice === null) return undefined;
  if (typeof choice !== 'string') return choice as WireToolChoice;
  if (choice === 'auto') return 'auto';
  if (choice === 'none') return 'none';
  if (choice === 'required' || choice === 'any') return 'required';
  return { type: 'function', function: { name: choice } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
