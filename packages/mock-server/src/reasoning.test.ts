import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer } from './index';
import type { MockServer } from './node-server';
import { post, sseChunks, streamedText } from './test-helper.test-helper';
import { countTokens } from './tokenize';

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer();
});
afterAll(() => server.close());

const ask = (extra: Record<string, unknown> = {}) =>
  post(server.baseURL, { model: 'o4-mini', messages: [{ role: 'user', content: 'Hi' }], ...extra });

describe('reasoning models', () => {
  it('return reasoning_content and count it in reasoning_tokens and completion_tokens', async () => {
    const json = await (await ask({ reasoning_effort: 'low' })).json();
    const message = json.choices[0].message;
    expect(message.reasoning_content).toBe('The user wrote: "Hi".');
    expect(message.content).toBe('Hello! You said: "Hi". This is a mock reply from o4-mini.');
    const reasoning = countTokens(message.reasoning_content);
    expect(json.usage.completion_tokens_details.reasoning_tokens).toBe(reasoning);
    expect(json.usage.completion_tokens).toBe(reasoning + countTokens(message.content));
  });

  it('think longer with more effort (medium by default)', async () => {
    const tokens: number[] = [];
    for (const effort of ['low', 'medium', 'high', 'xhigh']) {
      const json = await (await ask({ reasoning_effort: effort })).json();
      tokens.push(json.usage.completion_tokens_details.reasoning_tokens);
    }
    expect(tokens[0]).toBeLessThan(tokens[1] as number);
    expect(tokens[1]).toBeLessThan(tokens[2] as number);
    expect(tokens[2]).toBeLessThan(tokens[3] as number);
    const byDefault = await (await ask()).json();
    expect(byDefault.choices[0].message.reasoning_content).toBe(
      'The user wrote: "Hi". I will reply to it.',
    );
    const xhigh = await (
      await ask({ reasoning_effort: 'xhigh', reasoningSummary: 'detail' })
    ).json();
    expect(xhigh.choices[0].message.reasoning_content).toBe(
      'The user wrote: "Hi". I will reply to it. I check the request for constraints. Nothing in it needs clarification. I keep the answer short and exact. I double-check names and numbers. I review the wording once more. Ready to answer.',
    );
  });

  it('stream reasoning_content deltas before the content deltas', async () => {
    const body = {
      reasoning_effort: 'high',
      stream: true,
      stream_options: { include_usage: true },
    };
    const json = await (await ask({ reasoning_effort: 'high' })).json();
    const chunks = sseChunks(await (await ask(body)).text());
    const deltas = chunks.slice(1, -1).map((chunk) => chunk.choices[0].delta);
    const firstContent = deltas.findIndex((delta) => 'content' in delta);
    const lastReasoning = deltas.map((delta) => 'reasoning_content' in delta).lastIndexOf(true);
    expect(lastReasoning).toBeGreaterThan(3);
    expect(lastReasoning).toBe(firstContent - 1);
    expect(
      deltas
        .slice(0, firstContent)
        .map((delta) => delta.reasoning_content)
        .join(''),
    ).toBe(json.choices[0].message.reasoning_content);
    expect(streamedText(chunks)).toBe(json.choices[0].message.content);
    expect(chunks.at(-1).usage.completion_tokens_details).toEqual(
      json.usage.completion_tokens_details,
    );
  });

  it('plan tool calls in their reasoning and spend max_tokens on reasoning first', async () => {
    const tools = [
      {
        type: 'function',
        function: { name: 'get_weather', parameters: { type: 'object', properties: {} } },
      },
    ];
    const json = await (
      await ask({
        tools,
        messages: [{ role: 'user', content: 'Weather?' }],
        reasoning_effort: 'medium',
      })
    ).json();
    expect(json.choices[0].message.reasoning_content).toBe(
      'The user wrote: "Weather?". I will call get_weather.',
    );
    const cut = await (await ask({ max_tokens: 3 })).json();
    expect(cut.choices[0]).toMatchObject({
      finish_reason: 'length',
      message: { content: '', reasoning_content: 'The user wrote' },
    });
    expect(cut.usage.completion_tokens).toBe(3);
  });

  it('deepseek-reasoner needs reasoning_content sent back in a tool-call turn', async () => {
    const tools = [
      {
        type: 'function',
        function: { name: 'get_weather', parameters: { type: 'object', properties: {} } },
      },
    ];
    const call = {
      id: 'call_1',
      type: 'function',
      function: { name: 'get_weather', arguments: '{}' },
    };
    const turn = (assistant: Record<string, unknown>) => ({
      model: 'deepseek-reasoner',
      tools,
      messages: [
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: null, tool_calls: [call], ...assistant },
        { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
      ],
    });
    const without = await post(server.baseURL, turn({}));
    expect(without.status).toBe(400);
    expect((await without.json()).error).toEqual({
      message:
        "Provider deepseek rejected the request: the assistant message messages[1] has tool calls but no 'reasoning_content'. Send the reasoning back in tool-call turns.",
      type: 'invalid_request_error',
      param: 'messages[1].reasoning_content',
      code: 'missing_reasoning_content',
    });
    const withReasoning = await post(
      server.baseURL,
      turn({ reasoning_content: 'I call the tool.' }),
    );
    expect(withReasoning.status).toBe(200);
    expect((await withReasoning.json()).choices[0].message.content).toBe(
      'Based on the tool results: get_weather: sunny.',
    );
    // o4-mini (like most upstreams) ignores a missing reasoning_content.
    expect((await post(server.baseURL, { ...turn({}), model: 'o4-mini' })).status).toBe(200);
  });

  it('are the only models that accept reasoning parameters', async () => {
    const response = await post(server.baseURL, {
      model: 'gpt-4.1',
      messages: [{ role: 'user', content: 'Hi' }],
      reasoning_effort: 'high',
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toBe(
      "Provider openai rejected the request: model 'gpt-4.1' does not support the parameter 'reasoning_effort'.",
    );
  });
});

// Report 2 of the mock-server review: non-streamed o4-mini replies were said to report
// `reasoning_tokens: 0`. JSON and stream must report the same usage for the same request.
describe('o4-mini usage, JSON and stream alike (report 2)', () => {
  const cases: [string, Record<string, unknown>][] = [
    ['plain', {}],
    ['high effort', { reasoning_effort: 'high' }],
    ['max_tokens', { max_tokens: 5 }],
    ['json_object', { response_format: { type: 'json_object' } }],
    ['n = 2', { n: 2 }],
    [
      'tools',
      {
        tools: [
          {
            type: 'function',
            function: {
              name: 'get_weather',
              parameters: { type: 'object', properties: { city: { type: 'string' } } },
            },
          },
        ],
        messages: [{ role: 'user', content: 'Weather in Oslo?' }],
      },
    ],
  ];
  it.each(cases)('%s', async (_name, extra) => {
    server.reset();
    const json = await (await ask(extra)).json();
    expect(json.usage.completion_tokens_details.reasoning_tokens).toBeGreaterThan(0);
    server.reset(); // the same prompt-cache state for the streamed twin
    const chunks = sseChunks(
      await (await ask({ ...extra, stream: true, stream_options: { include_usage: true } })).text(),
    );
    expect(chunks.at(-1).usage).toEqual(json.usage);
  });
});

describe('the reasoning plan with one tool called per place', () => {
  it('names each tool once', async () => {
    const json = await (
      await ask({
        messages: [{ role: 'user', content: 'Weather in Paris and in London?' }],
        tools: [
          {
            type: 'function',
            function: {
              name: 'get_weather',
              parameters: { type: 'object', properties: { city: { type: 'string' } } },
            },
          },
        ],
      })
    ).json();
    expect(json.choices[0].message.tool_calls).toHaveLength(2);
    expect(json.choices[0].message.reasoning_content).toBe(
      'The user wrote: "Weather in Paris and in London?". I will call get_weather.',
    );
  });
});
