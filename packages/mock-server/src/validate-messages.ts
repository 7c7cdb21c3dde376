import { badRequest } from './error-reply';
import { invalidType, isObject, type Json, list, missing } from './validation-helpers';

const ROLES = ['system', 'developer', 'user', 'assistant', 'tool'];

/** Content-part types each role may send (OpenAI chat completions). */
const PART_TYPES: Record<string, readonly string[]> = {
  user: ['text', 'image_url', 'input_audio', 'file'],
  assistant: ['text', 'refusal'],
  system: ['text'],
  developer: ['text'],
  tool: ['text'],
};

const AUDIO_FORMATS = ['wav', 'mp3'];

function invalidValue(param: string, detail: string) {
  return badRequest(`Invalid '${param}': ${detail}`, param, 'invalid_value');
}

function checkPart(part: Json, at: string): void {
  switch (part.type) {
    case 'text':
      if (typeof part.text !== 'string') throw invalidType(`${at}.text`, 'a string', part.text);
      return;
    case 'refusal':
      if (typeof part.refusal !== 'string') {
        throw invalidType(`${at}.refusal`, 'a string', part.refusal);
      }
      return;
    case 'image_url': {
      const image = part.image_url;
      if (!isObject(image) || typeof image.url !== 'string' || image.url === '') {
        throw invalidValue(`${at}.image_url`, "expected an object with a non-empty 'url' string.");
      }
      return;
    }
    case 'file': {
      const file = part.file;
      if (!isObject(file)) throw invalidType(`${at}.file`, 'an object', file);
      for (const key of ['filename', 'file_data', 'file_id']) {
        if (file[key] !== undefined && typeof file[key] !== 'string') {
          throw invalidType(`${at}.file.${key}`, 'a string', file[key]);
        }
      }
      if (!file.file_data && !file.file_id) {
        throw invalidValue(
          `${at}.file`,
          "expected 'file_data' (a base64 data URL, e.g. 'data:application/pdf;base64,…') or 'file_id'.",
        );
      }
      return;
    }
    case 'input_audio': {
      const audio = part.input_audio;
      if (!isObject(audio)) throw invalidType(`${at}.input_audio`, 'an object', audio);
      if (typeof audio.data !== 'string' || audio.data === '') {
        throw invalidValue(`${at}.input_audio.data`, 'expected a non-empty base64 string.');
      }
      if (typeof audio.format !== 'string' || !AUDIO_FORMATS.includes(audio.format)) {
        throw badRequest(
          `Invalid value for '${at}.input_audio.format': ${JSON.stringify(audio.format)}. Supported values are: ${list(AUDIO_FORMATS)}.`,
          `${at}.input_audio.format`,
          'invalid_value',
        );
      }
      return;
    }
  }
}

function checkContentParts(parts: unknown[], param: string, role: string): void {
  const supported = PART_TYPES[role] ?? ['text'];
  parts.forEach((part, j) => {
    const at = `${param}[${j}]`;
    if (!isObject(part)) throw invalidType(at, 'an object', part);
    if (typeof part.type !== 'string' || !supported.includes(part.type)) {
      throw badRequest(
        `Invalid value for '${at}.type': ${JSON.stringify(part.type)}. Supported values are: ${list(supported)}.`,
        `${at}.type`,
        'invalid_value',
      );
    }
    checkPart(part, at);
  });
}

/**
 * Validates `messages` (README, "Requests and errors"): roles, contents and content parts, assistant
 * tool calls, tool messages answering earlier tool calls, every tool call answered.
 */
export function checkMessages(messages: unknown): void {
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
        if (Array.isArray(content)) checkContentParts(content, `${at}.content`, role);
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
    if (Array.isArray(content)) checkContentParts(content, `${at}.content`, role);
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
