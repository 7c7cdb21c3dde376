import { createServer } from 'node:net';
import { type MockServer, startMockServer } from '@routify/mock-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { APIConnectionError, APIConnectionTimeoutError, APIError } from './errors';
import { markRetriesExhausted } from './retries-exhausted';
import { Routify } from './routify';

// Regression (new-user trial): after retries ran out on a connection error or a headers
// timeout, the final error did not say how many retries were made and still ended "it is
// retryable". Every retried failure kind now ends with the same "Gave up after N retries".

const API_KEY = 'sk-test-exhausted-0123';
let server: MockServer;

beforeAll(async () => {
  server = await startMockServer();
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.reset();
});

const params = { model: 'gpt-4.1', messages: [{ role: 'user' as const, content: 'Hi' }] };

/** A loopback port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const listener = createServer();
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const address = listener.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  await new Promise<void>((resolve) => listener.close(() => resolve()));
  return address.port;
}

async function catchError(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

function expectGaveUp(error: unknown, retries: number): void {
  const message = (error as Error).message;
  const word = retries === 1 ? 'retry' : 'retries';
  expect(message).toMatch(new RegExp(`Gave up after ${retries} ${word} \\(\`maxRetries\`\\)\\.$`));
  expect(message).not.toMatch(/it is retryable/i);
  expect((error as Error).stack ?? '').not.toMatch(/it is retryable/i);
  expect((error as { isRetryable?: boolean }).isRetryable).toBe(true);
}

describe('the final error after retries ran out says how many were made', () => {
  it('unreachable baseURL (closed loopback port), maxRetries 1 → APIConnectionError, 1 retry', async () => {
    const port = await closedPort();
    const client = new Routify({
      apiKey: API_KEY,
      baseURL: `http://127.0.0.1:${port}/v1`,
      maxRetries: 1,
    });
    const error = await catchError(client.chat.completions.create(params));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toContain('Check the network and `baseURL`.');
    expectGaveUp(error, 1);
  });

  it('a headers timeout on every attempt, maxRetries 1 → APIConnectionTimeoutError, 1 retry', async () => {
    const client = new Routify({ apiKey: API_KEY, baseURL: server.baseURL, maxRetries: 1 });
    const error = await catchError(
      client.chat.completions.create(params, {
        timeout: 50,
        headers: { 'x-mock-fault': 'delay-headers; ms=2000' },
      }),
    );
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect((error as APIConnectionTimeoutError).kind).toBe('timeout');
    expect(server.requests).toHaveLength(2);
    expectGaveUp(error, 1);
  });

  it('a 502 on every attempt, maxRetries 2 → 2 retries, no "it is retryable"', async () => {
    const client = new Routify({ apiKey: API_KEY, baseURL: server.baseURL, maxRetries: 2 });
    const error = await catchError(
      client.chat.completions.create(params, {
        headers: { 'x-mock-fault': 'http-502; retry-after-ms=1' },
      }),
    );
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(502);
    expectGaveUp(error, 2);
  });

  it('a retryable 200 error body (stream request), maxRetries 1 → 1 retry', async () => {
    const client = new Routify({ apiKey: API_KEY, baseURL: server.baseURL, maxRetries: 1 });
    const error = await catchError(
      client.chat.completions.create(
        { ...params, stream: true },
        { headers: { 'x-mock-fault': 'error-200' } },
      ),
    );
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(502);
    expect(server.requests).toHaveLength(2);
    expectGaveUp(error, 1);
  });

  it('a retryable 200 error body (JSON request), maxRetries 1 → 1 retry', async () => {
    const client = new Routify({ apiKey: API_KEY, baseURL: server.baseURL, maxRetries: 1 });
    const error = await catchError(
      client.chat.completions.create(params, { headers: { 'x-mock-fault': 'error-200' } }),
    );
    expect(error).toBeInstanceOf(APIError);
    expect(server.requests).toHaveLength(2);
    expectGaveUp(error, 1);
  });

  it('maxRetries 0 → not retried, and the message still says the kind is retryable', async () => {
    const port = await closedPort();
    const client = new Routify({
      apiKey: API_KEY,
      baseURL: `http://127.0.0.1:${port}/v1`,
      maxRetries: 0,
    });
    const error = await catchError(client.chat.completions.create(params));
    expect((error as Error).message).toMatch(/it is retryable\.$/);
    expect((error as Error).message).not.toContain('Gave up');
  });
});

describe('markRetriesExhausted', () => {
  it.each([
    [
      'Connection error: x. Check the network and `baseURL`; it is retryable.',
      'Connection error: x. Check the network and `baseURL`.',
    ],
    ['502 Bad gateway; it is retryable (try again or use another model).', '502 Bad gateway.'],
    ['418 Teapot. It is retryable (the server sent `x-should-retry: true`).', '418 Teapot.'],
    ['Response stalled. It is retryable.', 'Response stalled.'],
    ['429 Rate limited: wait 3 s.', '429 Rate limited: wait 3 s.'],
    ['no full stop', 'no full stop.'],
    [
      '502 Bad gateway; it is retryable (try again or use another model). (The server answered HTTP 200 with this error body.)',
      '502 Bad gateway. (The server answered HTTP 200 with this error body.)',
    ],
  ])('%s', (message, base) => {
    const error = new Error(message);
    markRetriesExhausted(error, 3);
    expect(error.message).toBe(`${base} Gave up after 3 retries (\`maxRetries\`).`);
    expect(error.stack).toContain(error.message);
  });
});
