import { describe, expect, it } from 'vitest';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  createAPIError,
  IncompleteStreamError,
  InternalServerError,
  MissingAPIKeyError,
  NotFoundError,
  RateLimitError,
  RoutifyError,
  StreamError,
  statusFromErrorCode,
} from './errors';
import { STATUS_CASES } from './status-cases.test-helper';
import type { ChatCompletionPartial } from './stream-partial';

const envelope = (error: Record<string, unknown>) => ({ error });
const partial: ChatCompletionPartial = { content: 'Hel', reasoning: '', tool_calls: [] };

describe('createAPIError', () => {
  const cases = STATUS_CASES;

  it.each(cases)('maps %i to its class with isRetryable %s', (status, type, retryable) => {
    const error = createAPIError({ status, body: envelope({ message: 'm' }) });
    expect(error).toBeInstanceOf(type);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toBeInstanceOf(RoutifyError);
    expect(error.constructor).toBe(type);
    expect(error.status).toBe(status);
    expect(error.isRetryable).toBe(retryable);
    expect(error.name).toBe(type.name);
    expect(String(error).startsWith(`${type.name}: ${status} `)).toBe(true);
  });

  it('reads every envelope field, the request id and the retry delay', () => {
    const error = createAPIError({
      status: 429,
      headers: new Headers({ 'x-request-id': 'req_1', 'retry-after': '7' }),
      body: envelope({
        message: 'Too many requests',
        type: 'rate_limit_error',
        code: 'rate_limited',
        param: 'model',
        metadata: { provider_name: 'yandex' },
      }),
    });
    expect(error).toMatchObject({
      status: 429,
      requestId: 'req_1',
      code: 'rate_limited',
      type: 'rate_limit_error',
      param: 'model',
      upstreamMessage: 'Too many requests',
      provider: 'yandex',
      retryAfter: 7,
    });
    expect(error.headers.get('retry-after')).toBe('7');
    expect(error.message).toBe(
      '429 Rate limit exceeded: Too many requests (request id req_1). The server asks to retry after 7 s.',
    );
  });

  it('keeps numeric codes as numbers and reads retry-after-ms as fractional seconds', () => {
    const error = createAPIError({
      status: 503,
      headers: new Headers({ 'retry-after-ms': '1500' }),
      body: envelope({ message: 'down', code: 503 }),
    });
    expect(error.code).toBe(503);
    expect(error.retryAfter).toBe(1.5);
  });

  it('says what to do for the common statuses', () => {
    const message = (status: number) => createAPIError({ status }).message;
    expect(message(401)).toContain('ROUTIFY_API_KEY');
    expect(message(402)).toMatch(/balance/);
    expect(message(404)).toMatch(/models\.list/);
    expect(message(400)).toMatch(/parameters/);
    expect(message(500)).toMatch(/retryable/);
    expect(message(401)).toContain('no body');
  });

  it('describes a non-JSON (HTML) body by its title', () => {
    const error = createAPIError({
      status: 502,
      headers: new Headers({ 'content-type': 'text/html; charset=utf-8' }),
      body: '<html><head><title>502 Bad Gateway</title></head><body><h1>nginx</h1></body></html>',
    });
    expect(error.upstreamMessage).toBeUndefined();
    expect(error.message).toContain('the body is not JSON (text/html): "502 Bad Gateway"');
    expect(error.body).toContain('<h1>nginx</h1>');
  });

  it('honours x-should-retry and an explicit isRetryable', () => {
    expect(
      createAPIError({ status: 400, headers: new Headers({ 'x-should-retry': 'true' }) })
        .isRetryable,
    ).toBe(true);
    expect(
      createAPIError({ status: 503, headers: new Headers({ 'x-should-retry': 'false' }) })
        .isRetryable,
    ).toBe(false);
    expect(createAPIError({ status: 500, isRetryable: false }).isRetryable).toBe(false);
  });
});

describe('statusFromErrorCode', () => {
  it('takes numbers and three-digit strings in 400–599 only', () => {
    expect(statusFromErrorCode(429)).toBe(429);
    expect(statusFromErrorCode('503')).toBe(503);
    expect(statusFromErrorCode('server_error')).toBeUndefined();
    expect(statusFromErrorCode(200)).toBeUndefined();
    expect(statusFromErrorCode(429.5)).toBeUndefined();
    expect(statusFromErrorCode(null)).toBeUndefined();
  });
});

describe('the other errors', () => {
  it('MissingAPIKeyError says how to set the key and is not retryable', () => {
    const error = new MissingAPIKeyError();
    expect(error.message).toContain('ROUTIFY_API_KEY');
    expect(error.message).toContain('apiKey');
    expect(error.isRetryable).toBe(false);
  });

  it('APIConnectionError keeps its cause and is retryable', () => {
    const cause = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
    });
    const error = new APIConnectionError({ cause });
    expect(error.cause).toBe(cause);
    expect(error.isRetryable).toBe(true);
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.partial).toBeUndefined();
  });

  it('APIConnectionTimeoutError names the limit that ran out', () => {
    const headers = new APIConnectionTimeoutError({ kind: 'timeout', timeout: 50 });
    expect(headers).toBeInstanceOf(APIConnectionError);
    expect(headers.isRetryable).toBe(true);
    expect(headers.message).toContain('50 ms');
    expect(headers.message).toContain('`timeout`');
    const idle = new APIConnectionTimeoutError({ kind: 'idleTimeout', timeout: 20, partial });
    expect(idle.message).toContain('`idleTimeout`');
    expect(idle.partial).toEqual(partial);
  });

  it('APIUserAbortError is never retryable', () => {
    const error = new APIUserAbortError({ cause: 'user' });
    expect(error.isRetryable).toBe(false);
    expect(error.cause).toBe('user');
  });

  it('StreamError takes its status from a numeric code and its retryability from the status', () => {
    const limited = new StreamError({
      body: { error: { message: 'slow down', code: 429, type: 'rate_limit' } },
      partial,
      headers: new Headers({ 'x-request-id': 'req_s' }),
    });
    expect(limited).toMatchObject({
      status: 429,
      code: 429,
      type: 'rate_limit',
      upstreamMessage: 'slow down',
      requestId: 'req_s',
      isRetryable: true,
      partial,
    });
    const named = new StreamError({ body: { message: 'gone', code: 'server_error' }, partial });
    expect(named.status).toBeUndefined();
    expect(named.code).toBe('server_error');
    expect(named.upstreamMessage).toBe('gone');
    expect(named.isRetryable).toBe(false);
    expect(new StreamError({ body: { error: { code: 400 } }, partial }).isRetryable).toBe(false);
  });

  it('IncompleteStreamError carries the partial result', () => {
    const error = new IncompleteStreamError({ partial, requestId: 'req_i' });
    expect(error.partial).toEqual(partial);
    expect(error.message).toMatch(/\[DONE\]/);
    expect(error.toJSON()).toMatchObject({ name: 'IncompleteStreamError', partial });
  });
});

describe('isInstance', () => {
  it('checks the class and its subclasses, not siblings', () => {
    const error = createAPIError({ status: 429 });
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(APIError.isInstance(error)).toBe(true);
    expect(RoutifyError.isInstance(error)).toBe(true);
    expect(InternalServerError.isInstance(error)).toBe(false);
    expect(APIConnectionError.isInstance(error)).toBe(false);
    expect(APIConnectionError.isInstance(new APIConnectionTimeoutError())).toBe(true);
    expect(RoutifyError.isInstance(new Error('x'))).toBe(false);
    expect(RoutifyError.isInstance(null)).toBe(false);
    expect(RoutifyError.isInstance('RoutifyError')).toBe(false);
  });

  it('works across two copies of the package, where instanceof does not', async () => {
    // A second module instance (the query string makes Vite load the file again).
    const path = './errors.ts?second-copy';
    const copy = (await import(/* @vite-ignore */ path)) as typeof import('./errors');
    expect(copy.RateLimitError).not.toBe(RateLimitError);
    const foreign = copy.createAPIError({ status: 429 });
    expect(foreign instanceof RateLimitError).toBe(false);
    expect(RateLimitError.isInstance(foreign)).toBe(true);
    expect(APIError.isInstance(foreign)).toBe(true);
    expect(NotFoundError.isInstance(foreign)).toBe(false);
    expect(copy.RoutifyError.isInstance(createAPIError({ status: 404 }))).toBe(true);
  });
});

describe('toJSON', () => {
  it('serializes the fields, headers as a record, and the cause as name and message', () => {
    const error = createAPIError({
      status: 400,
      headers: new Headers({ 'x-request-id': 'req_j' }),
      body: envelope({ message: 'bad', param: 'temperature' }),
      cause: new Error('inner'),
    });
    const json = JSON.parse(JSON.stringify(error));
    expect(json).toMatchObject({
      name: 'BadRequestError',
      status: 400,
      isRetryable: false,
      requestId: 'req_j',
      param: 'temperature',
      upstreamMessage: 'bad',
      headers: { 'x-request-id': 'req_j' },
      body: { error: { message: 'bad', param: 'temperature' } },
      cause: { name: 'Error', message: 'inner' },
    });
  });
});
