import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockChatRequest, type MockRespondResult, startMockServer } from './index';
import type { MockServer } from './node-server';
import { NOW, post, sseChunks, streamedText } from './test-helper.test-helper';

let server: MockServer;
const seen: MockChatRequest[] = [];
beforeAll(async () => {
  server = await startMockServer({
    now: () => NOW,
    models: [
      {
        id: 'canned',
        ownedBy: 'me',
        provider: 'acme',
        created: 1,
        capabilities: {
          tools: true,
          jsonSchema: true,
          jsonObject: true,
          vision: false,
          reasoning: true,
        },
        reply: 'Always this.',
      },
    ],
    respond: async (request): Promise<MockRespondResult> => {
      seen.push(request);
      const last = request.body.messages.at(-1)?.content;
      if (last === 'text') return 'Scripted text.';
      if (last === 'tools') {
        return {
          reasoning: 'Think.',
          toolCalls: [
            { name: 'get_weather', arguments: { city: 'Paris' } },
            { name: 'get_time', arguments: '{"zone":"Asia/Tokyo"}', id: 'call_fixed' },
          ],
          usage: { prompt_tokens: 100 },
          headers: { 'x-scripted': '1' },
        };
      }
      if (last === 'error') {
        return {
          error: {
            status: 429,
            message: 'Slow down.',
            type: 'rate_limit_error',
            code: 'rate_limited',
          },
          headers: { 'retry-after': '1' },
        };
      }
      if (last === 'raw') return new Response('plain', { status: 418 });
      if (last === 'throw') throw new Error('hook bug');
      return undefined;
    },
  });
});
afterAll(() => server.close());

const ask = (content: string, extra: Record<string, unknown> = {}) =>
  post(server.baseURL, { model: 'gpt-4.1', messages: [{ role: 'user', content }], ...extra });

describe('respond hook', () => {
  it('frames a scripted text like the mock own replies, JSON and SSE', async () => {
    const json = await (await ask('text')).json();
    expect(json.choices[0]).toEqual({
      index: 0,
      message: { role: 'assistant', content: 'Scripted text.', refusal: null },
      logprobs: null,
      finish_reason: 'stop',
    });
    expect(json.usage.completion_tokens).toBe(4);
    const chunks = sseChunks(await (await ask('text', { stream: true })).text());
    expect(streamedText(chunks)).toBe('Scripted text.');
    expect(chunks.at(-1).choices[0].finish_reason).toBe('stop');
    expect(seen.at(-1)?.model.id).toBe('gpt-4.1');
    expect(seen.at(-1)?.record.headers.authorization).toBe('Bearer ***');
  });

  it('frames scripted tool calls and reasoning, with usage overrides and headers', async () => {
    const response = await ask('tools');
    expect(response.headers.get('x-scripted')).toBe('1');
    const json = await response.json();
    expect(json.choices[0].finish_reason).toBe('tool_calls');
    expect(json.choices[0].message).toEqual({
      role: 'assistant',
      content: null,
      reasoning_content: 'Think.',
      tool_calls: [
        {
          id: expect.stringMatching(/^call_[0-9A-Za-z]{24}$/),
          type: 'function',
          function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
        },
        {
          id: 'call_fixed',
          type: 'function',
          function: { name: 'get_time', arguments: '{"zone":"Asia/Tokyo"}' },
        },
      ],
      refusal: null,
    });
    expect(json.usage.prompt_tokens).toBe(100);
    expect(json.usage.total_tokens).toBe(100 + json.usage.completion_tokens);
    expect(json.usage.completion_tokens_details.reasoning_tokens).toBe(2);
  });

  it('answers a scripted error in the OpenAI envelope', async () => {
    const response = await ask('error');
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await response.json()).toEqual({
      error: { message: 'Slow down.', type: 'rate_limit_error', param: null, code: 'rate_limited' },
    });
  });

  it('sends a Response as is, and falls back to the rules on undefined', async () => {
    const raw = await ask('raw');
    expect(raw.status).toBe(418);
    expect(await raw.text()).toBe('plain');
    const fallback = await (await ask('anything')).json();
    expect(fallback.choices[0].message.content).toBe(
      'Hello! You said: "anything". This is a mock reply from gpt-4.1.',
    );
  });

  it('answers a 500 naming the error when the hook throws', async () => {
    const response = await ask('throw');
    expect(response.status).toBe(500);
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
    expect((await response.json()).error).toEqual({
      message: 'The respond hook threw: hook bug',
      type: 'server_error',
      param: null,
      code: 'respond_hook_error',
    });
  });

  it('is called only for valid requests', async () => {
    const before = seen.length;
    expect((await post(server.baseURL, { model: 'gpt-4.1', messages: [] })).status).toBe(400);
    expect(seen.length).toBe(before);
  });
});

describe('canned replies per model', () => {
  it('uses the model reply when the hook returns undefined', async () => {
    const json = await (
      await post(server.baseURL, {
        model: 'canned',
        messages: [{ role: 'user', content: 'anything' }],
      })
    ).json();
    expect(json.choices[0].message.content).toBe('Always this.');
    expect(json.model).toBe('canned');
  });
});
