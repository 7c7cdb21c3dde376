import { describe, expect, it } from 'vitest';
import { describeError, redact, StepFailedError } from './describe-error';

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
});
