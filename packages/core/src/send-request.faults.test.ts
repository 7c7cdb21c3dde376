import { type MockServer, startMockServer } from '@routify/mock-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  InternalServerError,
  RateLimitError,
  Routify,
} from './index';
import { STATUS_CASES } from './status-cases.test-helper';
import { recordTimers } from './timer-recorder.test-helper';

// The same behaviours as send-request.test.ts, driven by the mock server's own faults
// (`x-mock-fault` request header, see @routify/mock-server's README) instead of scripted replies.

const KEY = 'sk-routify-faults-0123456789';
const params = { model: 'gpt-4.1', messages: [{ role: 'user' as const, content: 'Hello' }] };

let server: MockServer;

beforeAll(async () => {
  // A fixed clock: replies compared across requests must not differ in `created` when a second
  // boundary falls between them (regression: the bytewise test failed that way on CI).
  server = await startMockServer({ apiKey: KEY, now: () => 1_796_000_000_000 });
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.reset();
});

const client = (options: ConstructorParameters<typeof Routify>[0] = {}) =>
  new Routify({ apiKey: KEY, baseURL: server.baseURL, ...options });

const fault = (spec: string) => ({ headers: { 'x-mock-fault': spec } });

const catchError = async (promise: PromiseLike<unknown>): Promise<unknown> => {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
};

describe('http-<status> faults', () => {
  const cases = STATUS_CASES;

  it.each(cases)(
    'http-%i → %o, for completions, streams and models alike',
    async (status, type, retryable) => {
      const routify = client({ maxRetries: 0 });
      const calls = [
        () => routify.chat.completions.create(params, fault(`http-${status}`)),
        () => routify.chat.completions.create({ ...params, stream: true }, fault(`http-${status}`)),
        () => routify.models.list(fault(`http-${status}`)),
      ];
      for (const [index, call] of calls.entries()) {
        const error = await catchError(call());
        expect(error, `call ${index}`).toBeInstanceOf(type);
        const apiError = error as APIError;
        expect(apiError.status).toBe(status);
        expect(apiError.isRetryable).toBe(retryable);
        expect(apiError.upstreamMessage).toMatch(/mock fault/);
        expect(apiError.type).toEqual(expect.any(String));
        expect(apiError.code).toEqual(expect.any(String));
        expect(apiError.requestId).toBe(server.requests[index]?.requestId);
      }
      expect(server.requests).toHaveLength(3);
    },
  );
});

describe('retries driven by faults', () => {
  it('429 with Retry-After: 1 (the mock default) is waited for, then succeeds', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const timers = recordTimers();
    try {
      const call = client().chat.completions.create(params, fault('http-429; times=1'));
      // Wait (in real time) until the client has read the 429 and armed its 1 s sleep: no guessed
      // grace period, so a loaded machine cannot make the fake clock run ahead of the client.
      await timers.armed((ms) => ms === 1000);
      await vi.advanceTimersByTimeAsync(999);
      expect(server.requests).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      const completion = await call;
      expect(completion.object).toBe('chat.completion');
      expect(server.requests).toHaveLength(2);
    } finally {
      timers.restore();
      vi.useRealTimers();
    }
  });

  it('503 once (retry-after-ms) then 200', async () => {
    const { data, response } = await client()
      .chat.completions.create(params, fault('http-503; times=1; retry-after-ms=5'))
      .withResponse();
    expect(data.object).toBe('chat.completion');
    expect(response.status).toBe(200);
    expect(server.requests.map((request) => request.status)).toEqual([503, 200]);
  });

  it('402 is never retried, and x-should-retry: false stops a 503', async () => {
    await catchError(client().chat.completions.create(params, fault('http-402')));
    expect(server.requests).toHaveLength(1);
    server.reset();
    const error = await catchError(
      client().chat.completions.create(params, fault('http-503; should-retry=false')),
    );
    expect((error as APIError).isRetryable).toBe(false);
    expect(server.requests).toHaveLength(1);
  });

  it('x-should-retry: true makes a 400 retried', async () => {
    await client().chat.completions.create(
      params,
      fault('http-400; should-retry=true; retry-after-ms=1; times=1'),
    );
    expect(server.requests.map((request) => request.status)).toEqual([400, 200]);
  });

  it('a Retry-After above maxRetryDelay (seconds or HTTP date) is thrown at once', async () => {
    const error = await catchError(
      client().chat.completions.create(params, fault('http-429; retry-after=120')),
    );
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfter).toBe(120);
    expect(server.requests).toHaveLength(1);

    server.reset();
    const date = new Date(Date.now() + 3_600_000).toUTCString();
    const dated = await catchError(
      client().chat.completions.create(params, fault(`http-503; retry-after="${date}"`)),
    );
    expect((dated as APIError).retryAfter).toBeGreaterThan(3500);
    expect(server.requests).toHaveLength(1);
  });
});

describe('bodies that are not what they should be', () => {
  it('an HTML error page', async () => {
    const error = await catchError(
      client({ maxRetries: 0 }).chat.completions.create(params, fault('html; status=502')),
    );
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as APIError).message).toMatch(/not JSON \(text\/html\)/);
    expect((error as APIError).body).toMatch(/<html/i);
  });

  it('a 200 error envelope names its status (502), is retried, then succeeds', async () => {
    const error = await catchError(
      client({ maxRetries: 0 }).chat.completions.create(params, fault('error-200')),
    );
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ status: 502, isRetryable: true });
    expect((error as APIError).upstreamMessage).toBe('Upstream provider returned an error');

    server.reset();
    const completion = await client().chat.completions.create(params, fault('error-200; times=1'));
    expect(completion.object).toBe('chat.completion');
  });

  it('truncated JSON in a 200 is an APIError with the body start, not retried', async () => {
    const error = await catchError(
      client().chat.completions.create(params, fault('truncated-json')),
    );
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ status: 200, isRetryable: false });
    expect((error as APIError).body).toMatch(/^\{"id":"chatcmpl-/);
    expect(server.requests).toHaveLength(1);
  });

  it('a JSON body read one byte at a time decodes exactly', async () => {
    const plain = await client().chat.completions.create(params);
    server.reset();
    const bytewise = await client().chat.completions.create(params, fault('bytewise'));
    expect(bytewise).toEqual(plain);
  });
});

describe('connection faults', () => {
  it('a JSON body reset mid-way is a retryable APIConnectionError, retried to success', async () => {
    const error = await catchError(
      client({ maxRetries: 0 }).chat.completions.create(params, fault('reset')),
    );
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as APIConnectionError).isRetryable).toBe(true);
    server.reset();
    const completion = await client().chat.completions.create(params, fault('reset; times=1'));
    expect(completion.object).toBe('chat.completion');
    expect(server.requests).toHaveLength(2);
  });

  it('delayed headers beyond timeout → APIConnectionTimeoutError', async () => {
    const error = await catchError(
      client({ timeout: 40, maxRetries: 0 }).chat.completions.create(
        params,
        fault('delay-headers; ms=5000'),
      ),
    );
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(error).toMatchObject({ kind: 'timeout', timeout: 40 });
  });

  it('a stalled JSON body → APIConnectionTimeoutError after idleTimeout', async () => {
    const error = await catchError(
      client({ maxRetries: 0, idleTimeout: 50 }).chat.completions.create(params, fault('stall')),
    );
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(error).toMatchObject({ kind: 'idleTimeout', timeout: 50 });
  });
});
