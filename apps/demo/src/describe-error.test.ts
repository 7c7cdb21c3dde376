import { describe, expect, it } from 'vitest';
import { describeError, redact, StepFailedError } from './describe-error';
import { InvalidSettingError } from './invalid-setting-error';

const context = { baseURL: 'http://127.0.0.1:1/v1', secrets: ['sk-secret-key-123'] };

class FakeAPIError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'AuthenticationError';
  }
}

describe('describeError', () => {
  it('says to check ROUTIFY_API_KEY on a 401 and names the failed step', () => {
    const cause = new FakeAPIError('Incorrect API key provided: sk-secret-key-123', 401);
    const failure = describeError(new StepFailedError('1. core', 'models', { cause }), context);
    expect(failure.status).toBe(401);
    expect(failure.where).toBe('1. core › models');
    expect(failure.errorName).toBe('AuthenticationError');
    expect(failure.message).toContain('Check ROUTIFY_API_KEY');
    expect(failure.message).toContain('The demo failed at 1. core › models.');
    expect(failure.message).not.toContain('sk-secret-key-123');
  });

  it('finds the status of an AI SDK error behind a RetryError (statusCode, lastError)', () => {
    const apiCallError = Object.assign(new Error('Unauthorized'), {
      name: 'AI_APICallError',
      statusCode: 401,
    });
    const retryError = Object.assign(new Error('Failed after 1 attempt'), {
      name: 'AI_RetryError',
      lastError: apiCallError,
      errors: [apiCallError],
    });
    const failure = describeError(retryError, context);
    expect(failure.status).toBe(401);
    expect(failure.errorName).toBe('AI_APICallError');
  });

  it('reads the status through a cause chain', () => {
    const error = new Error('outer', { cause: new FakeAPIError('no such model', 404) });
    const failure = describeError(error, context);
    expect(failure.status).toBe(404);
    expect(failure.message).toContain('no such model');
    expect(failure.message).toContain('--model');
  });

  it('suggests another model when a step is refused with a 400', () => {
    const failure = describeError(
      new FakeAPIError("model 'yandexgpt-lite' does not support the parameter 'tools'", 400),
      context,
    );
    expect(failure.message).toBe(
      "Bad request (HTTP 400): model 'yandexgpt-lite' does not support the parameter 'tools'\n" +
        'The model may lack what this step needs (tools, structured output, reasoning): try another --model or --reasoning-model.',
    );
  });

  it('describes connection failures with the base URL', () => {
    const error = Object.assign(new Error('fetch failed', { cause: new Error('ECONNREFUSED') }), {
      name: 'APIConnectionError',
    });
    const failure = describeError(error, context);
    expect(failure.status).toBeNull();
    expect(failure.message).toContain('Could not reach http://127.0.0.1:1/v1');
    expect(failure.message).toContain('ROUTIFY_BASE_URL');
  });

  it('prints the status once when the message starts with it (core: "404 Not found: …")', () => {
    const notFound = describeError(
      new FakeAPIError("404 Not found: The model 'x' does not exist. Check the model id.", 404),
      context,
    );
    expect(notFound.message.split('\n')[0]).toBe(
      "Not found (HTTP 404): The model 'x' does not exist. Check the model id.",
    );
    const badRequest = describeError(new FakeAPIError('400 Bad request: no tools', 400), context);
    expect(badRequest.message.split('\n')[0]).toBe('Bad request (HTTP 400): no tools');
    const other = describeError(new FakeAPIError('500 Server error: boom', 500), context);
    expect(other.message).toBe('The API answered HTTP 500 (AuthenticationError): boom');
    // A message that merely contains a number is left alone.
    const plain = describeError(new FakeAPIError('4040 tokens is too many: x', 404), context);
    expect(plain.message).toContain('Not found (HTTP 404): 4040 tokens is too many: x');
  });

  it('a stalled stream: reached but silent, with the --timeout limit, not "could not reach"', () => {
    const stalled = Object.assign(
      new Error(
        'Stream stalled: no bytes arrived within 60000 ms (`idleTimeout`). Raise `idleTimeout` or try again.',
      ),
      { name: 'APIConnectionTimeoutError', kind: 'idleTimeout', timeout: 60_000 },
    );
    const failure = describeError(stalled, context);
    expect(failure.message).toBe(
      'The server at http://127.0.0.1:1/v1 stopped sending data for 60 s in the middle of a reply (APIConnectionTimeoutError).\n' +
        'It was reached, but is slow or stuck: run the demo again, or allow more time with --timeout <seconds>.',
    );
    const headers = Object.assign(new Error('Request timed out'), {
      name: 'APIConnectionTimeoutError',
      kind: 'timeout',
      timeout: 1500,
    });
    expect(describeError(headers, { ...context, timeoutMs: 1500 }).message).toContain(
      'The server at http://127.0.0.1:1/v1 did not answer within 1.5 s (APIConnectionTimeoutError).',
    );
  });

  it("recognises the AI SDK's chunk timeouts, also quoted inside another error", () => {
    const wrapped = new Error(
      'The stream was aborted: TimeoutError: Chunk timeout of 300ms exceeded.',
    );
    expect(describeError(wrapped, context).message).toContain(
      'stopped sending data for 0.3 s in the middle of a reply',
    );
    const first = Object.assign(new Error('First chunk timeout of 2000ms exceeded'), {
      name: 'TimeoutError',
    });
    expect(describeError(first, context).message).toContain('did not answer within 2 s');
  });

  it('prints an invalid setting as it is, without a class name', () => {
    const error = new InvalidSettingError('ROUTIFY_BASE_URL must be an absolute http(s) URL.');
    const failure = describeError(error, context);
    expect(failure.message).toBe('ROUTIFY_BASE_URL must be an absolute http(s) URL.');
    expect(failure.errorName).toBe('InvalidSettingError');
  });

  it('redacts credentials in URLs of any message', () => {
    const error = new Error('fetch failed', {
      cause: new Error('ECONNREFUSED'),
    });
    const failure = describeError(error, {
      baseURL: 'http://user:pw-123456@127.0.0.1:1/v1?token=abcdef123456',
      secrets: [],
    });
    expect(failure.message).toContain(
      'Could not reach http://[redacted]@127.0.0.1:1/v1?token=[redacted]',
    );
    expect(failure.message).not.toContain('abcdef123456');
    expect(failure.message).not.toContain('pw-123456');
  });

  it('never returns a secret, whatever the error says', () => {
    const error = new Error('boom sk-secret-key-123 boom');
    expect(describeError(error, context).message).toBe('Error: boom *** boom');
  });

  it('survives a cyclic cause chain and non-Error throws', () => {
    const error: Error & { cause?: unknown } = new Error('loop');
    error.cause = error;
    expect(describeError(error, context).message).toBe('Error: loop');
    expect(describeError('plain string', context).message).toBe('Error: plain string');
  });
});

describe('redact', () => {
  it('replaces every occurrence and ignores secrets too short to be keys', () => {
    expect(redact('a-key and a-key', ['a-key'])).toBe('*** and ***');
    expect(redact('abc', ['', 'ab'])).toBe('abc');
  });

  it('removes the key anywhere, also percent-encoded', () => {
    expect(redact('http://h/v1/sk-secret-key-123/models', ['sk-secret-key-123'])).toBe(
      'http://h/v1/***/models',
    );
    expect(redact('x?q=sk%2Bkey%2F1', ['sk+key/1'])).toBe('x?q=***');
  });

  it('removes URL userinfo', () => {
    expect(redact('at https://me:pa55@api.example.com/v1 now', [])).toBe(
      'at https://[redacted]@api.example.com/v1 now',
    );
    expect(redact('"http://only-user@h/v1"', [])).toBe('"http://[redacted]@h/v1"');
  });

  it.each([
    'key',
    'api_key',
    'api-key',
    'apikey',
    'API_KEY',
    'token',
    'access_token',
    'refresh_token',
    'auth',
    'secret',
    'client_secret',
    'password',
    'sig',
    'signature',
    'X-Amz-Signature',
  ])('redacts the value of the query parameter %s', (name) => {
    expect(redact(`GET http://h/v1?a=1&${name}=s3cr3t-value&b=2#f`, [])).toBe(
      `GET http://h/v1?a=1&${name}=[redacted]&b=2#f`,
    );
    expect(redact(`{"url":"http://h/v1?${name}=s3cr3t-value"}`, [])).toBe(
      `{"url":"http://h/v1?${name}=[redacted]"}`,
    );
  });

  it('leaves other query parameters and look-alike names alone', () => {
    const text = 'http://h/v1?region=eu&monkey=1&keyboard=2&tokens=3';
    expect(redact(text, [])).toBe(text);
  });
});
