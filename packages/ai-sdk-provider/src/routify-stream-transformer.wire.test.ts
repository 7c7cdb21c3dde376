import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { type MockServer, startMockServer } from '@routify/mock-server';
import { isStepCount, streamText, tool } from 'ai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createRoutify, type RoutifyProvider } from './routify-provider';

// Exact SSE bodies served over loopback (the mock's `respond` hook returns them as is), for the
// stream shapes that broke other providers (ai-sdk-v4-provider.md §8).

let server: MockServer;
let provider: RoutifyProvider;
let sse: string | undefined;
/** A JSON completion to answer with instead (for `doGenerate`). */
let json: unknown;

beforeAll(async () => {
  server = await startMockServer({
    respond: () =>
      json !== undefined
        ? new Response(JSON.stringify(json), { headers: { 'content-type': 'application/json' } })
        : sse === undefined
          ? undefined
          : new Response(sse, { headers: { 'content-type': 'text/event-stream; charset=utf-8' } }),
  });
  provider = createRoutify({ apiKey: 'k', baseURL: server.baseURL });
  (globalThis as { AI_SDK_LOG_WARNINGS?: unknown }).AI_SDK_LOG_WARNINGS = false;
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  sse = undefined;
  json = undefined;
  server.reset();
});

const head = {
  id: 'chatcmpl-w',
  object: 'chat.completion.chunk',
  created: 1764460800,
  model: 'gpt-4.1',
};
const event = (data: unknown) =>
  `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
const chunk = (delta: Record<string, unknown>, finish_reason: string | null = null) =>
  event({ ...head, choices: [{ index: 0, delta, finish_reason }] });
const tools = (calls: Array<Record<string, unknown>>, finish: string | null = null) =>
  chunk({ tool_calls: calls }, finish);
const usage = event({
  ...head,
  choices: [],
  usage: { prompt_tokens: 9, completion_tokens: 4, total_tokens: 13 },
});
const done = event('[DONE]');

async function parts(body: string): Promise<LanguageModelV4StreamPart[]> {
  sse = body;
  const { stream } = await provider('gpt-4.1').doStream({
    prompt: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
  });
  const result: LanguageModelV4StreamPart[] = [];
  for await (const part of stream as unknown as AsyncIterable<LanguageModelV4StreamPart>)
    result.push(part);
  return result;
}
const of = <T extends LanguageModelV4StreamPart['type']>(
  list: LanguageModelV4StreamPart[],
  type: T,
) =>
  list.filter(
    (part): part is Extract<LanguageModelV4StreamPart, { type: T }> => part.type === type,
  );

describe('stream wire shapes', () => {
  it('waits for a function name that arrives after the id and the first arguments', async () => {
    const list = await parts(
      chunk({ role: 'assistant' }) +
        tools([{ index: 0, id: 'call_1', type: 'function', function: { arguments: '{"city":' } }]) +
        tools([{ index: 0, function: { name: 'weather', arguments: '"Paris"}' } }]) +
        chunk({}, 'tool_calls') +
        usage +
        done,
    );
    expect(of(list, 'tool-input-start')).toEqual([
      { type: 'tool-input-start', id: 'call_1', toolName: 'weather' },
    ]);
    expect(of(list, 'tool-call')).toEqual([
      { type: 'tool-call', toolCallId: 'call_1', toolName: 'weather', input: '{"city":"Paris"}' },
    ]);
    expect(list.at(-1)).toMatchObject({
      type: 'finish',
      finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
    });
  });

  it('emits one call for a duplicate empty delta sent with the finish reason', async () => {
    const list = await parts(
      tools([
        { index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } },
      ]) +
        tools([{ index: 0, function: { arguments: '' } }], 'tool_calls') +
        done,
    );
    expect(of(list, 'tool-call')).toHaveLength(1);
    expect(of(list, 'tool-input-delta').map((part) => part.delta)).toEqual(['{"a":1}']);
  });

  it('runs a parameterless tool whose arguments never arrive, with {}', async () => {
    sse =
      tools(
        [{ index: 0, id: 'call_t', type: 'function', function: { name: 'time', arguments: '' } }],
        'tool_calls',
      ) + done;
    let input: unknown;
    const result = streamText({
      model: provider('gpt-4.1'),
      tools: {
        time: tool({
          inputSchema: z.object({}),
          execute: async (value) => {
            input = value;
            return '12:00';
          },
        }),
      },
      prompt: 'Time?',
    });
    await result.consumeStream();
    expect(input).toEqual({});
    expect(await result.finishReason).toBe('tool-calls');
  });

  it.each([
    ['missing', null],
    ['unknown', 'end_turn'],
  ])(
    'reports tool-calls when the finish reason is %s in a properly ended stream',
    async (_, reason) => {
      const list = await parts(
        tools(
          [{ index: 0, id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }],
          reason,
        ) +
          usage +
          done,
      );
      expect(of(list, 'tool-call')).toHaveLength(1);
      expect(list.at(-1)).toMatchObject({
        finishReason: { unified: 'tool-calls', raw: reason ?? undefined },
      });
      expect(of(list, 'error')).toHaveLength(0);
    },
  );

  it('never turns truncated arguments into a call when the body ends without a finish reason', async () => {
    const list = await parts(
      tools([{ index: 0, id: 'c', type: 'function', function: { name: 'f', arguments: '{"a":' } }]),
    );
    expect(of(list, 'tool-call')).toHaveLength(0);
    expect(of(list, 'error')).toHaveLength(1);
    expect(list.at(-1)).toMatchObject({ type: 'finish', finishReason: { unified: 'interrupted' } });
  });

  it('reports an error, not a successful other, for text ended by [DONE] without a finish reason', async () => {
    const list = await parts(chunk({ content: 'Hel' }) + chunk({ content: 'lo' }) + usage + done);
    expect(of(list, 'text-delta').map((part) => part.delta)).toEqual(['Hel', 'lo']);
    expect(of(list, 'error')).toHaveLength(1);
    expect(of(list, 'error')[0]?.error).toMatchObject({
      message: expect.stringContaining('without a finish reason'),
    });
    expect(list.at(-1)).toMatchObject({
      type: 'finish',
      finishReason: { unified: 'error', raw: undefined },
      usage: { inputTokens: { total: 9 }, outputTokens: { total: 4 } },
    });
  });

  it('reports an error for a stream with only a usage chunk, or nothing, before [DONE]', async () => {
    for (const body of [usage + done, done]) {
      const list = await parts(body);
      expect(list.map((part) => part.type).slice(-2)).toEqual(['error', 'finish']);
      expect(list.at(-1)).toMatchObject({ finishReason: { unified: 'error', raw: undefined } });
    }
  });

  it('keeps parallel calls apart by index, in order', async () => {
    const list = await parts(
      tools([
        { index: 0, id: 'a', type: 'function', function: { name: 'f', arguments: '' } },
        { index: 1, id: 'b', type: 'function', function: { name: 'g', arguments: '' } },
      ]) +
        tools([{ index: 1, function: { arguments: '{"y":2}' } }]) +
        tools([{ index: 0, function: { arguments: '{"x":1}' } }], 'tool_calls') +
        done,
    );
    expect(
      of(list, 'tool-call').map((part) => [part.toolCallId, part.toolName, part.input]),
    ).toEqual([
      ['a', 'f', '{"x":1}'],
      ['b', 'g', '{"y":2}'],
    ]);
  });

  it('reads reasoning from `reasoning` as well as `reasoning_content`, and closes it before tool input', async () => {
    const list = await parts(
      chunk({ reasoning: 'Think.' }) +
        tools(
          [{ index: 0, id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }],
          'tool_calls',
        ) +
        done,
    );
    const kinds = list.map((part) => part.type);
    expect(kinds.indexOf('reasoning-end')).toBeLessThan(kinds.indexOf('tool-input-start'));
    expect(of(list, 'reasoning-delta').map((part) => part.delta)).toEqual(['Think.']);
  });

  it('keeps reasoning sent in `reasoning` next to an empty `reasoning_content`', async () => {
    const list = await parts(
      chunk({ reasoning_content: '', reasoning: 'Think.' }) +
        chunk({ content: 'Hi', reasoning_content: null, reasoning: null }, 'stop') +
        done,
    );
    expect(of(list, 'reasoning-delta').map((part) => part.delta)).toEqual(['Think.']);
    json = {
      ...head,
      object: 'chat.completion',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Hi', reasoning_content: '', reasoning: 'Think.' },
          finish_reason: 'stop',
        },
      ],
    };
    const result = await provider('gpt-4.1').doGenerate({
      prompt: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    });
    expect(result.content).toEqual([
      { type: 'reasoning', text: 'Think.' },
      { type: 'text', text: 'Hi' },
    ]);
  });

  it('serializes tool arguments an upstream sent as a parsed object instead of crashing', async () => {
    const call = { id: 'c', type: 'function', function: { name: 'f', arguments: { a: 1 } } };
    const list = await parts(tools([{ index: 0, ...call }], 'tool_calls') + done);
    expect(of(list, 'tool-call')).toMatchObject([{ toolCallId: 'c', input: '{"a":1}' }]);
    json = {
      ...head,
      object: 'chat.completion',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: null, tool_calls: [call] },
          finish_reason: 'tool_calls',
        },
      ],
    };
    const result = await provider('gpt-4.1').doGenerate({
      prompt: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    });
    expect(result.content).toEqual([
      { type: 'tool-call', toolCallId: 'c', toolName: 'f', input: '{"a":1}' },
    ]);
  });

  it('gives repeated or missing tool call ids unique ids in generateText too, so results pair up', async () => {
    const call = (id: string) => ({
      id,
      type: 'function',
      function: { name: 'f', arguments: `{"n":"${id}"}` },
    });
    json = {
      ...head,
      object: 'chat.completion',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: null,
            tool_calls: [call('dup'), call('dup'), call('')],
          },
          finish_reason: 'tool_calls',
        },
      ],
    };
    const result = await provider('gpt-4.1').doGenerate({
      prompt: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    });
    const ids = result.content.map((part) => part.type === 'tool-call' && part.toolCallId);
    expect(ids[0]).toBe('dup');
    expect(new Set(ids).size).toBe(3);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
  });

  it('reads content part arrays (thinking then text) from upstreams that send them', async () => {
    const list = await parts(
      chunk({ content: [{ type: 'thinking', thinking: [{ type: 'text', text: 'Hmm.' }] }] }) +
        chunk({ content: [{ type: 'text', text: 'Yes.' }] }, 'stop') +
        done,
    );
    expect(of(list, 'reasoning-delta').map((part) => part.delta)).toEqual(['Hmm.']);
    expect(of(list, 'text-delta').map((part) => part.delta)).toEqual(['Yes.']);
    const kinds = list.map((part) => part.type);
    expect(kinds.indexOf('reasoning-end')).toBeLessThan(kinds.indexOf('text-start'));
  });

  it('ignores keep-alive comments and keeps the last usage chunk', async () => {
    const list = await parts(
      ': keep-alive\n\n' +
        chunk({ content: 'Hi' }) +
        ': keep-alive\n\n' +
        chunk({}, 'stop') +
        event({
          ...head,
          choices: [],
          usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
        }) +
        usage +
        done,
    );
    expect(of(list, 'text-delta').map((part) => part.delta)).toEqual(['Hi']);
    expect(list.at(-1)).toMatchObject({
      usage: { inputTokens: { total: 9 }, outputTokens: { total: 4 } },
    });
  });

  it.each(['error', 'insufficient_system_resource'])(
    'gives finish_reason "%s" an error part and the unified reason error',
    async (reason) => {
      const list = await parts(chunk({ content: 'Partial' }) + chunk({}, reason) + done);
      expect(of(list, 'error')).toHaveLength(1);
      expect(list.at(-1)).toMatchObject({ finishReason: { unified: 'error', raw: reason } });
    },
  );

  it('reports tool-calls for a tool-call turn ended with stop (as Gemini sends it)', async () => {
    const list = await parts(
      tools([{ index: 0, id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }]) +
        chunk({}, 'stop') +
        done,
    );
    expect(of(list, 'tool-call')).toHaveLength(1);
    expect(list.at(-1)).toMatchObject({ finishReason: { unified: 'tool-calls', raw: 'stop' } });
    json = {
      ...head,
      object: 'chat.completion',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }],
          },
          finish_reason: 'stop',
        },
      ],
    };
    const result = await provider('gpt-4.1').doGenerate({
      prompt: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    });
    expect(result.finishReason).toEqual({ unified: 'tool-calls', raw: 'stop' });
  });

  it('continues the tool loop after calls from a properly ended stream', async () => {
    sse =
      tools(
        [{ index: 0, id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }],
        'tool_calls',
      ) + done;
    let calls = 0;
    const result = streamText({
      model: provider('gpt-4.1'),
      tools: { f: tool({ inputSchema: z.object({}), execute: async () => ++calls }) },
      stopWhen: isStepCount(2),
      prompt: 'Go',
    });
    await result.consumeStream();
    expect(calls).toBe(2);
    expect(server.requests).toHaveLength(2);
  });
});
