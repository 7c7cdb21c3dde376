import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChatCompletionChunk } from './api-types';
import { ChatCompletionStream } from './chat-completion-stream';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  IncompleteStreamError,
  InternalServerError,
  RateLimitError,
  RoutifyError,
  StreamError,
} from './errors';

// In-memory bodies give byte-exact control over read boundaries, cancellation and errors; the
// same behaviours over real loopback HTTP are in chat-completion-stream.mock.test.ts.

const utf8 = new TextEncoder();

interface FakeBody {
  body: ReadableStream<Uint8Array>;
  cancelled: () => boolean;
}

/** A pull-based body: one read per piece; then `end` decides what happens. */
function fakeBody(
  pieces: (string | Uint8Array)[],
  end: 'close' | 'hang' | Error = 'close',
): FakeBody {
  let index = 0;
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller): Promise<void> | undefined {
        const piece = pieces[index++];
        if (piece !== undefined) {
          controller.enqueue(typeof piece === 'string' ? utf8.encode(piece) : piece);
          return undefined;
        }
        if (end === 'hang') return new Promise<void>(() => undefined);
        if (end === 'close') controller.close();
        else controller.error(end);
        return undefined;
      },
      cancel() {
        cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { body, cancelled: () => cancelled };
}

const sse = { 'content-type': 'text/event-stream', 'x-request-id': 'req_1' };

const makeChunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  created: 1764460800,
  model: 'gpt-4.1',
  choices: [{ index: 0, delta, finish_reason: finish }],
});

const event = (value: unknown) => `data: ${JSON.stringify(value)}\n\n`;

const text = (chunks: ChatCompletionChunk[]) =>
  chunks.map((chunk) => chunk.choices[0]?.delta?.content ?? '').join('');

async function open(
  pieces: (string | Uint8Array)[],
  options: {
    end?: 'close' | 'hang' | Error;
    headers?: Record<string, string>;
    idleTimeout?: number;
    signal?: AbortSignal;
    status?: number;
  } = {},
) {
  const fake = fakeBody(pieces, options.end);
  const controller = new AbortController();
  const response = new Response(fake.body, {
    status: options.status ?? 200,
    headers: options.headers ?? sse,
  });
  const stream = await ChatCompletionStream.fromResponse({
    response,
    controller,
    idleTimeout: options.idleTimeout,
    signal: options.signal,
    secrets: ['sk-secret'],
  });
  return { stream, controller, cancelled: fake.cancelled };
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

const hello = [
  event(makeChunk({ role: 'assistant', content: '' })),
  event(makeChunk({ content: 'При' })),
  event(makeChunk({ content: 'вет' })),
];
const finish = event(makeChunk({}, 'stop'));
const usage = { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 };
const usageChunk = event({ ...makeChunk({}), choices: [], usage });

afterEach(() => {
  vi.useRealTimers();
});

describe('ChatCompletionStream: success', () => {
  it('yields every chunk, assembles the partial and exposes the response', async () => {
    const { stream, controller } = await open([...hello, finish, usageChunk, 'data: [DONE]\n\n']);
    expect(stream.response).toEqual({
      status: 200,
      headers: expect.any(Headers),
      requestId: 'req_1',
    });
    const { chunks, error } = await collect(stream);
    expect(error).toBeUndefined();
    expect(chunks).toHaveLength(5);
    expect(text(chunks)).toBe('Привет');
    expect(stream.partial).toMatchObject({ content: 'Привет', finish_reason: 'stop', usage });
    expect(stream.ended).toBe(true);
    expect(controller.signal.aborted).toBe(false);
  });

  it('ends at [DONE] and cancels a body that stays open, ignoring what follows', async () => {
    const { stream, cancelled, controller } = await open(
      [...hello, 'data: [DONE]\n\ndata: {"choices":[{"index":0,"delta":{"content":"X"}}]}\n\n'],
      { end: 'hang' },
    );
    const { chunks, error } = await collect(stream);
    expect(error).toBeUndefined();
    expect(text(chunks)).toBe('Привет');
    expect(cancelled()).toBe(true);
    expect(controller.signal.aborted).toBe(false);
  });

  it('a finish_reason without [DONE] is success', async () => {
    const { stream } = await open([...hello, finish, usageChunk]);
    const { chunks, error } = await collect(stream);
    expect(error).toBeUndefined();
    expect(chunks).toHaveLength(5);
    expect(stream.partial.usage).toEqual(usage);
  });

  // Correctness, not speed (speed belongs to the benchmark): cheap enough for a loaded CI machine.
  // The same 10 000 chunks over real loopback HTTP are in chat-completion-stream.mock.test.ts.
  const manyChunks = (count: number) => {
    let expected = '';
    const parts: string[] = [];
    for (let i = 0; i < count; i++) {
      const piece = ['я', '😀', 'a', '世'][i % 4] as string;
      expected += piece;
      parts.push(event({ choices: [{ index: 0, delta: { content: piece } }] }));
    }
    parts.push(finish, 'data: [DONE]\n\n');
    return { expected, bytes: utf8.encode(parts.join('')) };
  };

  /** Cuts `bytes` into reads whose sizes cycle through `sizes`. */
  const cut = (bytes: Uint8Array, sizes: number[]) => {
    const pieces: Uint8Array[] = [];
    for (let offset = 0, i = 0; offset < bytes.length; i++) {
      const size = sizes[i % sizes.length] as number;
      pieces.push(bytes.subarray(offset, offset + size));
      offset += size;
    }
    return pieces;
  };

  async function expectDecoded(count: number, sizes: number[]) {
    const { expected, bytes } = manyChunks(count);
    const { stream } = await open(cut(bytes, sizes));
    let chunks = 0;
    let got = '';
    for await (const chunk of stream) {
      chunks++;
      got += chunk.choices[0]?.delta?.content ?? '';
    }
    expect(chunks).toBe(count + 1);
    expect(got).toBe(expected);
    expect(stream.partial.content).toBe(expected);
  }

  it('decodes a stream fed one byte per read exactly (every character and line split)', async () => {
    await expectDecoded(400, [1]);
  });

  it('decodes a 10 000-chunk stream cut into reads of 1–13 bytes exactly', async () => {
    // Sizes coprime with the event length, so reads end at every offset within events,
    // inside 2-, 3- and 4-byte UTF-8 sequences and between the two newlines of a separator.
    await expectDecoded(10_000, [1, 2, 3, 5, 7, 11, 13]);
  });

  it('finalCompletion() drains the stream into a ChatCompletion', async () => {
    const toolCall = {
      tool_calls: [
        { index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"a"' } },
      ],
    };
    const { stream } = await open([
      event(makeChunk({ reasoning: 'hmm' })),
      event(makeChunk(toolCall)),
      event(makeChunk({ tool_calls: [{ index: 0, function: { arguments: ':1}' } }] })),
      event(makeChunk({}, 'tool_calls')),
      usageChunk,
      'data: [DONE]\n\n',
    ]);
    expect(await stream.finalCompletion()).toEqual({
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1764460800,
      model: 'gpt-4.1',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: null,
            reasoning_content: 'hmm',
            tool_calls: [
              { id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } },
            ],
          },
          finish_reason: 'tool_calls',
        },
      ],
      usage,
    });
  });

  it('toReadableStream() yields the chunks and closes', async () => {
    const { stream } = await open([...hello, finish, 'data: [DONE]\n\n']);
    const reader = stream.toReadableStream().getReader();
    const chunks: ChatCompletionChunk[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
    }
    expect(text(chunks)).toBe('Привет');
  });

  it('toReadableStream() errors with the stream error, and cancel() closes the body', async () => {
    const failing = await open([...hello]);
    const reader = failing.stream.toReadableStream().getReader();
    await expect(
      (async () => {
        for (;;) if ((await reader.read()).done) return;
      })(),
    ).rejects.toBeInstanceOf(IncompleteStreamError);

    const hanging = await open([...hello], { end: 'hang' });
    const readable = hanging.stream.toReadableStream();
    const r = readable.getReader();
    await r.read();
    await r.cancel();
    expect(hanging.cancelled()).toBe(true);
    expect(hanging.controller.signal.aborted).toBe(true);
  });

  it('can be iterated only once', async () => {
    const { stream } = await open([...hello, finish]);
    await collect(stream);
    expect(() => stream[Symbol.asyncIterator]()).toThrow(RoutifyError);
    expect(() => stream.toReadableStream()).toThrow(/already iterated/);
  });
});

describe('ChatCompletionStream: failures carry the partial', () => {
  it('an error chunk → StreamError with status from a numeric code, retryable by the HTTP rule', async () => {
    const { stream, cancelled } = await open(
      [
        ...hello,
        event({
          ...makeChunk({ content: '' }, 'error'),
          error: { message: 'Rate limited upstream', code: 429, type: 'rate_limit' },
          usage,
        }),
        event(makeChunk({ content: 'never' })),
      ],
      { end: 'hang' },
    );
    const { chunks, error } = await collect(stream);
    expect(text(chunks)).toBe('Привет');
    expect(error).toBeInstanceOf(StreamError);
    const streamError = error as StreamError;
    expect(streamError.status).toBe(429);
    expect(streamError.code).toBe(429);
    expect(streamError.type).toBe('rate_limit');
    expect(streamError.isRetryable).toBe(true);
    expect(streamError.upstreamMessage).toBe('Rate limited upstream');
    expect(streamError.requestId).toBe('req_1');
    expect(streamError.partial).toMatchObject({ content: 'Привет', finish_reason: 'error', usage });
    expect(cancelled()).toBe(true);
  });

  it('a string code gives no status and is not retryable', async () => {
    const { stream } = await open([
      event({ error: { message: 'Provider disconnected unexpectedly', code: 'server_error' } }),
    ]);
    const { error } = await collect(stream);
    expect(error).toBeInstanceOf(StreamError);
    expect((error as StreamError).status).toBeUndefined();
    expect((error as StreamError).isRetryable).toBe(false);
    expect((error as StreamError).message).toContain('Provider disconnected unexpectedly');
  });

  it('event: error → StreamError, flat payload', async () => {
    const { stream } = await open([
      hello[1] as string,
      'event: error\ndata: {"message":"boom","code":503}\n\n',
    ]);
    const { error } = await collect(stream);
    expect(error).toBeInstanceOf(StreamError);
    expect((error as StreamError).status).toBe(503);
    expect((error as StreamError).isRetryable).toBe(true);
    expect((error as StreamError).partial.content).toBe('При');
  });

  it('malformed JSON data → StreamError (cause: the SyntaxError), not a raw SyntaxError', async () => {
    const { stream } = await open([hello[1] as string, 'data: {"choices": [oops\n\n', finish]);
    const { error } = await collect(stream);
    expect(error).toBeInstanceOf(StreamError);
    expect((error as StreamError).message).toMatch(/not a JSON chunk/);
    expect((error as StreamError).cause).toBeInstanceOf(SyntaxError);
    expect((error as StreamError).partial.content).toBe('При');
  });

  it('a clean end with neither [DONE] nor finish_reason → IncompleteStreamError', async () => {
    const { stream } = await open([...hello]);
    const { chunks, error } = await collect(stream);
    expect(chunks).toHaveLength(3);
    expect(error).toBeInstanceOf(IncompleteStreamError);
    expect((error as IncompleteStreamError).partial.content).toBe('Привет');
    expect((error as IncompleteStreamError).isRetryable).toBe(false);
  });

  it('an empty body → IncompleteStreamError', async () => {
    const { stream } = await open([]);
    const { error } = await collect(stream);
    expect(error).toBeInstanceOf(IncompleteStreamError);
  });

  it('a final event cut inside its JSON at EOF → IncompleteStreamError', async () => {
    const { stream } = await open([...hello, 'data: {"choices":[{"index":0,"delta":{"con']);
    const { error } = await collect(stream);
    expect(error).toBeInstanceOf(IncompleteStreamError);
    expect((error as Error).message).toMatch(/inside an event/);
  });

  it('a final event without its blank line is delivered (EOF flush)', async () => {
    const { stream } = await open([...hello, `data: ${JSON.stringify(makeChunk({}, 'stop'))}`]);
    const { chunks, error } = await collect(stream);
    expect(error).toBeUndefined();
    expect(chunks).toHaveLength(4);
  });

  it('a read error before the end → APIConnectionError with cause; not retryable after content', async () => {
    const cause = new TypeError('terminated');
    const { stream } = await open([...hello], { end: cause });
    const { error } = await collect(stream);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as APIConnectionError).cause).toMatchObject({ message: 'terminated' });
    expect((error as APIConnectionError).partial?.content).toBe('Привет');
    expect((error as APIConnectionError).isRetryable).toBe(false);
    expect((error as APIConnectionError).requestId).toBe('req_1');
  });

  it('a read error before any content is retryable', async () => {
    const { stream } = await open([': hi\n\n'], { end: new TypeError('terminated') });
    const { error } = await collect(stream);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as APIConnectionError).isRetryable).toBe(true);
  });

  it('the error is sticky: later next() calls rethrow it', async () => {
    const { stream } = await open([...hello]);
    const iterator = stream[Symbol.asyncIterator]();
    for (let i = 0; i < 3; i++) await iterator.next();
    const first = await iterator.next().catch((error: unknown) => error);
    const second = await iterator.next().catch((error: unknown) => error);
    expect(first).toBeInstanceOf(IncompleteStreamError);
    expect(second).toBe(first);
  });
});

describe('ChatCompletionStream: idle timeout', () => {
  it('no bytes for idleTimeout ms → APIConnectionTimeoutError with the partial', async () => {
    vi.useFakeTimers();
    const { stream, cancelled, controller } = await open([...hello], {
      end: 'hang',
      idleTimeout: 1000,
    });
    const result = collect(stream);
    await vi.advanceTimersByTimeAsync(999);
    expect(stream.ended).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const { chunks, error } = await result;
    expect(chunks).toHaveLength(3);
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect((error as APIConnectionTimeoutError).kind).toBe('idleTimeout');
    expect((error as APIConnectionTimeoutError).timeout).toBe(1000);
    expect((error as APIConnectionTimeoutError).partial?.content).toBe('Привет');
    expect((error as APIConnectionTimeoutError).isRetryable).toBe(false);
    expect(cancelled()).toBe(true);
    expect(controller.signal.aborted).toBe(true);
  });

  it('time the consumer spends between reads does not count', async () => {
    vi.useFakeTimers();
    const { stream } = await open([...hello, finish], { idleTimeout: 100 });
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    await vi.advanceTimersByTimeAsync(10_000);
    const rest = [];
    for (let r = await iterator.next(); !r.done; r = await iterator.next()) rest.push(r.value);
    expect(rest).toHaveLength(3);
  });

  it('bytes arriving under the limit keep the stream alive (comments count)', async () => {
    vi.useFakeTimers();
    const pieces = [...hello, ': keep-alive\n', ': keep-alive\n', finish];
    let index = 0;
    const body = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          const piece = pieces[index++];
          if (piece === undefined) return controller.close();
          await new Promise((resolve) => setTimeout(resolve, 80));
          controller.enqueue(utf8.encode(piece));
        },
      },
      { highWaterMark: 0 },
    );
    const stream = await ChatCompletionStream.fromResponse({
      response: new Response(body, { headers: sse }),
      idleTimeout: 100,
    });
    const result = collect(stream);
    await vi.advanceTimersByTimeAsync(80 * pieces.length + 10);
    const { chunks, error } = await result;
    expect(error).toBeUndefined();
    expect(chunks).toHaveLength(4);
  });
});

describe('ChatCompletionStream: cancellation', () => {
  it('abort() while the caller awaits → APIUserAbortError with the partial; body cancelled', async () => {
    const { stream, cancelled, controller } = await open([...hello], { end: 'hang' });
    const chunks: ChatCompletionChunk[] = [];
    const error = await (async () => {
      try {
        for await (const chunk of stream) {
          chunks.push(chunk);
          if (chunks.length === 3) setTimeout(() => stream.abort(), 5);
        }
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect((error as APIUserAbortError).partial?.content).toBe('Привет');
    expect(cancelled()).toBe(true);
    expect(controller.signal.aborted).toBe(true);
  });

  it("the caller's signal → APIUserAbortError", async () => {
    const caller = new AbortController();
    const { stream, cancelled } = await open([...hello], { end: 'hang', signal: caller.signal });
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    const pending = iterator
      .next()
      .then(() => iterator.next())
      .then(() => iterator.next());
    setTimeout(() => caller.abort(new Error('user left')), 5);
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect((error as APIUserAbortError).cause).toMatchObject({ message: 'user left' });
    expect(cancelled()).toBe(true);
  });

  it('an already-aborted signal fails the first read', async () => {
    const caller = new AbortController();
    caller.abort();
    const { stream } = await open([...hello], { signal: caller.signal });
    const { chunks, error } = await collect(stream);
    expect(chunks).toHaveLength(0);
    expect(error).toBeInstanceOf(APIUserAbortError);
  });

  it('break cancels the body and aborts the controller, quietly', async () => {
    const { stream, cancelled, controller } = await open([...hello], { end: 'hang' });
    for await (const chunk of stream) {
      expect(chunk).toBeDefined();
      break;
    }
    expect(cancelled()).toBe(true);
    expect(controller.signal.aborted).toBe(true);
    expect(stream.ended).toBe(true);
    await expect(stream.finalCompletion()).rejects.toBeInstanceOf(APIUserAbortError);
  });

  it('abort() inside the loop takes effect at the next chunk, even when more were decoded', async () => {
    const { stream } = await open([hello.join('')], { end: 'hang' });
    const chunks: ChatCompletionChunk[] = [];
    const error = await (async () => {
      for await (const chunk of stream) {
        chunks.push(chunk);
        stream.abort();
      }
    })().catch((e: unknown) => e);
    expect(chunks).toHaveLength(1);
    expect(error).toBeInstanceOf(APIUserAbortError);
    // Only the role chunk was delivered: `partial` holds nothing the loop did not receive.
    expect((error as APIUserAbortError).partial?.content).toBe('');
    expect(stream.partial.content).toBe('');
  });

  it('abort() after the end does nothing', async () => {
    const { stream, controller } = await open([...hello, finish]);
    await collect(stream);
    stream.abort();
    expect(controller.signal.aborted).toBe(false);
  });
});

describe('ChatCompletionStream.fromResponse: content types', () => {
  const json = (body: unknown, status = 200) =>
    ChatCompletionStream.fromResponse({
      response: new Response(typeof body === 'string' ? body : JSON.stringify(body), {
        status,
        headers: { 'content-type': 'application/json; charset=utf-8', 'x-request-id': 'req_j' },
      }),
      secrets: ['sk-secret'],
    });

  it('a JSON error envelope with a numeric code throws the APIError of that status', async () => {
    const error = await json({ error: { message: 'slow down', code: 429 } }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as APIError).status).toBe(429);
    expect((error as APIError).upstreamMessage).toBe('slow down');
    expect((error as APIError).isRetryable).toBe(true);
    expect((error as APIError).requestId).toBe('req_j');
  });

  it('a JSON error envelope without a status is a 500-like error, not retryable', async () => {
    const error = await json({
      error: { message: 'Upstream failed', code: 'upstream_error' },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as APIError).isRetryable).toBe(false);
    expect((error as APIError).message).toContain('Upstream failed');
  });

  it('a JSON body that is not JSON throws an APIError with the status and body start', async () => {
    const error = await json('{"id": "chatcmpl-1", "choi').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(200);
    expect((error as APIError).message).toContain('chatcmpl-1');
  });

  it('a JSON body that is neither a completion nor an error throws', async () => {
    await expect(json({ hello: 'world' })).rejects.toBeInstanceOf(APIError);
  });

  it('a full completion is yielded as one synthesized chunk', async () => {
    const stream = await json({
      id: 'chatcmpl-9',
      object: 'chat.completion',
      created: 1764460800,
      model: 'gpt-4.1',
      choices: [
        {
          index: 0,
          finish_reason: 'tool_calls',
          message: {
            role: 'assistant',
            content: 'ok',
            reasoning_content: 'because',
            tool_calls: [
              { id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } },
            ],
          },
        },
      ],
      usage,
    });
    const { chunks, error } = await collect(stream);
    expect(error).toBeUndefined();
    expect(chunks).toEqual([
      {
        id: 'chatcmpl-9',
        object: 'chat.completion.chunk',
        created: 1764460800,
        model: 'gpt-4.1',
        choices: [
          {
            index: 0,
            finish_reason: 'tool_calls',
            delta: {
              role: 'assistant',
              content: 'ok',
              reasoning_content: 'because',
              tool_calls: [
                {
                  index: 0,
                  id: 'call_1',
                  type: 'function',
                  function: { name: 'f', arguments: '{}' },
                },
              ],
            },
          },
        ],
        usage,
      },
    ]);
    expect(stream.partial).toMatchObject({
      content: 'ok',
      reasoning: 'because',
      finish_reason: 'tool_calls',
      usage,
    });
  });

  it('an HTML 200 throws an APIError naming the page', async () => {
    const error = await ChatCompletionStream.fromResponse({
      response: new Response('<html><title>Bad Gateway</title><body>nginx</body></html>', {
        headers: { 'content-type': 'text/html' },
      }),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).message).toContain('Bad Gateway');
  });

  it('no content-type is read as SSE', async () => {
    const body = fakeBody([...hello, finish]).body;
    const stream = await ChatCompletionStream.fromResponse({ response: new Response(body) });
    const { chunks } = await collect(stream);
    expect(text(chunks)).toBe('Привет');
  });
});
