import type { ChatCompletionCreateParamsBase } from '@routify/core';
import type { ChatRoutifyCallOptions, ChatRoutifyInput } from './chat-routify-input';
import { convertTool, convertToolChoice } from './convert-tools';
import { validateCallSettings } from './validate-settings';

/**
 * The request body ChatRoutify sends, minus `messages` (`@routify/core`'s request type:
 * snake_case, unset values left out, any other key passed through).
 */
export interface RoutifyRequestBody extends Partial<ChatCompletionCreateParamsBase> {
  model: string;
}

/** The model settings the body is built from. */
export type InvocationSettings = Pick<
  ChatRoutifyInput,
  | 'temperature'
  | 'maxTokens'
  | 'topP'
  | 'stop'
  | 'reasoningEffort'
  | 'verbosity'
  | 'reasoningSummary'
  | 'modelKwargs'
> & { model: string };

/**
 * Call-option keys that are LangChain's, LangGraph's or ChatRoutify's own, never sent as body
 * fields. LangGraph hands a node's whole config to the model it calls, so its runtime keys
 * (`context` — the user's run context —, `control`, `store`, `writer`, `interrupt`, …, see
 * `LangGraphRunnableConfig` / `Runtime` in `@langchain/langgraph`) arrive among the call options.
 */
const RESERVED = new Set([
  'model',
  'messages',
  'stream',
  'stream_options',
  'stop',
  'signal',
  'timeout',
  'tools',
  'tool_choice',
  'strict',
  'headers',
  'callbacks',
  'tags',
  'metadata',
  'configurable',
  // LangGraph's run config and runtime
  'context',
  'control',
  'store',
  'writer',
  'interrupt',
  'heartbeat',
  'cache',
  'durability',
  'debug',
  'subgraphs',
  'version',
]);

const WIRE_KEY = /^[a-z][a-z0-9_]*$/;

/** LangSmith tracing keys (`ls_structured_output_format`, …) are LangChain's, never the API's. */
const TRACING_KEY = /^ls_/;

/**
 * Whether a call-option value is plain JSON data (what a body field can be): strings, finite
 * numbers, booleans, `null`, arrays and plain objects of those. Functions, class instances
 * (a LangGraph `RunControl` or store, an `AbortSignal`) and the like are framework objects.
 */
function isJsonData(value: unknown, depth = 0): boolean {
  if (depth > 32) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((item) => isJsonData(item, depth + 1));
  if (typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  return Object.values(value).every((item) => item === undefined || isJsonData(item, depth + 1));
}

/**
 * Builds the request body (without `messages`, `stream`, `stream_options`) for one call:
 *
 * - settings: call option ?? constructor value, mapped to `temperature`, `max_tokens`, `top_p`,
 *   `stop` (`options.stop ?? stop`; an empty list is left out), `reasoning_effort`, `verbosity`,
 *   `reasoningSummary`; unset ones are left out of the body (langchainjs#7564);
 * - `tools` (converted with `convertTool`, `strict` applied) and `tool_choice` (`convertToolChoice`);
 * - every other snake_case call option whose value is JSON data (`response_format`,
 *   `parallel_tool_calls`, `seed`, `user`, …) as is; camelCase keys that are not settings,
 *   `ls_*` tracing keys, LangGraph's runtime keys (`context`, `control`, `store`, `writer`, …)
 *   and values that are not JSON data (functions, class instances) belong to LangChain or
 *   LangGraph and are never sent — use `modelKwargs` to send a body field of those names;
 * - `modelKwargs` of the constructor, then of the call, spread last.
 *
 * @throws RangeError / TypeError for an invalid call-option setting (`validateCallSettings`):
 *   a `temperature` of 3, more than 4 stop sequences, `modelKwargs` that is not an object, ….
 */
export function buildInvocationParams(
  settings: InvocationSettings,
  options?: Partial<ChatRoutifyCallOptions>,
): RoutifyRequestBody {
  const call = options ?? {};
  validateCallSettings(call, 'ChatRoutify call option');
  const body: RoutifyRequestBody = { model: settings.model };
  const put = (key: string, value: unknown) => {
    if (value !== undefined && value !== null) body[key] = value;
  };
  put('temperature', call.temperature ?? settings.temperature);
  put('max_tokens', call.maxTokens ?? settings.maxTokens);
  put('top_p', call.topP ?? settings.topP);
  const stop = call.stop ?? settings.stop;
  if (stop !== undefined && stop.length > 0) body.stop = [...stop];
  put('reasoning_effort', call.reasoningEffort ?? settings.reasoningEffort);
  put('verbosity', call.verbosity ?? settings.verbosity);
  put('reasoningSummary', call.reasoningSummary ?? settings.reasoningSummary);
  if (call.tools !== undefined && call.tools.length > 0) {
    body.tools = call.tools.map((tool) => convertTool(tool, call.strict));
  }
  put('tool_choice', convertToolChoice(call.tool_choice));
  for (const [key, value] of Object.entries(call)) {
    if (value === undefined || RESERVED.has(key) || !WIRE_KEY.test(key)) continue;
    if (TRACING_KEY.test(key) || !isJsonData(value)) continue;
    body[key] = value;
  }
  Object.assign(body, settings.modelKwargs, call.modelKwargs);
  return body;
}
