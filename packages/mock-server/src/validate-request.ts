import { badRequest, MockRequestError } from './error-reply';
import type { ChatRequestBody, MockModel } from './types';

const ROLES = ['system', 'developer', 'user', 'assistant', 'tool'];
const REASONING_EFFORTS = ['low', 'medium', 'high', 'xhigh'];
const VERBOSITIES = ['low', 'medium', 'high'];
const REASONING_SUMMARIES = ['auto', 'detail', 'concise'];
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a decimal';
  if (typeof value === 'boolean') return 'a boolean';
  return typeof value;
}

function list(values: readonly string[]): string {
  const quoted = values.map((value) => `'${value}'`);
  return quoted.length > 1
    ? `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`
    : (quoted[0] ?? '');
}

function invalidType(param: string, expected: string, value: unknown): MockRequestError {
  return badRequest(
    `Invalid type for '${param}': expected ${expected}, but got ${typeName(value)} instead.`,
    param,
    'invalid_type',
  );
}

function missing(param: string): MockRequestError {
  return badRequest(`Missing required parameter: '${param}'.`, param, 'missing_required_parameter');
}

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

function checkContentParts(parts: unknown[], param: string, allowImages: boolean): void {
  parts.forEach((part, j) => {
    const at = `${param}[${j}]`;
    if (!isObject(part)) throw invalidType(at, 'an object', part);
    if (part.type === 'text') {
      if (typeof part.text !== 'string') throw invalidType(`${at}.text`, 'a string', part.text);
      return;
    }
    if (part.type === 'image_url' && allowImages) {
      const image = part.image_url;
      if (!isObject(image) || typeof image.url !== 'string' || image.url === '') {
        throw badRequest(
          `Invalid '${at}.image_url': expected an object with a non-empty 'url' string.`,
          `${at}.image_url`,
          'invalid_value',
        );
      }
      return;
    }
    const supported = allowImages ? ['text', 'image_url'] : ['text'];
    throw badRequest(
      `Invalid value for '${at}.type': ${JSON.stringify(part.type)}. Supported values are: ${list(supported)}.`,
      `${at}.type`,
      'invalid_value',
    );
  });
}

function checkMessages(messages: unknown): void {
  if (messages === undefined) throw missing('messages');
  if (!Array.isArray(messages)) throw invalidType('messages', 'an array of objects', messages);
  if (messages.length === 0) {
    throw badRequest(
      "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      'messages',
      'empty_array',
    );
  }
  const toolCallIds = new Set<string>();
  messages.forEach((message, i) => {
    const at = `messages[${i}]`;
    if (!isObject(message)) throw invalidType(at, 'an object', message);
    const role = message.role;
    if (role === undefined) throw missing(`${at}.role`);
    if (typeof role !== 'string' || !ROLES.includes(role)) {
      throw badRequest(
        `Invalid value for '${at}.role': ${JSON.stringify(role)}. Supported values are: ${list(ROLES)}.`,
        `${at}.role`,
        'invalid_value',
      );
    }
    const content = message.content;
    if (message.name !== undefined && typeof message.name !== 'string') {
      throw invalidType(`${at}.name`, 'a string', message.name);
    }
    if (role === 'assistant') {
      if (content !== undefined && content !== null) {
        if (Array.isArray(content)) checkContentParts(content, `${at}.content`, false);
        else if (typeof content !== 'string') {
          throw invalidType(`${at}.content`, 'a string or an array of objects', content);
        }
      }
      const reasoning = message.reasoning_content;
      if (reasoning !== undefined && reasoning !== null && typeof reasoning !== 'string') {
        throw invalidType(`${at}.reasoning_content`, 'a string', reasoning);
      }
      const calls = message.tool_calls;
      if (calls !== undefined && calls !== null) {
        if (!Array.isArray(calls)) throw invalidType(`${at}.tool_calls`, 'an array', calls);
        calls.forEach((call, j) => {
          const callAt = `${at}.tool_calls[${j}]`;
          if (!isObject(call)) throw invalidType(callAt, 'an object', call);
          if (typeof call.id !== 'string') throw invalidType(`${callAt}.id`, 'a string', call.id);
          if (call.id === '') {
            throw badRequest(
              `Invalid '${callAt}.id': empty string. Expected a string with minimum length 1, but got an empty string instead.`,
              `${callAt}.id`,
              'empty_string',
            );
          }
          if (call.type !== 'function') {
            throw badRequest(
              `Invalid value for '${callAt}.type': ${JSON.stringify(call.type)}. Supported values are: 'function'.`,
              `${callAt}.type`,
              'invalid_value',
            );
          }
          const fn = call.function;
          if (!isObject(fn)) throw invalidType(`${callAt}.function`, 'an object', fn);
          if (typeof fn.name !== 'string' || fn.name === '') {
            throw invalidType(`${callAt}.function.name`, 'a non-empty string', fn.name);
          }
          if (typeof fn.arguments !== 'string') {
            throw invalidType(`${callAt}.function.arguments`, 'a string', fn.arguments);
          }
          toolCallIds.add(call.id);
        });
      }
      const hasCalls = Array.isArray(calls) && calls.length > 0;
      if (hasCalls) {
        const answered = new Set<unknown>();
        for (let k = i + 1; k < messages.length; k++) {
          const next = messages[k] as Json | undefined;
          if (!isObject(next) || next.role !== 'tool') break;
          answered.add(next.tool_call_id);
        }
        const missed = (calls as Json[]).map((call) => call.id).filter((id) => !answered.has(id));
        if (missed.length > 0) {
          throw badRequest(
            `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${missed.join(', ')}.`,
            `${at}.tool_calls`,
            'missing_tool_response',
          );
        }
      }
      if (!hasCalls && (content === undefined || content === null)) {
        throw missing(`${at}.content`);
      }
      return;
    }
    if (content === undefined || content === null) throw missing(`${at}.content`);
    if (Array.isArray(content)) checkContentParts(content, `${at}.content`, role === 'user');
    else if (typeof content !== 'string') {
      throw invalidType(`${at}.content`, 'a string or an array of objects', content);
    }
    if (role === 'tool') {
      const id = message.tool_call_id;
      if (id === undefined) throw missing(`${at}.tool_call_id`);
      if (typeof id !== 'string') throw invalidType(`${at}.tool_call_id`, 'a string', id);
      if (!toolCallIds.has(id)) {
        throw badRequest(
          `Invalid parameter: '${at}.tool_call_id' is ${JSON.stringify(id)}, which does not match any tool call id of a preceding assistant message with 'tool_calls'.`,
          `${at}.tool_call_id`,
          'invalid_tool_call_id',
        );
      }
    }
  });
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
  if (!can.vision) {
    body.messages.forEach((message, i) => {
      if (!Array.isArray(message.content)) return;
      message.content.forEach((part, j) => {
        if (part.type === 'image_url') throw refuse(model, `messages[${i}].content[${j}]`);
      });
    });
  }
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
 * Validates a chat completion request like the real API (README, "Validation"): throws a
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
