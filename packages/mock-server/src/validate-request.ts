import { badRequest, MockRequestError } from './error-reply';
import type { ChatRequestBody, MockModel } from './types';
import { checkMessages } from './validate-messages';
import { invalidType, isObject, type Json, list, missing, typeName } from './validation-helpers';

const REASONING_EFFORTS = ['low', 'medium', 'high', 'xhigh'];
const VERBOSITIES = ['low', 'medium', 'high'];
const REASONING_SUMMARIES = ['auto', 'detail', 'concise'];
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

function checkEnum(body: Json, key: string, values: readonly string[]): void {
  const value = body[key];
  if (value === undefined || value === null) return;
  if (typeof value !== 'string' || !values.includes(value)) {
    throw badRequest(
      `Invalid value for '${key}': ${JSON.stringify(value)}. Supported values are: ${list(values)}.`,
      key,
      'invalid_value',
    );
  }
}

function checkRange(body: Json, key: string, min: number, max: number, integer: boolean): void {
  const value = body[key];
  if (value === undefined || value === null) return;
  const kind = integer ? 'integer' : 'decimal';
  if (typeof value !== 'number' || Number.isNaN(value) || (integer && !Number.isInteger(value))) {
    throw invalidType(key, integer ? 'an integer' : 'a number', value);
  }
  if (value < min) {
    throw badRequest(
      `Invalid '${key}': ${kind} below minimum value. Expected a value >= ${min}, but got ${value} instead.`,
      key,
      `${kind}_below_min_value`,
    );
  }
  if (value > max) {
    throw badRequest(
      `Invalid '${key}': ${kind} above maximum value. Expected a value <= ${max}, but got ${value} instead.`,
      key,
      `${kind}_above_max_value`,
    );
  }
}

function checkTools(body: Json): void {
  const tools = body.tools;
  if (tools !== undefined && tools !== null) {
    if (!Array.isArray(tools)) throw invalidType('tools', 'an array of objects', tools);
    tools.forEach((tool, i) => {
      const at = `tools[${i}]`;
      if (!isObject(tool)) throw invalidType(at, 'an object', tool);
      if (tool.type !== 'function') {
        throw badRequest(
          `Invalid value for '${at}.type': ${JSON.stringify(tool.type)}. Supported values are: 'function'.`,
          `${at}.type`,
          'invalid_value',
        );
      }
      const fn = tool.function;
      if (!isObject(fn)) throw missing(`${at}.function`);
      if (typeof fn.name !== 'string' || !TOOL_NAME.test(fn.name)) {
        throw badRequest(
          `Invalid '${at}.function.name': ${JSON.stringify(fn.name)} does not match '^[a-zA-Z0-9_-]{1,64}$'.`,
          `${at}.function.name`,
          'invalid_value',
        );
      }
      if (fn.description !== undefined && typeof fn.description !== 'string') {
        throw invalidType(`${at}.function.description`, 'a string', fn.description);
      }
      if (fn.parameters !== undefined && !isObject(fn.parameters)) {
        throw invalidType(`${at}.function.parameters`, 'an object', fn.parameters);
      }
    });
  }
  const choice = body.tool_choice;
  if (choice === undefined || choice === null) return;
  const names = Array.isArray(tools)
    ? tools.map((tool) => ((tool as Json).function as Json).name as string)
    : [];
  if (typeof choice === 'string') {
    if (!['none', 'auto', 'required'].includes(choice)) {
      throw badRequest(
        `Invalid value for 'tool_choice': ${JSON.stringify(choice)}. Supported values are: 'none', 'auto', 'required' or an object naming a function.`,
        'tool_choice',
        'invalid_value',
      );
    }
  } else if (
    !isObject(choice) ||
    choice.type !== 'function' ||
    !isObject(choice.function) ||
    typeof choice.function.name !== 'string'
  ) {
    throw badRequest(
      `Invalid value for 'tool_choice': expected 'none', 'auto', 'required' or {"type":"function","function":{"name":"…"}}.`,
      'tool_choice',
      'invalid_value',
    );
  } else if (!names.includes(choice.function.name)) {
    throw badRequest(
      `Invalid value for 'tool_choice': function ${JSON.stringify(choice.function.name)} is not one of the tools.`,
      'tool_choice',
      'invalid_value',
    );
  }
  if (names.length === 0 && choice !== 'none') {
    throw badRequest(
      "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.",
      'tool_choice',
      'invalid_value',
    );
  }
}

function checkResponseFormat(body: Json): void {
  const format = body.response_format;
  if (format === undefined || format === null) return;
  if (!isObject(format)) throw invalidType('response_format', 'an object', format);
  const types = ['text', 'json_object', 'json_schema'];
  if (typeof format.type !== 'string' || !types.includes(format.type)) {
    throw badRequest(
      `Invalid value for 'response_format.type': ${JSON.stringify(format.type)}. Supported values are: ${list(types)}.`,
      'response_format.type',
      'invalid_value',
    );
  }
  if (format.type !== 'json_schema') return;
  const spec = format.json_schema;
  if (!isObject(spec)) throw missing('response_format.json_schema');
  if (typeof spec.name !== 'string' || !TOOL_NAME.test(spec.name)) {
    throw badRequest(
      `Invalid 'response_format.json_schema.name': ${JSON.stringify(spec.name)} does not match '^[a-zA-Z0-9_-]{1,64}$'.`,
      'response_format.json_schema.name',
      'invalid_value',
    );
  }
  if (spec.schema !== undefined && !isObject(spec.schema)) {
    throw invalidType('response_format.json_schema.schema', 'an object', spec.schema);
  }
}

function checkStop(body: Json): void {
  const stop = body.stop;
  if (stop === undefined || stop === null || typeof stop === 'string') return;
  if (!Array.isArray(stop) || stop.some((item) => typeof item !== 'string')) {
    throw invalidType('stop', 'a string or an array of strings', stop);
  }
  if (stop.length > 4) {
    throw badRequest(
      `Invalid 'stop': array too long. Expected an array with maximum length 4, but got an array with length ${stop.length} instead.`,
      'stop',
      'array_above_max_length',
    );
  }
}

function refuse(model: MockModel, param: string): MockRequestError {
  return badRequest(
    `Provider ${model.provider} rejected the request: model '${model.id}' does not support the parameter '${param}'.`,
    param,
    'unsupported_parameter',
  );
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function checkCapabilities(body: ChatRequestBody, model: MockModel): void {
  const can = model.capabilities;
  if (!can.tools) {
    for (const key of ['tools', 'tool_choice', 'parallel_tool_calls']) {
      if (present(body[key])) throw refuse(model, key);
    }
  }
  const format = body.response_format as Json | undefined | null;
  if (format?.type === 'json_schema' && !can.jsonSchema) throw refuse(model, 'response_format');
  if (format?.type === 'json_object' && !can.jsonObject) throw refuse(model, 'response_format');
  const accepts: Record<string, boolean> = {
    image_url: can.vision,
    file: can.files ?? can.vision,
    input_audio: can.audio ?? false,
  };
  body.messages.forEach((message, i) => {
    if (!Array.isArray(message.content)) return;
    message.content.forEach((part, j) => {
      if (accepts[part.type] === false) throw refuse(model, `messages[${i}].content[${j}]`);
    });
  });
  if (!can.reasoning) {
    for (const key of ['reasoning_effort', 'reasoningSummary', 'reasoning']) {
      if (present(body[key])) throw refuse(model, key);
    }
  }
  if (can.requiresReasoningContent) {
    const lastUser = body.messages.map((message) => message.role).lastIndexOf('user');
    body.messages.forEach((message, i) => {
      if (i < lastUser || message.role !== 'assistant' || !message.tool_calls?.length) return;
      if (typeof message.reasoning_content === 'string' && message.reasoning_content !== '') return;
      throw badRequest(
        `Provider ${model.provider} rejected the request: the assistant message messages[${i}] has tool calls but no 'reasoning_content'. Send the reasoning back in tool-call turns.`,
        `messages[${i}].reasoning_content`,
        'missing_reasoning_content',
      );
    });
  }
}

/**
 * Validates a chat completion request like the real API (README, "Requests and errors"): throws a
 * `MockRequestError` (400 for a bad body or a parameter the model's provider refuses, 404 for an
 * unknown model) whose fields become an OpenAI error envelope.
 */
export function validateChatRequest(
  raw: unknown,
  models: readonly MockModel[],
): { body: ChatRequestBody; model: MockModel } {
  if (!isObject(raw)) {
    throw badRequest(
      `The request body must be a JSON object, but got ${typeName(raw)}.`,
      null,
      'invalid_request_body',
    );
  }
  if (raw.model === undefined) {
    throw badRequest('You must provide a model parameter.', 'model', 'missing_required_parameter');
  }
  if (typeof raw.model !== 'string') throw invalidType('model', 'a string', raw.model);
  checkMessages(raw.messages);
  if (raw.stream !== undefined && raw.stream !== null && typeof raw.stream !== 'boolean') {
    throw invalidType('stream', 'a boolean', raw.stream);
  }
  const options = raw.stream_options;
  if (options !== undefined && options !== null) {
    if (!isObject(options)) throw invalidType('stream_options', 'an object', options);
    const include = options.include_usage;
    if (include !== undefined && include !== null && typeof include !== 'boolean') {
      throw invalidType('stream_options.include_usage', 'a boolean', include);
    }
  }
  checkRange(raw, 'temperature', 0, 2, false);
  checkRange(raw, 'top_p', 0, 1, false);
  checkRange(raw, 'max_tokens', 1, Number.MAX_SAFE_INTEGER, true);
  checkRange(raw, 'max_completion_tokens', 1, Number.MAX_SAFE_INTEGER, true);
  checkRange(raw, 'presence_penalty', -2, 2, false);
  checkRange(raw, 'frequency_penalty', -2, 2, false);
  checkRange(raw, 'n', 1, 128, true);
  checkStop(raw);
  checkEnum(raw, 'reasoning_effort', REASONING_EFFORTS);
  checkEnum(raw, 'verbosity', VERBOSITIES);
  checkEnum(raw, 'reasoningSummary', REASONING_SUMMARIES);
  checkTools(raw);
  if (raw.parallel_tool_calls !== undefined && raw.parallel_tool_calls !== null) {
    if (typeof raw.parallel_tool_calls !== 'boolean') {
      throw invalidType('parallel_tool_calls', 'a boolean', raw.parallel_tool_calls);
    }
  }
  checkResponseFormat(raw);
  const body = raw as ChatRequestBody;
  const model = models.find((entry) => entry.id === body.model);
  if (!model) {
    throw new MockRequestError(404, {
      message: `The model '${body.model}' does not exist or you do not have access to it.`,
      param: 'model',
      code: 'model_not_found',
    });
  }
  checkCapabilities(body, model);
  return { body, model };
}
