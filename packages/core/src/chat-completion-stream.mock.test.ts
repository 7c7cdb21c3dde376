import { type MockRespondResult, type MockServer, startMockServer } from '@routify/mock-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatCompletionChunk } from './api-types';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  IncompleteStreamError,
  StreamError,
} from './errors';
import { Routify } from './routify';

// End to end over real loopback HTTP against @routify/mock-server and its faults
// (`x-mock-fault` header, see packages/mock-server/README.md § Faults).

const PROMPT = 'Скажи привет 😀👍🏽 世界';
const API_KEY = 'sk-test-stream-0123456789';

let server: MockServer;
let client: Routify;

/** A scripted reply, or a canned SSE body for framing the mock has no fault for. */
let canned: (() => MockRespondResult) | undefined;

beforeAll(async () => {
  server = await startMockServer({ respond: () => canned?.() });
  client = new Routify({ apiKey: API_KEY, baseURL: server.baseURL, maxRetries: 0 });
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  canned = undefined;
  server.reset();
});

const params = {
  model: 'gpt-4.1',
  messages: [{ role: 'user' as const, content: PROMPT }],
  stream: true as const,
};

function open(fault?: string, options: { idleTimeout?: number; signal?: AbortSignal } = {}) {
  return client.chat.completions.create(params, {
    ...options,
    headers: fault === undefined ? undefined : { 'x-mock-fault': fault },
  });
}

async function collect(stream: AsyncIterable<ChatCompletionChunk>) {
  const chunks: ChatCompletionChunk[] = [];
  try {
    for await (const chunk of stream) chunks.push(chunk);
  } catch (error) {
    return { chunks, error };
  }
  return { chunks, error: undefined };
}

const textOf = (chunks: ChatCompletionChunk[]) =>
  chunks.map((chunk) => chunk.choices[0]?.delta?.content ?? '').join('');

async function reference() {
  const stream = await open();
  const { chunks, error } = await collect(stream);
  expect(error).toBeUndefined();
  return { text: textOf(chunks), count: chunks.length, partial: stream.partial };
}

describe('streaming over loopback', () => {
  it('streams the reply, assembles the partial and sends a stream request', async () => {
    const { data: stream, response } = await open().withResponse();
    expect(response.status).toBe(200);
    expect(response.requestId).toBeTruthy();
    expect(stream.response.requestId).toBe(response.requestId);
    const { chunks, error } = await collect(stream);
    expect(error).toBeUndefined();
    const text = textOf(chunks);
    expect(text).toContain('😀👍🏽');
    expect(text).toContain('Скажи привет');
    expect(stream.partial.content).toBe(text);
    expect(stream.partial.finish_reason).toBe('stop');
    const request = server.requests[0];
    expect(request?.body).toMatchObject({ stream: true, model: 'gpt-4.1' });
    expect(request?.headers.accept).toBe('text/event-stream');
  });

  it('assembles usage from the include_usage chunk', async () => {
    const stream = await client.chat.completions.create({
      ...params,
      stream_options: { include_usage: true },
    });
    const { error } = await collect(stream);
    expect(error).toBeUndefined();
    expect(stream.partial.usage?.total_tokens).toBeGreaterThan(0);
  });

  it('assembles tool calls by index', async () => {
    canned = () => ({
      toolCalls: [
        { name: 'get_weather', arguments: { city: 'Москва' }, id: 'call_a' },
        { name: 'get_time', arguments: { zone: 'UTC' }, id: 'call_b' },
      ],
    });
    const stream = await open();
    const completion = await stream.finalCompletion();
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect(completion.choices[0]?.message.tool_calls?.map((call) => call.id)).toEqual([
      'call_a',
      'call_b',
    ]);
    expect(stream.partial.tool_calls).toEqual([
      {
        index: 0,
        id: 'call_a',
        type: 'function',
        function: { name: 'get_weather', arguments: '{"city":"Москва"}' },
      },
      {
        index: 1,
        id: 'call_b',
        type: 'function',
        function: { name: 'get_time', arguments: '{"zone":"UTC"}' },
      },
    ]);
  });

  it('assembles reasoning deltas', async () => {
    canned = () => ({ reasoning: 'Думаю… 🤔', content: 'Ответ' });
    const stream = await open();
    const { error } = await collect(stream);
    expect(error).toBeUndefined();
    expect(stream.partial.reasoning).toBe('Думаю… 🤔');
    expect(stream.partial.content).toBe('Ответ');
  });

  const framings = [
    'crlf',
    'cr',
    'no-space',
    'multiline',
    'bom',
    'keep-alive',
    'fields',
    'empty-event',
  ];
  const all = 'no-space, multiline, bom, keep-alive, fields, empty-event';
  it.each([...framings, `crlf, ${all}`, `cr, ${all}`, `cr, ${all}, bytewise; size=1`])(
    'framing %s decodes to the same chunks',
    async (fault) => {
      const expected = await reference();
      const { chunks, error } = await collect(await open(fault));
      expect(error).toBeUndefined();
      expect(chunks).toHaveLength(expected.count);
      expect(textOf(chunks)).toBe(expected.text);
    },
  );

  it.each([1, 2, 3, 5])(
    'Cyrillic and emoji split at every %i bytes (bytewise, CRLF and CR) stay intact',
    async (size) => {
      const expected = await reference();
      for (const framing of ['', 'crlf, ', 'cr, ']) {
        const { chunks, error } = await collect(await open(`${framing}bytewise; size=${size}`));
        expect(error).toBeUndefined();
        expect(textOf(chunks)).toBe(expected.text);
        expect(textOf(chunks)).not.toContain('\uFFFD');
      }
    },
  );

  it('data after [DONE] is ignored', async () => {
    const expected = await reference();
    const { chunks, error } = await collect(await open('data-after-done; content=INJECTED'));
    expect(error).toBeUndefined();
    expect(textOf(chunks)).toBe(expected.text);
    expect(textOf(chunks)).not.toContain('INJECTED');
  });

  it('a finish_reason without [DONE] is success', async () => {
    const expected = await reference();
    const { chunks, error } = await collect(await open('no-done'));
    expect(error).toBeUndefined();
    expect(textOf(chunks)).toBe(expected.text);
  });

  it('a JSON completion to a stream request is yielded as one chunk', async () => {
    const expected = await reference();
    const { chunks, error } = await collect(await open('json-to-stream'));
    expect(error).toBeUndefined();
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.object).toBe('chat.completion.chunk');
    expect(chunks[0]?.choices[0]?.delta.content).toBe(expected.text);
    expect(chunks[0]?.choices[0]?.finish_reason).toBe('stop');
  });

  it('a JSON error envelope with status 200 throws the APIError it names', async () => {
    const error = await open('error-200; code=429; message="slow down"').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(429);
    expect((error as APIError).upstreamMessage).toBe('slow down');
  });

  it('a truncated JSON body to a stream request throws an APIError', async () => {
    const error = await open('truncated-json').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(200);
  });

  it('a final event without its blank line is delivered (EOF flush policy)', async () => {
    const chunk = (content: string, finish: string | null = null) =>
      JSON.stringify({
        id: 'chatcmpl-x',
        object: 'chat.completion.chunk',
        created: 1,
        model: 'gpt-4.1',
        choices: [{ index: 0, delta: { content }, finish_reason: finish }],
      });
    canned = () =>
      new Response(`data: ${chunk('a')}\n\ndata: ${chunk('b', 'stop')}`, {
        headers: { 'content-type': 'text/event-stream' },
      });
    const { chunks, error } = await collect(await open());
    expect(error).toBeUndefined();
    expect(textOf(chunks)).toBe('ab');

    canned = () =>
      new Response(`data: ${chunk('a')}\n\ndata: ${chunk('b', 'stop').slice(0, 40)}`, {
        headers: { 'content-type': 'text/event-stream' },
      });
    const cut = await collect(await open());
    expect(cut.error).toBeInstanceOf(IncompleteStreamError);
    expect((cut.error as IncompleteStreamError).partial.content).toBe('a');
  });

  it('decodes a 10 000-chunk stream exactly', async () => {
    const parts: string[] = [];
    let expected = '';
    for (let i = 0; i < 10_000; i++) {
      const piece = ['я', '😀', `${i}`, '世'][i % 4] as string;
      expected += piece;
      parts.push(
        `data: {"choices":[{"index":0,"delta":{"content":${JSON.stringify(piece)}}}]}\n\n`,
      );
    }
    parts.push(
      'data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n',
    );
    const bytes = new TextEncoder().encode(parts.join(''));
    canned = () => {
      let offset = 0;
      // Odd-sized writes so that characters and lines straddle reads.
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (offset >= bytes.length) return controller.close();
          controller.enqueue(bytes.slice(offset, offset + 4093));
          offset += 4093;
        },
      });
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    };
    const stream = await open();
    let count = 0;
    let text = '';
    for await (const chunk of stream) {
      count++;
      text += chunk.choices[0]?.delta?.content ?? '';
    }
    expect(count).toBe(10_001);
    expect(text).toBe(expected);
  });
});

describe('stream failures over loopback carry the partial', () => {
  it('an error chunk → StreamError with the status its code names', async () => {
    const { chunks, error } = await collect(await open('error-chunk; after=2'));
    expect(error).toBeInstanceOf(StreamError);
    const streamError = error as StreamError;
    expect(streamError.status).toBe(502);
    expect(streamError.isRetryable).toBe(true);
    expect(streamError.upstreamMessage).toBe('Provider disconnected unexpectedly');
    expect(streamError.partial.content).toBe(textOf(chunks));
    expect(streamError.partial.content.length).toBeGreaterThan(0);
    expect(streamError.requestId).toBeTruthy();
    expect(JSON.stringify(streamError)).not.toContain(API_KEY);
  });

  it('an error chunk with choices (OpenRouter shape) and code 429', async () => {
    const { error } = await collect(await open('error-chunk; after=1; choices=true; code=429'));
    expect(error).toBeInstanceOf(StreamError);
    expect((error as StreamError).status).toBe(429);
    expect((error as StreamError).isRetryable).toBe(true);
    expect((error as StreamError).partial.finish_reason).toBe('error');
  });

  it('an error chunk with a string code has no status and is not retryable', async () => {
    const { error } = await collect(await open('error-chunk; after=1; code=server_error'));
    expect(error).toBeInstanceOf(StreamError);
    expect((error as StreamError).status).toBeUndefined();
    expect((error as StreamError).code).toBe('server_error');
    expect((error as StreamError).isRetryable).toBe(false);
  });

  it('an error chunk before any content is still a StreamError (the stream was handed over)', async () => {
    const { chunks, error } = await collect(await open('error-chunk; after=0; code=503'));
    expect(error).toBeInstanceOf(StreamError);
    expect((error as StreamError).isRetryable).toBe(true);
    expect(textOf(chunks)).toBe('');
  });

  it('event: error → StreamError', async () => {
    const { chunks, error } = await collect(await open('event-error; after=1; code=503'));
    expect(error).toBeInstanceOf(StreamError);
    expect((error as StreamError).status).toBe(503);
    expect((error as StreamError).partial.content).toBe(textOf(chunks));
  });

  it.each(['reset', 'close'])(
    'a %s mid-body → APIConnectionError with cause and partial',
    async (fault) => {
      const { chunks, error } = await collect(await open(`${fault}; after=2`));
      expect(error).toBeInstanceOf(APIConnectionError);
      const connectionError = error as APIConnectionError;
      expect(connectionError.cause).toBeDefined();
      expect(connectionError.partial?.content).toBe(textOf(chunks));
      expect(connectionError.partial?.content.length).toBeGreaterThan(0);
      expect(connectionError.isRetryable).toBe(false);
    },
  );

  it('a clean end with neither [DONE] nor finish_reason → IncompleteStreamError', async () => {
    const { chunks, error } = await collect(await open('no-finish; after=2'));
    expect(error).toBeInstanceOf(IncompleteStreamError);
    expect((error as IncompleteStreamError).partial.content).toBe(textOf(chunks));
    expect((error as IncompleteStreamError).partial.content.length).toBeGreaterThan(0);
  });

  it('the client idleTimeout applies to streams', async () => {
    const strict = new Routify({
      apiKey: API_KEY,
      baseURL: server.baseURL,
      maxRetries: 0,
      idleTimeout: 150,
    });
    const stream = await strict.chat.completions.create(params, {
      headers: { 'x-mock-fault': 'stall; after=1' },
    });
    const { error } = await collect(stream);
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
  });

  // Timing margins: CI runs every suite in parallel on 2 cores (load average up to 24). A gap that
  // must not trip the idle timer is 50× shorter than it (20 ms vs 1000 ms); the time without data
  // must exceed the timer, asserted as a strict lower bound, so the test can still fail.

  it('SSE comments alone keep an idle stream alive', async () => {
    const encoder = new TextEncoder();
    const comments = 60; // 60 gaps of ≥ 20 ms: ≥ 1200 ms of comments only
    const pieces = [
      'data: {"choices":[{"index":0,"delta":{"content":"a"}}]}\n\n',
      ...Array.from({ length: comments }, () => ': OPENROUTER PROCESSING\n\n'),
      'data: {"choices":[{"index":0,"delta":{"content":"b"},"finish_reason":"stop"}]}\n\n',
      'data: [DONE]\n\n',
    ];
    let firstDataAt = 0;
    let lastDataAt = 0;
    canned = () => {
      let index = 0;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const piece = pieces[index++];
          if (piece === undefined) return controller.close();
          if (index > 1) await new Promise((resolve) => setTimeout(resolve, 20));
          if (index === 1) firstDataAt = performance.now();
          if (index === comments + 2) lastDataAt = performance.now();
          controller.enqueue(encoder.encode(piece));
        },
      });
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    };
    const { chunks, error } = await collect(await open(undefined, { idleTimeout: 1000 }));
    expect(error).toBeUndefined();
    expect(textOf(chunks)).toBe('ab');
    // Without the comments resetting the idle timer, this long a silence would have timed out.
    expect(lastDataAt - firstDataAt).toBeGreaterThan(1000);
  });

  it('no first byte within idleTimeout → APIConnectionTimeoutError, retryable (nothing delivered)', async () => {
    const { chunks, error } = await collect(
      await open('delay-first; ms=10000', { idleTimeout: 150 }),
    );
    expect(chunks).toHaveLength(0);
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect((error as APIConnectionTimeoutError).isRetryable).toBe(true);
    expect((error as APIConnectionTimeoutError).partial).toEqual({
      content: '',
      reasoning: '',
      tool_calls: [],
    });
  });

  it('a slow drip under idleTimeout, and keep-alive comments, do not time out', async () => {
    const expected = await reference();
    const started = performance.now();
    const { chunks, error } = await collect(
      await open('drip; ms=20, keep-alive', { idleTimeout: 1000 }),
    );
    expect(error).toBeUndefined();
    expect(textOf(chunks)).toBe(expected.text);
    // Every gap (≥ 20 ms) was paid for: the drip really happened.
    expect(performance.now() - started).toBeGreaterThanOrEqual(20 * (expected.count - 1));
  });

  it('heartbeat comments while the first event is late keep the stream alive', async () => {
    const expected = await reference();
    const started = performance.now();
    const { chunks, error } = await collect(
      await open('delay-first; ms=1500, heartbeat; ms=20', { idleTimeout: 1000 }),
    );
    expect(error).toBeUndefined();
    expect(textOf(chunks)).toBe(expected.text);
    // 1500 ms without data, over the 1000 ms idle limit: only the heartbeats kept it alive.
    expect(performance.now() - started).toBeGreaterThanOrEqual(1500);
  });
});
