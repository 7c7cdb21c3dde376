import { inspect } from 'node:util';
import {
  type MockChatRequest,
  type MockRespondResult,
  type MockServer,
  startMockServer,
} from '@routify/mock-server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  RateLimitError,
  Routify,
  RoutifyError,
} from './index';
import { STATUS_CASES } from './status-cases.test-helper';
import { recordTimers } from './timer-recorder.test-helper';

const KEY = 'sk-routify-secret-9f8e7d6c5b4a';
const messages = [{ role: 'user' as const, content: 'Hello' }];
const params = { model: 'gpt-4.1', messages };

let server: MockServer;
let reply:
  | ((request: MockChatRequest) => MockRespondResult | Promise<MockRespondResult>)
  | undefined;

beforeAll(async () => {
  server = await startMockServer({ apiKey: KEY, respond: (request) => reply?.(request) });
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  reply = undefined;
  server.reset();
});

/** Set by the tests on fake timers that wait for the client's retry sleep (see recordTimers). */
let timers: ReturnType<typeof recordTimers> | undefined;

afterEach(() => {
  timers?.restore();
  timers = undefined;
  vi.useRealTimers();
});

const client = (options: ConstructorParameters<typeof Routify>[0] = {}) =>
  new Routify({ apiKey: KEY, baseURL: server.baseURL, ...options });

/** A JSON response, built fresh per request. */
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });

const envelope = (message: string, extra: Record<string, unknown> = {}) => ({
  error: { message, type: 'test_error', code: 'test_code', param: 'messages', ...extra },
});

/** Replies with `first` to the first `times` requests, then lets the mock answer normally. */
const failFirst = (times: number, first: () => Response) => {
  let count = 0;
  reply = () => (count++ < times ? first() : undefined);
};

const catchError = async (promise: PromiseLike<unknown>): Promise<unknown> => {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
};

/**
 * Waits in real time (setImmediate is not faked) so loopback I/O progresses while fake timers are
 * installed. (`vi.waitFor` would advance the fake clock as it polls.)
 */
const realDelay = async (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end) await new Promise((resolve) => setImmediate(resolve));
};

/** `vi.waitFor` options: its 1 s default is too short on a loaded CI machine. */
const loaded = { timeout: 10_000, interval: 10 };

/** Waits until the server has seen `count` requests and sent the last reply in full. */
const waitForRequests = async (count: number) => {
  const end = performance.now() + 20_000;
  const answered = () => server.requests[count - 1]?.completedAt !== undefined;
  while ((server.requests.length < count || !answered()) && performance.now() < end) {
    await realDelay(5);
  }
  expect(server.requests).toHaveLength(count);
};

describe('status → error', () => {
  const cases = STATUS_CASES;

  it.each(cases)('%i → %o with every field', async (status, type, retryable) => {
    reply = () =>
      json(status, envelope(`failure ${status}`), {
        'x-request-id': `req_status_${status}`,
        'retry-after': '3',
      });
    const error = await catchError(client({ maxRetries: 0 }).chat.completions.create(params));
    expect(error).toBeInstanceOf(type);
    expect(type.isInstance(error)).toBe(true);
    const apiError = error as APIError;
    expect(apiError).toMatchObject({
      status,
      requestId: `req_status_${status}`,
      code: 'test_code',
      type: 'test_error',
      param: 'messages',
      upstreamMessage: `failure ${status}`,
      body: envelope(`failure ${status}`),
      retryAfter: 3,
      isRetryable: retryable,
    });
    expect(apiError.headers.get('x-request-id')).toBe(`req_status_${status}`);
    expect(apiError.message).toContain(`${status} `);
    expect(apiError.message).toContain(`failure ${status}`);
    expect(apiError.message).toContain(`req_status_${status}`);
    expect(server.requests).toHaveLength(1);
  });

  it("a real 401 from the server tells to check ROUTIFY_API_KEY and keeps the server's message", async () => {
    const error = await catchError(
      client({ apiKey: 'sk-wrong-key-123' }).chat.completions.create(params),
    );
    expect(error).toBeInstanceOf(AuthenticationError);
    const auth = error as AuthenticationError;
    expect(auth.message).toContain('ROUTIFY_API_KEY');
    expect(auth.upstreamMessage).toMatch(/Incorrect API key/);
    expect(auth.code).toBe('invalid_api_key');
    expect(auth.requestId).toBe(server.requests[0]?.requestId);
    expect(server.requests).toHaveLength(1);
  });

  it('a real 404 for an unknown model, on models.list too', async () => {
    const error = await catchError(
      client().chat.completions.create({ model: 'no-such', messages }),
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).param).toBe('model');
  });

  it('an HTML error page gives a clear error with the page title and the raw body', async () => {
    const page =
      '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>';
    reply = () => new Response(page, { status: 502, headers: { 'content-type': 'text/html' } });
    const error = await catchError(client({ maxRetries: 0 }).chat.completions.create(params));
    expect(error).toBeInstanceOf(InternalServerError);
    const apiError = error as InternalServerError;
    expect(apiError.message).toContain('the body is not JSON (text/html): "502 Bad Gateway"');
    expect(apiError.body).toBe(page);
    expect(apiError.upstreamMessage).toBeUndefined();
    expect(apiError.isRetryable).toBe(true);
  });

  it('an error status with an empty body says so', async () => {
    reply = () => new Response(null, { status: 500 });
    const error = await catchError(client({ maxRetries: 0 }).chat.completions.create(params));
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as APIError).message).toContain('500 Internal server error: no body');
    expect((error as APIError).body).toBeUndefined();
  });
});

describe('a 200 that is not a completion', () => {
  it('an error envelope becomes the error of the status its code names, message kept', async () => {
    reply = () => json(200, { error: { message: 'Upstream rate limited', code: 429 } });
    const error = await catchError(client({ maxRetries: 0 }).chat.completions.create(params));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({
      status: 429,
      upstreamMessage: 'Upstream rate limited',
      isRetryable: true,
    });
    expect((error as Error).message).toContain('Upstream rate limited');
    expect((error as Error).message).toContain('HTTP 200');
  });

  it('an error envelope without a numeric code is a 500 that is not retried', async () => {
    reply = () => json(200, { error: { message: 'Provider failed', code: 'server_error' } });
    const error = await catchError(client({ maxRetries: 2 }).chat.completions.create(params));
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({
      status: 500,
      code: 'server_error',
      upstreamMessage: 'Provider failed',
      isRetryable: false,
    });
    expect(server.requests).toHaveLength(1);
  });

  it('an error envelope with a retryable code is retried', async () => {
    failFirst(1, () =>
      json(200, { error: { message: 'overloaded', code: 503 } }, { 'retry-after-ms': '1' }),
    );
    const completion = await client().chat.completions.create(params);
    expect(completion.object).toBe('chat.completion');
    expect(server.requests).toHaveLength(2);
  });

  it('a body that is not JSON gives an APIError with the status and the raw body start', async () => {
    const garbage = `garbage ${'x'.repeat(3000)}`;
    reply = () => new Response(garbage, { status: 200, headers: { 'content-type': 'text/plain' } });
    const error = await catchError(client().chat.completions.create(params));
    expect(error).toBeInstanceOf(APIError);
    const apiError = error as APIError;
    expect(apiError.status).toBe(200);
    expect(apiError.isRetryable).toBe(false);
    expect(apiError.body).toBe(garbage.slice(0, 1000));
    expect(apiError.message).toContain('not JSON (text/plain): "garbage xxx');
    expect(server.requests).toHaveLength(1);
  });

  it('an HTML page with status 200 is reported with its title', async () => {
    reply = () =>
      new Response('<html><title>Sign in to the proxy</title><body>login</body></html>', {
        status: 200,
        headers: { 'content-type': 'text/html' },
      });
    const error = await catchError(client().chat.completions.create(params));
    expect((error as APIError).message).toContain('(text/html): "Sign in to the proxy"');
  });

  it('an empty body and JSON that is not a completion are errors, not results', async () => {
    reply = () => new Response('', { status: 200 });
    expect(((await catchError(client().chat.completions.create(params))) as Error).message).toMatch(
      /body is empty/,
    );
    reply = () => json(200, { object: 'chat.completion', id: 'x' });
    const error = await catchError(client().chat.completions.create(params));
    expect(error).toBeInstanceOf(APIError);
    expect((error as Error).message).toMatch(/no `choices` array/);
  });
});

describe('retries', () => {
  it('waits exactly the Retry-After seconds of a 429, then succeeds', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    timers = recordTimers();
    failFirst(1, () => json(429, envelope('slow down'), { 'retry-after': '30' }));
    const call = client().chat.completions.create(params);
    await waitForRequests(1);
    // No fixed real-time grace: wait until the client has read the 429 and armed its sleep.
    await timers.armed((ms) => ms === 30_000);
    await vi.advanceTimersByTimeAsync(29_900);
    await realDelay(50);
    expect(server.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(100);
    const completion = await call;
    expect(completion.object).toBe('chat.completion');
    expect(server.requests).toHaveLength(2);
  });

  it('retries a 503 after the default backoff (0.5 s minus jitter), then succeeds', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    timers = recordTimers();
    failFirst(1, () => json(503, envelope('overloaded')));
    const call = client().chat.completions.create(params).withResponse();
    await waitForRequests(1);
    const backoff = await timers.armed((ms) => ms > 374 && ms <= 500);
    expect(backoff).toBeGreaterThan(374);
    await vi.advanceTimersByTimeAsync(backoff - 1);
    await realDelay(50);
    expect(server.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    const { data, response } = await call;
    expect(data.object).toBe('chat.completion');
    expect(response.status).toBe(200);
    expect(response.requestId).toBe(server.requests[1]?.requestId);
  });

  it('gives up after maxRetries and says so', async () => {
    failFirst(10, () => json(500, envelope('down'), { 'retry-after-ms': '1' }));
    const error = await catchError(client({ maxRetries: 3 }).chat.completions.create(params));
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as Error).message).toContain('Gave up after 3 retries');
    expect(server.requests).toHaveLength(4);
  });

  it('per-call maxRetries overrides the client; 0 disables retries', async () => {
    failFirst(10, () => json(503, envelope('down'), { 'retry-after-ms': '1' }));
    await catchError(client({ maxRetries: 5 }).chat.completions.create(params, { maxRetries: 1 }));
    expect(server.requests).toHaveLength(2);
    server.reset();
    await catchError(client().chat.completions.create(params, { maxRetries: 0 }));
    expect(server.requests).toHaveLength(1);
  });

  it('never retries a 402 or another 4xx', async () => {
    for (const status of [400, 402, 403, 404, 413, 422]) {
      server.reset();
      reply = () => json(status, envelope('no'), { 'retry-after-ms': '1' });
      await catchError(client().chat.completions.create(params));
      expect(server.requests, String(status)).toHaveLength(1);
    }
  });

  it('retries 408 and 409', async () => {
    for (const status of [408, 409]) {
      server.reset();
      failFirst(1, () => json(status, envelope('again'), { 'retry-after-ms': '1' }));
      await client().chat.completions.create(params);
      expect(server.requests, String(status)).toHaveLength(2);
    }
  });

  it('follows x-should-retry: false on a 503 and true on a 400', async () => {
    reply = () => json(503, envelope('down'), { 'x-should-retry': 'false' });
    const error = await catchError(client().chat.completions.create(params));
    expect((error as APIError).isRetryable).toBe(false);
    expect(server.requests).toHaveLength(1);

    server.reset();
    failFirst(1, () =>
      json(400, envelope('flaky'), { 'x-should-retry': 'true', 'retry-after-ms': '1' }),
    );
    await client().chat.completions.create(params);
    expect(server.requests).toHaveLength(2);
  });

  it('honours retry-after-ms', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    timers = recordTimers();
    failFirst(1, () =>
      json(429, envelope('slow'), { 'retry-after-ms': '2500', 'retry-after': '1' }),
    );
    const call = client().chat.completions.create(params);
    await waitForRequests(1);
    await timers.armed((ms) => ms === 2500);
    await vi.advanceTimersByTimeAsync(2400);
    await realDelay(50);
    expect(server.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(100);
    await call;
    expect(server.requests).toHaveLength(2);
  });

  it('throws at once, with retryAfter set, when the server asks for more than maxRetryDelay', async () => {
    reply = () => json(429, envelope('quota'), { 'retry-after': '120' });
    const error = await catchError(client().chat.completions.create(params));
    expect(error).toBeInstanceOf(RateLimitError);
    const limited = error as RateLimitError;
    expect(limited.retryAfter).toBe(120);
    expect(limited.isRetryable).toBe(true);
    expect(limited.message).toContain('retry after 120 s');
    expect(limited.message).toContain('`maxRetryDelay` (60 s)');
    expect(server.requests).toHaveLength(1);

    server.reset();
    reply = () => json(503, envelope('maintenance'), { 'retry-after': '5' });
    const short = await catchError(client({ maxRetryDelay: 2 }).chat.completions.create(params));
    expect((short as APIError).retryAfter).toBe(5);
    expect(server.requests).toHaveLength(1);
  });

  it('retries a connection failure and a JSON body cut mid-way', async () => {
    let count = 0;
    reply = () => {
      count++;
      if (count > 1) return undefined;
      // A body that errors after a few bytes: the server resets the connection.
      return new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"id":"chatcmpl-cut","choi'));
            setTimeout(() => controller.error(new Error('upstream reset')), 10);
          },
        }),
        { status: 200, headers: { 'content-type': 'application/json', 'retry-after-ms': '1' } },
      );
    };
    const completion = await client().chat.completions.create(params);
    expect(completion.object).toBe('chat.completion');
    expect(server.requests).toHaveLength(2);
  });
});

describe('abort', () => {
  it('ends a retry sleep at once with APIUserAbortError', async () => {
    reply = () => json(429, envelope('slow down'), { 'retry-after': '50' });
    const controller = new AbortController();
    const call = client().chat.completions.create(params, { signal: controller.signal });
    await waitForRequests(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const reason = new Error('user navigated away');
    controller.abort(reason);
    const error = await catchError(call);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect((error as APIUserAbortError).isRetryable).toBe(false);
    expect((error as APIUserAbortError).cause).toBe(reason);
    expect(server.requests).toHaveLength(1);
  });

  it('fails before any I/O when the signal is already aborted', async () => {
    const error = await catchError(
      client().chat.completions.create(params, { signal: AbortSignal.abort() }),
    );
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(server.requests).toHaveLength(0);
  });

  it('cancels a request waiting for headers and closes the connection', async () => {
    let release: () => void = () => {};
    reply = () =>
      new Promise<undefined>((resolve) => {
        release = () => resolve(undefined);
      });
    const controller = new AbortController();
    const call = client().chat.completions.create(params, { signal: controller.signal });
    await vi.waitFor(() => expect(server.requests).toHaveLength(1), loaded);
    controller.abort();
    const error = await catchError(call);
    expect(error).toBeInstanceOf(APIUserAbortError);
    // Let the server see the closed connection before it answers.
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    await vi.waitFor(() => expect(server.requests[0]?.clientClosed).toBe(true), loaded);
    expect(server.requests).toHaveLength(1);
  });

  it('cancels a JSON body being read', async () => {
    reply = () =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"id":"chatcmpl-slow",'));
          },
        }),
        { status: 200, headers: { 'content-type': 'application/json' } },
      );
    const controller = new AbortController();
    const call = client().chat.completions.create(params, { signal: controller.signal });
    await vi.waitFor(() => expect(server.requests).toHaveLength(1), loaded);
    await new Promise((resolve) => setTimeout(resolve, 30));
    controller.abort();
    expect(await catchError(call)).toBeInstanceOf(APIUserAbortError);
    await vi.waitFor(() => expect(server.requests[0]?.clientClosed).toBe(true), loaded);
  });
});

describe('timeouts', () => {
  // Margins are wide on purpose: CI runs every suite in parallel on 2 cores (load average up to
  // 24), so a reply due "at once" may take hundreds of ms. A timeout that must fire faces a server
  // that waits 50–100× longer; one that must not fire gets ≥ 1 s.
  const slowHeaders = (ms: number) => {
    reply = () => new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms));
  };

  it('no headers within timeout → APIConnectionTimeoutError (retryable)', async () => {
    slowHeaders(5000);
    const started = performance.now();
    const error = await catchError(
      client({ timeout: 50, maxRetries: 0 }).chat.completions.create(params),
    );
    expect(performance.now() - started).toBeGreaterThanOrEqual(49);
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).toMatchObject({ kind: 'timeout', timeout: 50, isRetryable: true });
    expect((error as Error).message).toContain('no response headers within 50 ms');
    expect(server.requests).toHaveLength(1);
  });

  it('a per-call timeout overrides the client, and timed-out attempts are retried', async () => {
    slowHeaders(5000);
    const error = await catchError(
      client({ timeout: 60_000 }).chat.completions.create(params, { timeout: 50, maxRetries: 1 }),
    );
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(error).toMatchObject({ kind: 'timeout', timeout: 50 });
    expect(server.requests).toHaveLength(2);
  });

  it('a slow first attempt then a fast one succeeds', async () => {
    let count = 0;
    reply = () =>
      count++ === 0
        ? new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 10_000))
        : undefined;
    const completion = await client({ timeout: 1000 }).chat.completions.create(params);
    expect(completion.object).toBe('chat.completion');
    expect(server.requests).toHaveLength(2);
  });

  it('timeout does not limit the body; idleTimeout limits the gaps in it', async () => {
    const body = JSON.stringify({
      id: 'chatcmpl-drip',
      object: 'chat.completion',
      created: 1,
      model: 'gpt-4.1',
      choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
    });
    reply = () =>
      new Response(
        new ReadableStream({
          async start(controller) {
            for (const part of [body.slice(0, 40), body.slice(40, 80), body.slice(80)]) {
              controller.enqueue(new TextEncoder().encode(part));
              await new Promise((resolve) => setTimeout(resolve, 400));
            }
            controller.close();
          },
        }),
        { status: 200, headers: { 'content-type': 'application/json' } },
      );
    // The whole body takes ≥ 1200 ms, longer than `timeout` (1000 ms); each gap (400 ms) is far
    // under `idleTimeout` (10 000 ms).
    const started = performance.now();
    const completion = await client({
      timeout: 1000,
      idleTimeout: 10_000,
      maxRetries: 0,
    }).chat.completions.create(params);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1000);
    expect(completion.choices[0]?.message.content).toBe('ok');
  });

  it('a stalled JSON body → APIConnectionTimeoutError (idleTimeout)', async () => {
    reply = () =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"id":"chatcmpl-stall",'));
          },
        }),
        { status: 200, headers: { 'content-type': 'application/json' } },
      );
    const error = await catchError(
      client({ maxRetries: 0 }).chat.completions.create(params, { idleTimeout: 40 }),
    );
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(error).toMatchObject({ kind: 'idleTimeout', timeout: 40 });
    await vi.waitFor(() => expect(server.requests[0]?.clientClosed).toBe(true), loaded);
  });
});

describe('connection failures', () => {
  it('an unreachable server → APIConnectionError with the cause kept, retried', async () => {
    const closed = await startMockServer();
    const baseURL = closed.baseURL;
    await closed.close();
    const error = await catchError(
      new Routify({ apiKey: KEY, baseURL, maxRetries: 1 }).models.list(),
    );
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).not.toBeInstanceOf(APIConnectionTimeoutError);
    const connection = error as APIConnectionError;
    expect(connection.isRetryable).toBe(true);
    expect(connection.cause).toBeInstanceOf(Error);
    expect(connection.message).toMatch(/^Connection error/);
  });

  it('a fetch that throws synchronously is a connection error too', async () => {
    let calls = 0;
    const error = await catchError(
      client({
        maxRetries: 1,
        fetch: () => {
          calls++;
          throw new TypeError('network down');
        },
      }).chat.completions.create(params),
    );
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as APIConnectionError).cause).toMatchObject({ message: 'network down' });
    expect(calls).toBe(2);
  });
});

describe('the API key never leaks', () => {
  /** Every text a user might see or log for an error, its cause chain included. */
  const surfaces = (error: unknown): string[] => {
    const texts: string[] = [];
    let current: unknown = error;
    for (let depth = 0; current !== undefined && current !== null && depth < 8; depth++) {
      texts.push(String(current));
      texts.push(inspect(current, { depth: 10, showHidden: true }));
      if (current instanceof Error) {
        texts.push(current.message, current.stack ?? '');
        texts.push(JSON.stringify(current));
        for (const value of Object.values(current)) {
          texts.push(
            value instanceof Headers ? JSON.stringify([...value]) : inspect(value, { depth: 10 }),
          );
        }
        current = current.cause;
      } else {
        current = undefined;
      }
    }
    return texts;
  };

  const expectNoKey = (error: unknown) => {
    expect(RoutifyError.isInstance(error)).toBe(true);
    for (const text of surfaces(error)) expect(text).not.toContain(KEY);
  };

  it('when the server echoes it in an error body and headers', async () => {
    reply = () =>
      json(
        401,
        {
          error: {
            message: `Invalid key ${KEY}`,
            code: KEY,
            metadata: { raw: { detail: `Authorization: Bearer ${KEY}` } },
          },
        },
        { 'x-echo-key': KEY, 'x-echo-auth': `Bearer ${KEY}` },
      );
    const error = await catchError(client().chat.completions.create(params));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as APIError).upstreamMessage).toBe('Invalid key [redacted]');
    expect((error as APIError).headers.get('x-echo-key')).toBe('[redacted]');
    expectNoKey(error);
  });

  it('when it comes back in a non-JSON body, a 200 error envelope or garbage', async () => {
    reply = () =>
      new Response(`<html><title>Denied ${KEY}</title></html>`, {
        status: 403,
        headers: { 'content-type': 'text/html' },
      });
    expectNoKey(await catchError(client().chat.completions.create(params)));
    reply = () => json(200, { error: { message: `bad ${KEY}`, code: 401 } });
    expectNoKey(await catchError(client().chat.completions.create(params)));
    reply = () => new Response(`oops ${KEY}`, { status: 200 });
    expectNoKey(await catchError(client().chat.completions.create(params)));
  });

  it("when the fetch error's cause mentions it", async () => {
    const error = await catchError(
      client({
        maxRetries: 0,
        fetch: async () => {
          const inner = Object.assign(
            new Error(`proxy refused Bearer ${KEY} at https://x/?k=${KEY}`),
            {
              code: 'ECONNREFUSED',
              key: KEY,
            },
          );
          throw new TypeError('fetch failed', { cause: inner });
        },
      }).chat.completions.create(params),
    );
    expect(error).toBeInstanceOf(APIConnectionError);
    const cause = (error as APIConnectionError).cause as TypeError;
    expect(cause).toBeInstanceOf(TypeError);
    expect(cause.message).toBe('fetch failed');
    expect((cause.cause as { code: string }).code).toBe('ECONNREFUSED');
    expectNoKey(error);
  });

  it('in timeouts, aborts and stream errors', async () => {
    reply = () => new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 200));
    expectNoKey(
      await catchError(client({ timeout: 20, maxRetries: 0 }).chat.completions.create(params)),
    );
    expectNoKey(
      await catchError(
        client().chat.completions.create(params, { signal: AbortSignal.abort(new Error(KEY)) }),
      ),
    );
    reply = () =>
      new Response(`data: {"error":{"message":"leaked ${KEY}","code":500}}\n\n`, {
        status: 200,
        headers: { 'content-type': 'text/event-stream' },
      });
    const stream = await client().chat.completions.create({ ...params, stream: true });
    const error = await catchError(
      (async () => {
        for await (const _chunk of stream) {
          // drain
        }
      })(),
    );
    expectNoKey(error);
  });
});

describe('custom fetch and credentials', () => {
  it('a fetch that does not resolve to a Response is a TypeError, not retried', async () => {
    let calls = 0;
    const error = await catchError(
      client({
        fetch: async () => {
          calls++;
          return undefined as unknown as Response;
        },
      }).chat.completions.create(params),
    );
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/must resolve to a Response/);
    expect(calls).toBe(1);
  });

  it('an Authorization header replaces the key, and credential headers are redacted too', async () => {
    vi.stubEnv('ROUTIFY_API_KEY', '');
    try {
      const token = KEY; // the mock accepts only this key
      const keyless = new Routify({
        baseURL: server.baseURL,
        maxRetries: 0,
        defaultHeaders: { 'X-Api-Key': 'other-secret-xyz' },
      });
      reply = () => json(400, envelope(`echo ${token} and other-secret-xyz`));
      const error = await catchError(
        keyless.chat.completions.create(params, { headers: { Authorization: `Bearer ${token}` } }),
      );
      expect(error).toBeInstanceOf(BadRequestError);
      expect((error as APIError).upstreamMessage).toBe('echo [redacted] and [redacted]');
      expect(server.requests[0]?.headers.authorization).toBe('Bearer ***');
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
