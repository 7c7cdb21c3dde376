import { getRetryable } from '@langchain/core/errors';
import { BadRequestError, RateLimitError } from '@routify/core';
import { describe, expect, it } from 'vitest';
import { routifyFailedAttemptHandler, withLangChainErrorCode } from './routify-error-fields';

const rateLimit = (retryAfter: string) =>
  new RateLimitError({
    status: 429,
    headers: new Headers({ 'retry-after': retryAfter }),
    body: { error: { message: 'slow' } },
  });

describe('routifyFailedAttemptHandler', () => {
  it('retries a retryable error and waits the server-requested delay', () => {
    const error = rateLimit('3');
    expect(() => routifyFailedAttemptHandler(error)).not.toThrow();
    expect((error as unknown as { retryAfterMs: number }).retryAfterMs).toBe(3000);
    expect(getRetryable(error)).toBe(true);
  });

  it('does not wait for a delay above 60 s', () => {
    const error = rateLimit('120');
    expect(() => routifyFailedAttemptHandler(error)).toThrow(error);
    expect(getRetryable(error)).toBe(false);
  });

  it('stops at once on a non-retryable error', () => {
    const error = new BadRequestError({ status: 400, body: { error: { message: 'bad' } } });
    expect(() => routifyFailedAttemptHandler(error)).toThrow(error);
  });

  it('leaves other errors to LangChain’s default rules', () => {
    const notFound = Object.assign(new Error('gone'), { status: 404 });
    expect(() => routifyFailedAttemptHandler(notFound)).toThrow(notFound);
    const flaky = Object.assign(new Error('upstream'), { status: 503 });
    expect(() => routifyFailedAttemptHandler(flaky)).not.toThrow();
  });
});

describe('withLangChainErrorCode', () => {
  it('adds lc_error_code once and keeps the class', () => {
    const error = withLangChainErrorCode(rateLimit('1'));
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as unknown as { lc_error_code: string }).lc_error_code).toBe('MODEL_RATE_LIMIT');
    const message = error.message;
    withLangChainErrorCode(error);
    expect(error.message).toBe(message);
    expect(message).toContain('Troubleshooting URL');
  });

  it('marks a context-length 400 as CONTEXT_OVERFLOW', () => {
    const error = withLangChainErrorCode(
      new BadRequestError({
        status: 400,
        body: { error: { message: "This model's maximum context length is 8192 tokens" } },
      }),
    );
    expect((error as unknown as { lc_error_code: string }).lc_error_code).toBe('CONTEXT_OVERFLOW');
  });
});
