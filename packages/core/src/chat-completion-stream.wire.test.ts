import { type MockServer, startMockServer } from '@routify/mock-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatCompletionChunk } from './api-types';
import { APIError, ChatCompletionStream, Routify, StreamError } from './index';

// Stream regressions found in review, each driven by exact bytes sent over loopback by the mock
// server's `respond` hook (a Response it sends as is).

const KEY = 'sk-routify-wire-0123456789';

/** The body of the next reply: strings are written as separate chunks. */
let parts: string[] = [];
/** The `content-type` of the next scripted reply. */
let contentType = 'text/event-stream';
let server: MockServer;

beforeAll(async () => {
  server = await startMockServer({
    apiKey: KEY,
    // No scripted parts: the mock's own reply (so `x-mock-fault` applies).
    respond: () =>
      parts.length === 0
        ? undefined
        : new Response(
            new ReadableStream<Uint8Array>({
              start(controller) {
                for (const part of parts) controller.enqueue(new TextEncoder().encode(part));
                controller.close();
              },
            }),
            { headers: { 'content-type': contentType } },
          ),
  });
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.reset();
  parts = [];
  contentType = 'text/event-stream';
});

const delta = (value: Record<string, unknown>, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: value, finish_reason: finish }] })}\n\n`;

async function read(body: string[]) {
  parts = body;
  const client = new Routify({ apiKey: KEY, baseURL: server.baseURL, maxRetries: 0 });
  const stream = await client.chat.completions.create({
    model: 'gpt-4.1',
    messages: [{ role: 'user', content: 'Hi' }],
    stream: true,
  });
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return { chunks, partial: stream.partial };
}

describe('partial result assembly', () => {
  it('regression: an empty reasoning_content next to reasoning no longer hides the reasoning', async () => {
    const { partial } = await read([
      delta({ reasoning: 'a' }),
      delta({ reasoning_content: '', reasoning: 'b' }),
      delta({ reasoning_content: null, reasoning: 'c' }),
      delta({ reasoning_content: 'd', reasoning: 'd' }),
      delta({}, 'stop'),
      'data: [DONE]\n\n',
    ]);
    expect(partial.reasoning).toBe('abcd');
  });

  it('regression: tool-call fragments without index continue the call whose id they name', async () => {
    const call = (id: string | undefined, name: string | undefined, args: string) => ({
      tool_calls: [
        { ...(id ? { id } : {}), function: { ...(name ? { name } : {}), arguments: args } },
      ],
    });
    const { partial } = await read([
      delta(call('call_a', 'first', '{"x"')),
      delta(call(undefined, undefined, ':1}')),
      delta(call('call_b', 'second', '{}')),
      delta(call('call_a', undefined, '')),
      delta({}, 'tool_calls'),
      'data: [DONE]\n\n',
    ]);
    expect(partial.tool_calls).toEqual([
      {
        index: 0,
        id: 'call_a',
        type: 'function',
        function: { name: 'first', arguments: '{"x":1}' },
      },
      { index: 1, id: 'call_b', type: 'function', function: { name: 'second', arguments: '{}' } },
    ]);
  });
});

describe('bounded and typed decoding', () => {
  it('regression: an event that never ends fails with a StreamError past maxEventSize, not unbounded memory', async () => {
    parts = [delta({ content: 'ok' }), `data: {"x":"${'y'.repeat(4096)}`, 'y'.repeat(4096)];
    const response = await fetch(`${server.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'Hi' }] }),
    });
    const stream = await ChatCompletionStream.fromResponse({ response, maxEventSize: 1024 });
    const chunks: ChatCompletionChunk[] = [];
    const error = await (async () => {
      for await (const chunk of stream) chunks.push(chunk);
    })().catch((e: unknown) => e);
    expect(chunks).toHaveLength(1);
    expect(StreamError.isInstance(error)).toBe(true);
    expect((error as StreamError).isRetryable).toBe(false);
    expect((error as StreamError).message).toContain('grew past 1024 characters');
    expect((error as StreamError).partial.content).toBe('ok');
  });

  it('regression: "error": "" (falsy, as the openai SDK tests it) is a chunk, not a StreamError', async () => {
    const chunk = JSON.parse(delta({ content: 'a' }).slice(6)) as Record<string, unknown>;
    const { partial } = await read([
      `data: ${JSON.stringify({ ...chunk, error: '' })}\n\n`,
      delta({}, 'stop'),
    ]);
    expect(partial.content).toBe('a');
  });
});

describe('chunks match their type', () => {
  it('regression: a chunk without choices (or choices: null) is yielded with choices: [], not undefined', async () => {
    const { chunks, partial } = await read([
      'data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m"}\n\n',
      'data: {"id":"c1","object":"chat.completion.chunk","choices":null}\n\n',
      delta({ content: 'a' }, 'stop'),
    ]);
    expect(chunks.map((chunk) => chunk.choices.length)).toEqual([0, 0, 1]);
    expect(chunks[0]?.model).toBe('m');
    expect(partial.content).toBe('a');
  });

  it('regression: a choice without delta (or delta: null, or no index) gets delta {} and its position', async () => {
    const { chunks, partial } = await read([
      'data: {"id":"c1","choices":[{"index":0,"finish_reason":null,"native_finish_reason":null}]}\n\n',
      'data: {"id":"c1","choices":[{"delta":null}]}\n\n',
      delta({ content: 'a' }, 'stop'),
    ]);
    expect(chunks[0]?.choices[0]).toEqual({
      index: 0,
      delta: {},
      finish_reason: null,
      native_finish_reason: null,
    });
    expect(chunks[1]?.choices[0]).toEqual({ index: 0, delta: {} });
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('a');
    expect(partial.content).toBe('a');
  });
});

describe('named events', () => {
  it('regression: chunks sent with another event name (event: chunk) are read, not silently dropped', async () => {
    const client = new Routify({ apiKey: KEY, baseURL: server.baseURL, maxRetries: 0 });
    const stream = await client.chat.completions.create(
      { model: 'gpt-4.1', messages: [{ role: 'user', content: 'Привет' }], stream: true },
      { headers: { 'x-mock-fault': 'fields; event=chunk; retry=10' } },
    );
    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(2);
    expect(stream.partial.content).toContain('Привет');
    expect(stream.partial.finish_reason).toBe('stop');
  });

  it('a named keep-alive whose data is not a chunk (event: ping) is still skipped', async () => {
    const { chunks, partial } = await read([
      'event: ping\ndata: {"type":"ping"}\n\n',
      'event: ping\ndata: ping\n\n',
      delta({ content: 'a' }, 'stop'),
      'event: done\ndata: [DONE]\n\n',
    ]);
    expect(chunks).toHaveLength(1);
    expect(partial.content).toBe('a');
  });
});

describe('an event stream labelled application/json', () => {
  it('regression: SSE sent with content-type application/json is streamed, not read whole and rejected as "not JSON"', async () => {
    contentType = 'application/json';
    const { chunks, partial } = await read([
      ': keep-alive\n\n',
      delta({ content: 'При' }),
      delta({ content: 'вет' }, 'stop'),
      'data: [DONE]\n\n',
    ]);
    expect(chunks).toHaveLength(2);
    expect(partial.content).toBe('Привет');
  });

  it('a JSON body is still JSON, and garbage is still an APIError with the body start', async () => {
    contentType = 'application/json; charset=utf-8';
    const completion = {
      id: 'x',
      object: 'chat.completion',
      created: 1,
      model: 'm',
      choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }],
    };
    const { partial } = await read(['  ', JSON.stringify(completion)]);
    expect(partial.content).toBe('hi');
    const error = await read(['garbage!']).catch((e: unknown) => e);
    expect(APIError.isInstance(error)).toBe(true);
    expect((error as APIError).message).toContain('garbage!');
  });
});
