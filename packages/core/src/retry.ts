/**
 * The retry policy of the `openai` SDK (openai-node `src/client.ts`, 7.x), with Routify's
 * `maxRetryDelay`: pure functions, so the policy can be tested without a network.
 */

/** Longest timer a runtime accepts (2³¹ − 1 ms); longer values fire at once in Node. */
export const MAX_TIMER_MS = 2_147_483_647;

/** First backoff step, in seconds. */
const INITIAL_RETRY_DELAY_S = 0.5;
/** Backoff cap, in seconds. */
const MAX_BACKOFF_S = 8;

/**
 * Whether an HTTP status is worth retrying: 408, 409, 429 and every status ≥ 500. Never 402 or
 * any other 4xx.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/**
 * Whether a response should be retried: the server's `x-should-retry: true|false` header wins;
 * otherwise {@link isRetryableStatus}.
 */
export function shouldRetryResponse(status: number, headers: Headers | undefined): boolean {
  const override = headers?.get('x-should-retry')?.trim().toLowerCase();
  if (override === 'true') return true;
  if (override === 'false') return false;
  return isRetryableStatus(status);
}

/**
 * The delay a server asks for before a retry, in milliseconds, or `undefined` when it sent none
 * (or nothing usable). Reads `retry-after-ms` (milliseconds, may be fractional) first, then
 * `retry-after` as seconds (may be fractional) or as an HTTP date (RFC 9110 §10.2.3). Negative
 * values, unparseable values and dates in the past are ignored.
 */
export function parseRetryAfterMs(
  headers: Headers | undefined,
  now: number = Date.now(),
): number | undefined {
  if (headers === undefined) return undefined;
  const milliseconds = headers.get('retry-after-ms');
  if (milliseconds !== null) {
    const value = parseNumber(milliseconds);
    if (value !== undefined && value >= 0) return value;
  }
  const retryAfter = headers.get('retry-after');
  if (retryAfter === null) return undefined;
  const seconds = parseNumber(retryAfter);
  if (seconds !== undefined) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(retryAfter);
  if (Number.isNaN(date)) return undefined;
  const delay = date - now;
  return delay >= 0 ? delay : undefined;
}

function parseNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * The default backoff before retry number `retriesMade + 1`, in milliseconds:
 * `min(0.5 s × 2^retriesMade, 8 s)`, reduced by a random jitter of up to 25 %.
 * `random` returns a number in [0, 1) (default `Math.random`).
 */
export function backoffMs(retriesMade: number, random: () => number = Math.random): number {
  const seconds = Math.min(INITIAL_RETRY_DELAY_S * 2 ** retriesMade, MAX_BACKOFF_S);
  const jitter = 1 - random() * 0.25;
  return seconds * jitter * 1000;
}

/** What to do after a failed attempt. */
export type RetryDecision =
  /** Wait `delayMs` milliseconds, then try again. */
  | { retry: true; delayMs: number }
  /**
   * Give up: `not-retryable` (the failure is final), `exhausted` (no retries left) or
   * `delay-too-long` (the server asked for more than `maxRetryDelay`).
   */
  | { retry: false; reason: 'not-retryable' | 'exhausted' | 'delay-too-long' };

/** Inputs of {@link decideRetry}. */
export interface RetryInput {
  /** Whether the failure may be retried at all (an error's `isRetryable`). */
  retryable: boolean;
  /** Response headers of the failed attempt, if a response arrived. */
  headers?: Headers | undefined;
  /** Retries already made (0 after the first attempt). */
  retriesMade: number;
  /** Retries allowed in all. */
  maxRetries: number;
  /** Longest server-requested delay that is waited for, in seconds. */
  maxRetryDelay: number;
  /** Current time, ms since the epoch (for HTTP-date `retry-after`). */
  now?: number;
  /** Random source in [0, 1) for jitter. */
  random?: () => number;
}

/**
 * Decides whether to retry and how long to wait: a server delay (`retry-after-ms` /
 * `retry-after`) is used as is when it is at most `maxRetryDelay` seconds, and makes the
 * attempt final when it is longer; without one, {@link backoffMs}.
 */
export function decideRetry(input: RetryInput): RetryDecision {
  if (!input.retryable) return { retry: false, reason: 'not-retryable' };
  if (input.retriesMade >= input.maxRetries) return { retry: false, reason: 'exhausted' };
  const serverDelay = parseRetryAfterMs(input.headers, input.now);
  if (serverDelay !== undefined) {
    if (serverDelay > input.maxRetryDelay * 1000) return { retry: false, reason: 'delay-too-long' };
    return { retry: true, delayMs: Math.min(serverDelay, MAX_TIMER_MS) };
  }
  return { retry: true, delayMs: backoffMs(input.retriesMade, input.random) };
}

/**
 * Waits `ms` milliseconds; ends early, rejecting with the signal's reason, when `signal` aborts.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.min(Math.max(ms, 0), MAX_TIMER_MS),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
