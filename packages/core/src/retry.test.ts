import { describe, expect, it, vi } from 'vitest';
import {
  backoffMs,
  decideRetry,
  isRetryableStatus,
  parseRetryAfterMs,
  shouldRetryResponse,
  sleep,
} from './retry';

const headers = (init: Record<string, string>) => new Headers(init);

describe('isRetryableStatus', () => {
  it('retries 408, 409, 429 and every status ≥ 500, and no other 4xx', () => {
    for (const status of [408, 409, 429, 500, 502, 503, 504, 599]) {
      expect(isRetryableStatus(status), String(status)).toBe(true);
    }
    for (const status of [400, 401, 402, 403, 404, 405, 413, 422, 451]) {
      expect(isRetryableStatus(status), String(status)).toBe(false);
    }
  });
});

describe('shouldRetryResponse', () => {
  it('lets x-should-retry override the status rule both ways', () => {
    expect(shouldRetryResponse(400, headers({ 'x-should-retry': 'true' }))).toBe(true);
    expect(shouldRetryResponse(503, headers({ 'x-should-retry': 'false' }))).toBe(false);
    expect(shouldRetryResponse(402, headers({ 'x-should-retry': 'TRUE ' }))).toBe(true);
    expect(shouldRetryResponse(503, headers({ 'x-should-retry': 'maybe' }))).toBe(true);
    expect(shouldRetryResponse(402, undefined)).toBe(false);
  });
});

describe('parseRetryAfterMs', () => {
  const now = Date.parse('2026-11-30T00:00:00Z');

  it('reads retry-after-ms first (milliseconds, fractional allowed)', () => {
    expect(parseRetryAfterMs(headers({ 'retry-after-ms': '1500', 'retry-after': '9' }), now)).toBe(
      1500,
    );
    expect(parseRetryAfterMs(headers({ 'retry-after-ms': '12.5' }), now)).toBe(12.5);
    expect(parseRetryAfterMs(headers({ 'retry-after-ms': '0' }), now)).toBe(0);
  });

  it('falls back to retry-after when retry-after-ms is unusable', () => {
    expect(parseRetryAfterMs(headers({ 'retry-after-ms': 'soon', 'retry-after': '2' }), now)).toBe(
      2000,
    );
    expect(parseRetryAfterMs(headers({ 'retry-after-ms': '-5', 'retry-after': '1' }), now)).toBe(
      1000,
    );
  });

  it('reads retry-after as seconds, fractional seconds, or an HTTP date', () => {
    expect(parseRetryAfterMs(headers({ 'retry-after': '30' }), now)).toBe(30_000);
    expect(parseRetryAfterMs(headers({ 'retry-after': '0.25' }), now)).toBe(250);
    expect(
      parseRetryAfterMs(headers({ 'retry-after': 'Mon, 30 Nov 2026 00:00:10 GMT' }), now),
    ).toBe(10_000);
  });

  it('ignores missing, negative, garbage and past values', () => {
    expect(parseRetryAfterMs(undefined, now)).toBeUndefined();
    expect(parseRetryAfterMs(headers({}), now)).toBeUndefined();
    expect(parseRetryAfterMs(headers({ 'retry-after': '-1' }), now)).toBeUndefined();
    expect(parseRetryAfterMs(headers({ 'retry-after': 'later' }), now)).toBeUndefined();
    expect(parseRetryAfterMs(headers({ 'retry-after': '1e3' }), now)).toBeUndefined();
    expect(
      parseRetryAfterMs(headers({ 'retry-after': 'Sun, 29 Nov 2026 23:59:00 GMT' }), now),
    ).toBeUndefined();
  });
});

describe('backoffMs', () => {
  it('is 0.5 s × 2^n capped at 8 s, minus up to 25 % jitter', () => {
    const noJitter = () => 0;
    const fullJitter = () => 0.999_999;
    expect([0, 1, 2, 3, 4, 5, 10].map((n) => backoffMs(n, noJitter))).toEqual([
      500, 1000, 2000, 4000, 8000, 8000, 8000,
    ]);
    expect(backoffMs(0, fullJitter)).toBeCloseTo(375, 3);
    expect(backoffMs(6, fullJitter)).toBeCloseTo(6000, 2);
  });

  it('stays within [75 %, 100 %] of the step with the default random source', () => {
    for (let index = 0; index < 200; index++) {
      const value = backoffMs(1);
      expect(value).toBeGreaterThan(750);
      expect(value).toBeLessThanOrEqual(1000);
    }
  });
});

describe('decideRetry', () => {
  const base = { retryable: true, retriesMade: 0, maxRetries: 2, maxRetryDelay: 60 };

  it('does not retry a final failure, or when retries are used up', () => {
    expect(decideRetry({ ...base, retryable: false })).toEqual({
      retry: false,
      reason: 'not-retryable',
    });
    expect(decideRetry({ ...base, retriesMade: 2 })).toEqual({ retry: false, reason: 'exhausted' });
    expect(decideRetry({ ...base, maxRetries: 0 })).toEqual({ retry: false, reason: 'exhausted' });
  });

  it('waits exactly the server delay when it is at most maxRetryDelay', () => {
    expect(decideRetry({ ...base, headers: headers({ 'retry-after': '60' }) })).toEqual({
      retry: true,
      delayMs: 60_000,
    });
    expect(decideRetry({ ...base, headers: headers({ 'retry-after-ms': '0' }) })).toEqual({
      retry: true,
      delayMs: 0,
    });
  });

  it('gives up at once when the server asks for more than maxRetryDelay', () => {
    expect(decideRetry({ ...base, headers: headers({ 'retry-after': '61' }) })).toEqual({
      retry: false,
      reason: 'delay-too-long',
    });
    expect(
      decideRetry({ ...base, maxRetryDelay: 0, headers: headers({ 'retry-after-ms': '1' }) }),
    ).toEqual({ retry: false, reason: 'delay-too-long' });
  });

  it('backs off without a server delay', () => {
    const decision = decideRetry({ ...base, retriesMade: 1, random: () => 0 });
    expect(decision).toEqual({ retry: true, delayMs: 1000 });
  });
});

describe('sleep', () => {
  it('resolves after the delay', async () => {
    vi.useFakeTimers();
    try {
      let done = false;
      const promise = sleep(1000).then(() => {
        done = true;
      });
      await vi.advanceTimersByTimeAsync(999);
      expect(done).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await promise;
      expect(done).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('ends early with the signal reason when aborted, and at once when already aborted', async () => {
    const controller = new AbortController();
    const promise = sleep(60_000, controller.signal);
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(promise).rejects.toBe(reason);
    await expect(sleep(10, AbortSignal.abort(reason))).rejects.toBe(reason);
  });
});
