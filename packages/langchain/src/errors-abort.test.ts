import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ChatRoutify } from './chat-routify';
import {
  APIConnectionTimeoutError,
  AuthenticationError,
  BadRequestError,
  IncompleteStreamError,
  InternalServerError,
  MissingAPIKeyError,
  NotFoundError,
  RateLimitError,
  StreamError,
} from './index';
import { type ScriptedMock, startScriptedMock, TEST_KEY } from './mock.test-helper';

let mock: ScriptedMock;
beforeAll(async () => {
  mock = await startScriptedMock();
});
afterAll(() => mock.close());
afterEach(() => {
  mock.reset();
  vi.unstubAllEnvs();
});

const encoder = new TextEncoder();
const chunkEvent = (delta: Record<string, unknown>, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-x', object: 'chat.completion.chunk', model: 'gpt-4.1', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

/** An SSE response that sends `events`, then either ends or stays open until cancelled. */
function sseResponse(events: string[], keepOpen: boolean): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const event of events) controller.enqueue(encoder.encode(event));
      if (!keepOpen) controller.close();
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
}

async function rejection(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Record<string, unknown>;
  }
  throw new Error('expected a rejection');
}

async function drain(stream: AsyncIterable<unknown>): Promise<unknown[]> {
  const items: unknown[] = [];
  for await (const item of stream) items.push(item);
  return items;
}

/**
 * Runs `body` with LangChain's retry waits (p-retry's `setTimeout`, 1–60 s) recorded and run at
 * once, so retry tests assert the delay instead of sleeping through it.
 */
async function withInstantRetryWaits<T>(
  body: () => Promise<T>,
): Promise<{ result: T; delays: number[] }> {
  const realSetTimeout = globalThis.setTimeout;
  const delays: number[] = [];
  // only p-retry's waits (LangChain's AsyncCaller); other timers (sockets, core) run as set
  const isRetryWait = (ms: number) =>
    ms >= 1000 && ms <= 60_000 && (new Error().stack ?? '').includes('p-retry');
  const spy = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((
    callback: () => void,
    ms?: number,
    ...args: unknown[]
  ) => {
    const delay = ms ?? 0;
    if (isRetryWait(delay)) delays.push(delay);
    return realSetTimeout(callback, isRetryWait(delay) ? 0 : delay, ...args);
  }) as typeof setTimeout);
  try {
    return { result: await body(), delays };
  } finally {
    spy.mockRestore();
  }
}

describe('HTTP errors', () => {
  it('a 401 surfaces as AuthenticationError with status and lc_error_code, not retried, no key', async () => {
    mock.script(() => ({
      error: { status: 401, message: 'Invalid API key', type: 'authentication_error' },
    }));
    const error = await rejection(mock.model().invoke('Hi'));
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error.status).toBe(401);
    expect(error.lc_error_code).toBe('MODEL_AUTHENTICATION');
    expect(String(error.message)).not.toContain(TEST_KEY);
    expect(JSON.stringify(error)).not.toContain(TEST_KEY);
    expect(mock.bodies()).toHaveLength(1);
  });

  it('an unknown model is a NotFoundError with MODEL_NOT_FOUND', async () => {
    const error = await rejection(mock.model({ model: 'no-such-model' }).invoke('Hi'));
    expect(NotFoundError.isInstance(error)).toBe(true);
    expect(error.status).toBe(404);
    expect(error.lc_error_code).toBe('MODEL_NOT_FOUND');
  });

  it('a 400 is not retried', async () => {
    mock.script(() => ({ error: { status: 400, message: 'bad parameter' } }));
    const error = await rejection(mock.model({ maxRetries: 3 }).invoke('Hi'));
    expect(BadRequestError.isInstance(error)).toBe(true);
    expect(mock.bodies()).toHaveLength(1);
  });

  it('a 429 is retried by LangChain, honouring retry-after, then succeeds', async () => {
    let calls = 0;
    mock.script(() => {
      calls += 1;
      return calls === 1
        ? { error: { status: 429, message: 'Slow down' }, headers: { 'retry-after': '0' } }
        : undefined;
    });
    const { result: reply, delays } = await withInstantRetryWaits(() =>
      mock.model().invoke('Hi after a rate limit'),
    );
    expect(reply.text).toContain('Hi after a rate limit');
    expect(mock.bodies()).toHaveLength(2);
    expect(delays).toHaveLength(1);
  });

  it('a streaming 429 is retried before the stream starts', async () => {
    let calls = 0;
    mock.script(() => {
      calls += 1;
      return calls === 1
        ? { error: { status: 429, message: 'Slow down' }, headers: { 'retry-after': '0' } }
        : undefined;
    });
    const { result: chunks } = await withInstantRetryWaits(async () =>
      drain(await mock.model().stream('Streamed after a rate limit')),
    );
    expect(chunks.length).toBeGreaterThan(1);
    expect(mock.bodies()).toHaveLength(2);
  });

  it('a 429 with no retries left is a RateLimitError with retryAfter and MODEL_RATE_LIMIT', async () => {
    mock.script(() => ({
      error: { status: 429, message: 'Slow down' },
      headers: { 'retry-after': '7' },
    }));
    const error = await rejection(mock.model({ maxRetries: 0 }).invoke('Hi'));
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(error.retryAfter).toBe(7);
    expect(error.lc_error_code).toBe('MODEL_RATE_LIMIT');
    expect(mock.bodies()).toHaveLength(1);
  });

  it('a server delay above 60 s is not waited for', async () => {
    mock.script(() => ({
      error: { status: 429, message: 'Slow down' },
      headers: { 'retry-after': '3600' },
    }));
    const error = await rejection(mock.model({ maxRetries: 2 }).invoke('Hi'));
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(error.retryAfter).toBe(3600);
    expect(mock.bodies()).toHaveLength(1);
  });

  it('a per-call maxRetries: 0 gives up on a 500 at once', async () => {
    mock.script(() => ({ error: { status: 500, message: 'upstream down' } }));
    const error = await rejection(mock.model().invoke('Hi', { maxRetries: 0 }));
    expect(InternalServerError.isInstance(error)).toBe(true);
    expect(error.isRetryable).toBe(true);
    expect(mock.bodies()).toHaveLength(1);
  });

  it('no key anywhere fails with MissingAPIKeyError before any request', async () => {
    vi.stubEnv('ROUTIFY_API_KEY', '');
    const model = new ChatRoutify({ baseURL: mock.server.baseURL });
    const error = await rejection(model.invoke('Hi'));
    expect(MissingAPIKeyError.isInstance(error)).toBe(true);
    expect(mock.bodies()).toHaveLength(0);
  });
});

describe('streams that fail', () => {
  it('a stream cut before its finish reason throws, never ends as success', async () => {
    mock.script(() =>
      sseResponse([chunkEvent({ role: 'assistant', content: 'Half an ans' })], false),
    );
    const error = await rejection(drain(await mock.model().stream('Hi')));
    expect(IncompleteStreamError.isInstance(error)).toBe(true);
    expect(mock.bodies()).toHaveLength(1);
  });

  it('a cut stream also fails streamEvents(), never a shorter success', async () => {
    mock.script(() => sseResponse([chunkEvent({ role: 'assistant', content: 'Half' })], false));
    const error = await rejection(Promise.resolve(mock.model().streamEvents('Hi')));
    expect(IncompleteStreamError.isInstance(error)).toBe(true);
  });

  it('an error chunk after the 200 throws a StreamError with its status and code', async () => {
    mock.script(() =>
      sseResponse(
        [
          chunkEvent({ role: 'assistant', content: 'Hel' }),
          `data: ${JSON.stringify({ error: { message: 'Rate limited upstream', code: 429 } })}\n\n`,
        ],
        false,
      ),
    );
    const error = await rejection(drain(await mock.model().stream('Hi')));
    expect(StreamError.isInstance(error)).toBe(true);
    expect(error.status).toBe(429);
    expect(error.lc_error_code).toBe('MODEL_RATE_LIMIT');
  });

  it('a connection reset mid-stream (mock fault) throws', async () => {
    const error = await rejection(
      drain(
        await mock
          .model()
          .stream('Hello there friend', { headers: { 'x-mock-fault': 'reset; after=2' } }),
      ),
    );
    expect(error).toBeInstanceOf(Error);
    expect(mock.bodies()).toHaveLength(1);
  });
});

describe('abort and deadlines', () => {
  it('timeout (ms until response headers) reaches core: APIConnectionTimeoutError', async () => {
    mock.script(() => new Promise<undefined>(() => {}) as never);
    const error = await rejection(mock.model({ timeout: 100, maxRetries: 0 }).invoke('Hi'));
    expect(APIConnectionTimeoutError.isInstance(error)).toBe(true);
  });

  it('idleTimeout (ms between stream reads) reaches core: a stalled stream throws', async () => {
    mock.script(() => sseResponse([chunkEvent({ role: 'assistant', content: 'Stalled' })], true));
    const chunks: unknown[] = [];
    const error = await rejection(
      (async () => {
        for await (const chunk of await mock.model({ idleTimeout: 100 }).stream('Hi'))
          chunks.push(chunk);
      })(),
    );
    expect(chunks).toHaveLength(1);
    expect(APIConnectionTimeoutError.isInstance(error)).toBe(true);
  });

  it('an aborted signal rejects invoke before any request', async () => {
    await expect(mock.model().invoke('Hi', { signal: AbortSignal.abort() })).rejects.toThrow();
    expect(mock.bodies()).toHaveLength(0);
  });

  it('an aborted signal makes stream throw or yield nothing', async () => {
    let count = 0;
    let threw = false;
    try {
      for await (const _chunk of await mock.model().stream('Hi', { signal: AbortSignal.abort() }))
        count += 1;
    } catch {
      threw = true;
    }
    expect(threw || count === 0).toBe(true);
    expect(mock.bodies()).toHaveLength(0);
  });

  it('aborting during a stream stops it and closes the HTTP request', async () => {
    mock.script(() => sseResponse([chunkEvent({ role: 'assistant', content: 'Partial' })], true));
    const controller = new AbortController();
    const stream = await mock.model().stream('Hi', { signal: controller.signal });
    const received: unknown[] = [];
    const error = await rejection(
      (async () => {
        for await (const chunk of stream) {
          received.push(chunk);
          controller.abort();
        }
      })(),
    );
    expect(received).toHaveLength(1);
    expect(error).toBeDefined();
    await vi.waitFor(() => expect(mock.server.requests[0]?.clientClosed).toBe(true), {
      timeout: 2000,
    });
  });

  it('breaking out of a stream closes the HTTP request', async () => {
    mock.script(() => sseResponse([chunkEvent({ role: 'assistant', content: 'First' })], true));
    for await (const _chunk of await mock.model().stream('Hi')) break;
    await vi.waitFor(() => expect(mock.server.requests[0]?.clientClosed).toBe(true), {
      timeout: 2000,
    });
  });

  it('aborting a pending invoke rejects with an abort error', async () => {
    mock.script(() => new Promise<undefined>(() => {}) as never);
    const controller = new AbortController();
    const pending = mock.model().invoke('Hi', { signal: controller.signal });
    await vi.waitFor(() => expect(mock.server.requests).toHaveLength(1));
    controller.abort();
    const error = await rejection(pending);
    expect(error.name).toBe('AbortError');
    expect(mock.bodies()).toHaveLength(1);
  });

  it('the LangChain timeout call option is a total deadline', async () => {
    mock.script(() => new Promise<undefined>(() => {}) as never);
    const error = await rejection(mock.model().invoke('Hi', { timeout: 150 }));
    expect(['TimeoutError', 'AbortError']).toContain(error.name);
    expect(mock.bodies()).toHaveLength(1);
  });

  it('the signal reaches the HTTP request (fetch sees it aborted)', async () => {
    mock.script(() => new Promise<undefined>(() => {}) as never);
    const signals: AbortSignal[] = [];
    const model = mock.model({
      fetch: (input, init) => {
        if (init?.signal) signals.push(init.signal);
        return fetch(input, init);
      },
    });
    const controller = new AbortController();
    const pending = rejection(model.invoke('Hi', { signal: controller.signal }));
    await vi.waitFor(() => expect(mock.server.requests).toHaveLength(1));
    expect(signals.at(-1)?.aborted).toBe(false);
    controller.abort();
    await pending;
    expect(signals.at(-1)?.aborted).toBe(true);
  });
});

describe('abort closes the HTTP request (observed on the mock)', () => {
  // Note: undici (Node's fetch) closes the aborted request's socket and then opens one fresh idle
  // keep-alive socket that carries no request (it closes after undici's 4 s keep-alive timeout),
  // so `connections` may read 1 again right after an abort; `clientClosed` is per request.
  const slowHeaders = { 'x-mock-fault': 'delay-headers; ms=5000' };
  const slowBody = { 'x-mock-fault': 'drip; ms=40' };

  async function expectClosed() {
    await vi.waitFor(() => expect(mock.server.requests[0]?.clientClosed).toBe(true), {
      timeout: 2000,
    });
    expect(mock.server.requests).toHaveLength(1);
    expect(mock.server.requests[0]?.completedAt).toBeUndefined();
  }

  it('invoke aborted before the response headers', async () => {
    const controller = new AbortController();
    const pending = rejection(
      mock.model({ defaultHeaders: slowHeaders }).invoke('Hi', { signal: controller.signal }),
    );
    await vi.waitFor(() => expect(mock.server.requests).toHaveLength(1));
    controller.abort();
    expect((await pending).name).toBe('AbortError');
    await expectClosed();
  });

  it('stream aborted before the response headers', async () => {
    const controller = new AbortController();
    const model = mock.model({ defaultHeaders: slowHeaders });
    // `stream()` itself waits for the response (its first chunk): abort while it waits
    const pending = rejection(
      (async () => drain(await model.stream('Hi', { signal: controller.signal })))(),
    );
    await vi.waitFor(() => expect(mock.server.requests).toHaveLength(1));
    controller.abort();
    expect((await pending).name).toBe('AbortError');
    await expectClosed();
  });

  it('stream aborted after some chunks of a real (dripping) mock stream', async () => {
    const controller = new AbortController();
    const model = mock.model({ defaultHeaders: slowBody });
    const received: string[] = [];
    const error = await rejection(
      (async () => {
        for await (const chunk of await model.stream('Tell me a long story about routers', {
          signal: controller.signal,
        })) {
          received.push(chunk.text);
          if (received.length === 3) controller.abort();
        }
      })(),
    );
    expect(error.name).toBe('AbortError');
    expect(received).toHaveLength(3);
    await expectClosed();
  });

  it('streamEvents and a streaming invoke aborted mid-stream close the request too', async () => {
    for (const run of [
      (signal: AbortSignal) =>
        mock.model({ defaultHeaders: slowBody }).streamEvents('Tell me a story', { signal }),
      (signal: AbortSignal) =>
        mock.model({ defaultHeaders: slowBody, streaming: true }).invoke('Tell me a story', {
          signal,
        }),
    ]) {
      mock.reset();
      const controller = new AbortController();
      const pending = rejection(Promise.resolve(run(controller.signal)));
      await vi.waitFor(() => expect(mock.server.requests[0]?.status).toBe(200));
      controller.abort();
      expect(String((await pending).name)).toMatch(/Abort/);
      await expectClosed();
    }
  });
});

describe('Retry-After', () => {
  it('the delay LangChain waits before retrying a 429 is at least Retry-After', async () => {
    const model = mock.model({
      defaultHeaders: { 'x-mock-fault': 'http-429; retry-after=7; times=1' },
    });
    const { result: reply, delays } = await withInstantRetryWaits(() =>
      model.invoke('Hi after a rate limit'),
    );
    expect(reply.text).toContain('Hi after a rate limit');
    expect(mock.server.requests.map((request) => request.status)).toEqual([429, 200]);
    // the random backoff of the first retry is 1–2 s; Retry-After: 7 makes it 7 s
    expect(delays).toEqual([7000]);
  });
});

describe('the error an abort gives', () => {
  it('streamEvents and a streaming invoke threw APIUserAbortError, stream/invoke the signal reason: now every path throws the reason', async () => {
    const slowBody = { 'x-mock-fault': 'drip; ms=40' };
    const runs: [string, (signal: AbortSignal) => Promise<unknown>][] = [
      [
        'invoke',
        (signal) =>
          mock
            .model({ defaultHeaders: { 'x-mock-fault': 'delay-first; ms=3000' } })
            .invoke('Tell me', { signal }),
      ],
      [
        'stream',
        async (signal) =>
          drain(await mock.model({ defaultHeaders: slowBody }).stream('Tell me', { signal })),
      ],
      [
        'streamEvents',
        async (signal) =>
          mock.model({ defaultHeaders: slowBody }).streamEvents('Tell me', { signal }),
      ],
      [
        'invoke, streaming: true',
        (signal) =>
          mock.model({ defaultHeaders: slowBody, streaming: true }).invoke('Tell me', { signal }),
      ],
    ];
    for (const [name, run] of runs) {
      mock.reset();
      const controller = new AbortController();
      const reason = new Error(`stopped by the user (${name})`);
      const pending = rejection(run(controller.signal));
      await vi.waitFor(() => expect(mock.server.requests[0]?.status).toBe(200));
      await new Promise((resolve) => setTimeout(resolve, 60));
      controller.abort(reason);
      expect(await pending, name).toBe(reason);
    }
  });
});
