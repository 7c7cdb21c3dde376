import { APICallError, LoadAPIKeyError } from '@ai-sdk/provider';
import {
  APIConnectionError,
  IncompleteStreamError,
  MissingAPIKeyError,
  StreamError,
} from '@routify/core';
import { type MockServer, startMockServer } from '@routify/mock-server';
import { generateText, RetryError } from 'ai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRoutify, type RoutifyProvider } from './routify-provider';
import { toApiCallError, toStreamErrorPayload } from './to-api-call-error';

const API_KEY = 'sk-secret-key-123';
let server: MockServer;
let provider: RoutifyProvider;

beforeAll(async () => {
  server = await startMockServer({ apiKey: API_KEY });
  provider = createRoutify({ apiKey: API_KEY, baseURL: server.baseURL });
  (globalThis as { AI_SDK_LOG_WARNINGS?: unknown }).AI_SDK_LOG_WARNINGS = false;
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  server.reset();
});

const fault = (spec: string) => ({ 'x-mock-fault': spec });

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('errors as APICallError', () => {
  it('retries a 429 through ai, honouring Retry-After, then succeeds', async () => {
    const { text } = await generateText({
      model: provider('gpt-4.1'),
      prompt: 'Hi',
      headers: fault('http-429; times=1; retry-after=0.05'),
    });
    expect(text.length).toBeGreaterThan(0);
    expect(server.requests.map((request) => request.status)).toEqual([429, 200]);
    // The gap the server saw between its 429 and the retry: at least the 50 ms asked for, and
    // under ai's own first backoff (2000 ms) — so the header was honoured. Measured on the server,
    // not around generateText, so a loaded machine only eats into a wide margin.
    const [first, second] = server.requests;
    const gap = (second?.receivedAt ?? 0) - (first?.completedAt ?? Number.NaN);
    expect(gap).toBeGreaterThanOrEqual(49);
    expect(gap).toBeLessThan(1900);
  });

  it('exposes status, headers, body, data and isRetryable of a 429 (no retries)', async () => {
    const error = await rejection(
      generateText({
        model: provider('gpt-4.1'),
        prompt: 'Hi',
        maxRetries: 0,
        headers: fault('http-429; retry-after=7'),
      }),
    );
    expect(APICallError.isInstance(error)).toBe(true);
    const apiError = error as APICallError;
    expect(apiError.statusCode).toBe(429);
    expect(apiError.isRetryable).toBe(true);
    expect(apiError.responseHeaders?.['retry-after']).toBe('7');
    expect(apiError.responseHeaders?.['x-request-id']).toBe(server.requests[0]?.requestId);
    expect(JSON.parse(apiError.responseBody ?? '')).toMatchObject({
      error: { message: expect.any(String) },
    });
    expect(apiError.data).toMatchObject({ error: { message: expect.any(String) } });
    expect(apiError.url).toBe(`${server.baseURL}/chat/completions`);
    expect(apiError.requestBodyValues).toMatchObject({ model: 'gpt-4.1' });
  });

  it('does not retry a 401, and its message says what is wrong without the key', async () => {
    const wrong = createRoutify({ apiKey: 'sk-wrong-key-456', baseURL: server.baseURL });
    const error = await rejection(generateText({ model: wrong('gpt-4.1'), prompt: 'Hi' }));
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 401, isRetryable: false });
    expect((error as Error).message).toMatch(/401/);
    expect(server.requests).toHaveLength(1);
    expect(JSON.stringify(error)).not.toContain('sk-wrong-key-456');
    expect(String((error as Error).message)).not.toContain('sk-wrong-key-456');
  });

  it('reports an unknown model as a non-retryable 404', async () => {
    const error = await rejection(generateText({ model: provider('no-such-model'), prompt: 'Hi' }));
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 404, isRetryable: false });
    expect(server.requests).toHaveLength(1);
  });

  it('gives up after ai retried retryable errors (RetryError with APICallErrors)', async () => {
    const error = await rejection(
      generateText({
        model: provider('gpt-4.1'),
        prompt: 'Hi',
        maxRetries: 1,
        headers: fault('http-503; retry-after=0'),
      }),
    );
    expect(RetryError.isInstance(error)).toBe(true);
    expect((error as RetryError).errors.every((inner) => APICallError.isInstance(inner))).toBe(
      true,
    );
    expect(server.requests).toHaveLength(2);
  });

  it('maps a 200 carrying an error envelope to an APICallError of the status it names', async () => {
    const error = await rejection(
      generateText({
        model: provider('gpt-4.1'),
        prompt: 'Hi',
        maxRetries: 0,
        headers: fault('error-200; code=502'),
      }),
    );
    expect(error).toMatchObject({ statusCode: 502, isRetryable: true });
  });

  it('gives a clear error for an HTML error page', async () => {
    const error = await rejection(
      generateText({
        model: provider('gpt-4.1'),
        prompt: 'Hi',
        maxRetries: 0,
        headers: fault('html; status=502'),
      }),
    );
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 502 });
  });

  it('turns a refused connection into a retryable APICallError without a status', async () => {
    const closed = await startMockServer();
    const baseURL = closed.baseURL;
    await closed.close();
    const error = await rejection(
      generateText({
        model: createRoutify({ apiKey: 'k', baseURL })('gpt-4.1'),
        prompt: 'Hi',
        maxRetries: 0,
      }),
    );
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      isRetryable: true,
      statusCode: undefined,
      url: `${baseURL}/chat/completions`,
    });
  });

  it('rejects with the abort reason (not an APICallError, so never retried) when aborted before the response', async () => {
    const controller = new AbortController();
    const promise = generateText({
      model: provider('gpt-4.1'),
      prompt: 'Hi',
      abortSignal: controller.signal,
      headers: fault('delay-headers; ms=10000'),
    });
    setTimeout(() => controller.abort(), 20);
    const error = await rejection(promise);
    expect((error as Error).name).toBe('AbortError');
    expect(APICallError.isInstance(error)).toBe(false);
    expect(server.requests.length).toBeLessThanOrEqual(1);
  });
});

describe('toApiCallError / toStreamErrorPayload (core errors built directly)', () => {
  const target = {
    url: 'https://api.routify.ru/v1/chat/completions',
    requestBodyValues: { model: 'm' },
  };
  const partial = { content: '', reasoning: '', tool_calls: [] };

  it('maps MissingAPIKeyError to LoadAPIKeyError', () => {
    const error = toApiCallError(new MissingAPIKeyError(), target);
    expect(LoadAPIKeyError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/ROUTIFY_API_KEY/);
  });

  it('maps a connection error to a retryable APICallError without a status', () => {
    const error = toApiCallError(
      new APIConnectionError({ cause: new TypeError('fetch failed') }),
      target,
    );
    expect(error).toMatchObject({
      statusCode: undefined,
      isRetryable: true,
      url: target.url,
      requestBodyValues: { model: 'm' },
    });
    expect(APICallError.isInstance(error)).toBe(true);
  });

  it('maps an incomplete stream to a non-retryable APICallError', () => {
    const error = toApiCallError(new IncompleteStreamError({ partial }), target);
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ isRetryable: false });
  });

  it('builds a provider stream error with the status the chunk code names', () => {
    const payload = toStreamErrorPayload(
      new StreamError({
        body: { error: { message: 'slow down', code: 429, type: 'rate_limit' } },
        partial,
      }),
    );
    expect(payload).toMatchObject({
      message: 'slow down',
      statusCode: 429,
      code: 429,
      type: 'rate_limit',
      isRetryable: true,
    });
    expect(payload.data).toEqual({
      error: { message: 'slow down', code: 429, type: 'rate_limit' },
    });
  });

  it('returns errors that are not core errors unchanged', () => {
    const error = new RangeError('x');
    expect(toApiCallError(error, target)).toBe(error);
  });
});
