import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer } from './index';
import type { MockServer } from './node-server';
import { post } from './test-helper.test-helper';

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer();
});
afterAll(() => server.close());

const user = [{ role: 'user', content: 'hi' }];
const base = { model: 'gpt-4.1', messages: user };
const weather = {
  type: 'function',
  function: { name: 'get_weather', parameters: { type: 'object', properties: {} } },
};
const withCall = (args: unknown, id = 'call_1') => [
  { role: 'user', content: 'weather?' },
  {
    role: 'assistant',
    content: null,
    tool_calls: [{ id, type: 'function', function: { name: 'get_weather', arguments: args } }],
  },
  { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
];

async function expectError(
  body: unknown,
  status: number,
  error: { message: string | RegExp; param: string | null; code: string | null },
) {
  const response = await post(server.baseURL, body);
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/json');
  expect(response.headers.get('x-request-id')).toMatch(/^req_/);
  const json = await response.json();
  expect(Object.keys(json)).toEqual(['error']);
  expect(json.error).toEqual({
    message:
      typeof error.message === 'string' ? error.message : expect.stringMatching(error.message),
    type: 'invalid_request_error',
    param: error.param,
    code: error.code,
  });
}

describe('400 for a bad request body', () => {
  it('malformed JSON', async () => {
    await expectError('{"model":', 400, {
      message:
        'We could not parse the JSON body of your request. Send a JSON object with Content-Type: application/json.',
      param: null,
      code: 'invalid_json',
    });
  });

  it('a body that is not an object', async () => {
    await expectError([1], 400, {
      message: 'The request body must be a JSON object, but got an array.',
      param: null,
      code: 'invalid_request_body',
    });
  });

  const cases: [string, unknown, string | RegExp, string | null, string][] = [
    [
      'missing model',
      { messages: user },
      'You must provide a model parameter.',
      'model',
      'missing_required_parameter',
    ],
    [
      'non-string model',
      { model: 4, messages: user },
      "Invalid type for 'model': expected a string, but got an integer instead.",
      'model',
      'invalid_type',
    ],
    [
      'missing messages',
      { model: 'gpt-4.1' },
      "Missing required parameter: 'messages'.",
      'messages',
      'missing_required_parameter',
    ],
    [
      'empty messages',
      { model: 'gpt-4.1', messages: [] },
      "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      'messages',
      'empty_array',
    ],
    [
      'unknown role',
      { model: 'gpt-4.1', messages: [{ role: 'bot', content: 'x' }] },
      `Invalid value for 'messages[0].role': "bot". Supported values are: 'system', 'developer', 'user', 'assistant' and 'tool'.`,
      'messages[0].role',
      'invalid_value',
    ],
    [
      'user message without content',
      { model: 'gpt-4.1', messages: [{ role: 'user' }] },
      "Missing required parameter: 'messages[0].content'.",
      'messages[0].content',
      'missing_required_parameter',
    ],
    [
      'temperature above 2',
      { ...base, temperature: 2.5 },
      "Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got 2.5 instead.",
      'temperature',
      'decimal_above_max_value',
    ],
    [
      'temperature below 0',
      { ...base, temperature: -1 },
      "Invalid 'temperature': decimal below minimum value. Expected a value >= 0, but got -1 instead.",
      'temperature',
      'decimal_below_min_value',
    ],
    [
      'top_p above 1',
      { ...base, top_p: 1.5 },
      "Invalid 'top_p': decimal above maximum value. Expected a value <= 1, but got 1.5 instead.",
      'top_p',
      'decimal_above_max_value',
    ],
    [
      'max_tokens 0',
      { ...base, max_tokens: 0 },
      "Invalid 'max_tokens': integer below minimum value. Expected a value >= 1, but got 0 instead.",
      'max_tokens',
      'integer_below_min_value',
    ],
    [
      'max_tokens not an integer',
      { ...base, max_tokens: 1.5 },
      "Invalid type for 'max_tokens': expected an integer, but got a decimal instead.",
      'max_tokens',
      'invalid_type',
    ],
    [
      'five stop strings',
      { ...base, stop: ['a', 'b', 'c', 'd', 'e'] },
      "Invalid 'stop': array too long. Expected an array with maximum length 4, but got an array with length 5 instead.",
      'stop',
      'array_above_max_length',
    ],
    [
      'bad reasoning_effort',
      { ...base, model: 'o4-mini', reasoning_effort: 'extreme' },
      `Invalid value for 'reasoning_effort': "extreme". Supported values are: 'low', 'medium', 'high' and 'xhigh'.`,
      'reasoning_effort',
      'invalid_value',
    ],
    [
      'bad verbosity',
      { ...base, verbosity: 'loud' },
      `Invalid value for 'verbosity': "loud". Supported values are: 'low', 'medium' and 'high'.`,
      'verbosity',
      'invalid_value',
    ],
    [
      'bad reasoningSummary',
      { ...base, model: 'o4-mini', reasoningSummary: 'full' },
      `Invalid value for 'reasoningSummary': "full". Supported values are: 'auto', 'detail' and 'concise'.`,
      'reasoningSummary',
      'invalid_value',
    ],
    [
      'tool message without a matching tool call',
      { ...base, messages: [...user, { role: 'tool', tool_call_id: 'call_x', content: 'r' }] },
      `Invalid parameter: 'messages[1].tool_call_id' is "call_x", which does not match any tool call id of a preceding assistant message with 'tool_calls'.`,
      'messages[1].tool_call_id',
      'invalid_tool_call_id',
    ],
    [
      'tool-call arguments that are not a string',
      { ...base, messages: withCall({ city: 'Paris' }) },
      "Invalid type for 'messages[1].tool_calls[0].function.arguments': expected a string, but got an object instead.",
      'messages[1].tool_calls[0].function.arguments',
      'invalid_type',
    ],
    [
      'an empty tool-call id',
      { ...base, messages: withCall('{}', '') },
      "Invalid 'messages[1].tool_calls[0].id': empty string. Expected a string with minimum length 1, but got an empty string instead.",
      'messages[1].tool_calls[0].id',
      'empty_string',
    ],
    [
      'stream not a boolean',
      { ...base, stream: 'yes' },
      "Invalid type for 'stream': expected a boolean, but got a string instead.",
      'stream',
      'invalid_type',
    ],
    [
      'n above 128',
      { ...base, n: 129 },
      "Invalid 'n': integer above maximum value. Expected a value <= 128, but got 129 instead.",
      'n',
      'integer_above_max_value',
    ],
    [
      'tool_choice without tools',
      { ...base, tool_choice: 'required' },
      "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.",
      'tool_choice',
      'invalid_value',
    ],
    [
      'tool_choice naming an unknown tool',
      { ...base, tools: [weather], tool_choice: { type: 'function', function: { name: 'nope' } } },
      `Invalid value for 'tool_choice': function "nope" is not one of the tools.`,
      'tool_choice',
      'invalid_value',
    ],
    [
      'a bad tool name',
      { ...base, tools: [{ type: 'function', function: { name: 'get weather' } }] },
      `Invalid 'tools[0].function.name': "get weather" does not match '^[a-zA-Z0-9_-]{1,64}$'.`,
      'tools[0].function.name',
      'invalid_value',
    ],
    [
      'json_schema without a name',
      { ...base, response_format: { type: 'json_schema', json_schema: { schema: {} } } },
      `Invalid 'response_format.json_schema.name': undefined does not match '^[a-zA-Z0-9_-]{1,64}$'.`,
      'response_format.json_schema.name',
      'invalid_value',
    ],
    [
      'an unsupported content part',
      {
        ...base,
        messages: [{ role: 'user', content: [{ type: 'video_url', video_url: {} }] }],
      },
      `Invalid value for 'messages[0].content[0].type': "video_url". Supported values are: 'text', 'image_url', 'input_audio' and 'file'.`,
      'messages[0].content[0].type',
      'invalid_value',
    ],
    [
      'an input_audio part without data',
      {
        ...base,
        messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: {} }] }],
      },
      `Invalid 'messages[0].content[0].input_audio.data': expected a non-empty base64 string.`,
      'messages[0].content[0].input_audio.data',
      'invalid_value',
    ],
    [
      'an input_audio part with an unknown format',
      {
        ...base,
        messages: [
          {
            role: 'user',
            content: [{ type: 'input_audio', input_audio: { data: 'AAA', format: 'ogg' } }],
          },
        ],
      },
      `Invalid value for 'messages[0].content[0].input_audio.format': "ogg". Supported values are: 'wav' and 'mp3'.`,
      'messages[0].content[0].input_audio.format',
      'invalid_value',
    ],
    [
      'a file part with neither file_data nor file_id',
      {
        ...base,
        messages: [{ role: 'user', content: [{ type: 'file', file: { filename: 'a.pdf' } }] }],
      },
      `Invalid 'messages[0].content[0].file': expected 'file_data' (a base64 data URL, e.g. 'data:application/pdf;base64,…') or 'file_id'.`,
      'messages[0].content[0].file',
      'invalid_value',
    ],
    [
      'a file part in a system message',
      {
        ...base,
        messages: [{ role: 'system', content: [{ type: 'file', file: { file_id: 'file-1' } }] }],
      },
      `Invalid value for 'messages[0].content[0].type': "file". Supported values are: 'text'.`,
      'messages[0].content[0].type',
      'invalid_value',
    ],
  ];
  for (const [name, body, message, param, code] of cases) {
    it(name, () => expectError(body, 400, { message, param, code }));
  }
});

describe('404 for an unknown model or URL', () => {
  it('unknown model', () =>
    expectError({ ...base, model: 'gpt-9' }, 404, {
      message: "The model 'gpt-9' does not exist or you do not have access to it.",
      param: 'model',
      code: 'model_not_found',
    }));

  it('unknown URL', async () => {
    const response = await fetch(`${server.baseURL}/embeddings`, {
      method: 'POST',
      headers: { authorization: 'Bearer k' },
    });
    expect(response.status).toBe(404);
    expect((await response.json()).error).toEqual({
      message: 'Invalid URL (POST /v1/embeddings).',
      type: 'invalid_request_error',
      param: null,
      code: 'unknown_url',
    });
  });
});

describe('400 when the model lacks the capability (named provider and parameter)', () => {
  const refusal = (provider: string, model: string, param: string) => ({
    message: `Provider ${provider} rejected the request: model '${model}' does not support the parameter '${param}'.`,
    param,
    code: 'unsupported_parameter',
  });
  it('tools on a model without tool support', () =>
    expectError(
      { ...base, model: 'yandexgpt-lite', tools: [weather] },
      400,
      refusal('yandex', 'yandexgpt-lite', 'tools'),
    ));
  it('parallel_tool_calls on a model without tool support', () =>
    expectError(
      { ...base, model: 'yandexgpt-lite', parallel_tool_calls: false },
      400,
      refusal('yandex', 'yandexgpt-lite', 'parallel_tool_calls'),
    ));
  it('json_schema on a model without it', () =>
    expectError(
      {
        ...base,
        model: 'deepseek-reasoner',
        response_format: { type: 'json_schema', json_schema: { name: 'x', schema: {} } },
      },
      400,
      refusal('deepseek', 'deepseek-reasoner', 'response_format'),
    ));
  it('an image part on a model without vision', () =>
    expectError(
      {
        ...base,
        model: 'yandexgpt-lite',
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'what is it?' },
              { type: 'image_url', image_url: { url: 'https://x/y.png' } },
            ],
          },
        ],
      },
      400,
      refusal('yandex', 'yandexgpt-lite', 'messages[0].content[1]'),
    ));
  it('reasoning_effort on a model without reasoning', () =>
    expectError(
      { ...base, reasoning_effort: 'low' },
      400,
      refusal('openai', 'gpt-4.1', 'reasoning_effort'),
    ));
  it('reasoningSummary on a model without reasoning', () =>
    expectError(
      { ...base, reasoningSummary: 'auto' },
      400,
      refusal('openai', 'gpt-4.1', 'reasoningSummary'),
    ));
});

describe('accepted parameters', () => {
  it('accepts standard OpenAI parameters and unknown keys, and records them', async () => {
    const body = {
      ...base,
      seed: 7,
      user: 'u-1',
      presence_penalty: 0.5,
      frequency_penalty: -0.5,
      logprobs: false,
      n: 1,
      temperature: 0,
      top_p: 1,
      verbosity: 'low',
      stop: null,
      metadata: { a: 'b' },
      provider: { order: ['openai'] },
      x_custom: [1, 2],
    };
    const response = await post(server.baseURL, body);
    expect(response.status).toBe(200);
    const record = server.requests.at(-1);
    expect(record?.body).toEqual(body);
  });

  it('accepts an assistant message sent back with reasoning_content', async () => {
    const response = await post(server.baseURL, {
      model: 'o4-mini',
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: 'Hello', reasoning_content: 'The user greets me.' },
        { role: 'user', content: 'again' },
      ],
    });
    expect(response.status).toBe(200);
  });
});

describe('401 for a missing or wrong key', () => {
  it('refuses a request without a key, on every route', async () => {
    for (const [method, path] of [
      ['GET', '/models'],
      ['POST', '/chat/completions'],
    ] as const) {
      const response = await fetch(`${server.baseURL}${path}`, {
        method,
        body: method === 'POST' ? '{}' : undefined,
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('x-request-id')).toMatch(/^req_/);
      expect((await response.json()).error).toEqual({
        message:
          "You didn't provide an API key. Send it in the Authorization header as 'Authorization: Bearer YOUR_KEY'.",
        type: 'invalid_request_error',
        param: null,
        code: 'missing_api_key',
      });
    }
    const blank = await fetch(`${server.baseURL}/models`, {
      headers: { authorization: 'Bearer  ' },
    });
    expect(blank.status).toBe(401);
  });

  it('accepts only the configured key and never echoes a key', async () => {
    const strict = await startMockServer({ apiKey: 'sk-right' });
    try {
      const wrong = await fetch(`${strict.baseURL}/models`, {
        headers: { authorization: 'Bearer sk-wrong-123' },
      });
      expect(wrong.status).toBe(401);
      const text = await wrong.text();
      expect(text).not.toContain('sk-wrong-123');
      expect(text).not.toContain('sk-right');
      expect(JSON.parse(text).error.code).toBe('invalid_api_key');
      expect(strict.requests[0]?.headers.authorization).toBe('Bearer ***');
      const right = await fetch(`${strict.baseURL}/models`, {
        headers: { authorization: 'Bearer sk-right' },
      });
      expect(right.status).toBe(200);
    } finally {
      await strict.close();
    }
  });
});
