import {
  addLangChainErrorFields,
  type LangChainErrorCodes,
  stampRetryable,
} from '@langchain/core/errors';
import { AsyncCaller, type FailedAttemptHandler } from '@langchain/core/utils/async_caller';

/** The longest server-requested delay (`retryAfter`) that is waited for: 60 s, as in core and LangChain. */
const MAX_RETRY_AFTER_SECONDS = 60;

interface ClassifiedError {
  isRetryable: boolean;
  status?: number;
  retryAfter?: number;
  retryAfterMs?: number;
  lc_error_code?: string;
  message: string;
}

const CONTEXT_OVERFLOW =
  /context[_ ]length[_ ]exceeded|maximum context length|context window|too many tokens/i;

function isClassified(error: unknown): error is ClassifiedError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { isRetryable?: unknown }).isRetryable === 'boolean' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

/**
 * Adds LangChain's `lc_error_code` (and the troubleshooting URL LangChain appends to the
 * message) to an error from `@routify/core`, keeping its class, `status`, `headers`, `requestId`
 * and `isRetryable`: 401/403 → `MODEL_AUTHENTICATION`, 404 → `MODEL_NOT_FOUND`, 429 →
 * `MODEL_RATE_LIMIT`, a context-length message → `CONTEXT_OVERFLOW`. Returns the same error.
 * Idempotent. See `@langchain/core/errors` (`addLangChainErrorFields`).
 */
export function withLangChainErrorCode<T>(error: T): T {
  if (!isClassified(error) || error.lc_error_code !== undefined) return error;
  let code: LangChainErrorCodes | undefined;
  if (error.status === 401 || error.status === 403) code = 'MODEL_AUTHENTICATION';
  else if (error.status === 404) code = 'MODEL_NOT_FOUND';
  else if (error.status === 429) code = 'MODEL_RATE_LIMIT';
  else if (error.status === 400 && CONTEXT_OVERFLOW.test(error.message)) code = 'CONTEXT_OVERFLOW';
  if (code !== undefined) addLangChainErrorFields(error as unknown as Error, code);
  return error;
}

/** Exposes LangChain's default failed-attempt handler (not exported by `@langchain/core`). */
class DefaultHandlerCaller extends AsyncCaller {
  get handler(): FailedAttemptHandler | undefined {
    return this.onFailedAttempt;
  }
}

let defaultHandler: FailedAttemptHandler | undefined;

/**
 * The `onFailedAttempt` ChatRoutify gives LangChain's `AsyncCaller` (the one layer that retries;
 * core runs with `maxRetries: 0`):
 *
 * - an error from `@routify/core` is retried exactly when its `isRetryable` says so (network
 *   errors, 408, 409, 429, ≥ 500, retryable stream errors), and never after it was stamped
 *   non-retryable;
 * - a server-requested delay (`retryAfter`, seconds) of up to 60 s is waited for (the caller's
 *   backoff uses `max(backoff, retryAfterMs)`); a longer one is not waited for: the error is thrown
 *   at once, with `retryAfter` set;
 * - anything else goes to LangChain's default handler.
 */
export const routifyFailedAttemptHandler: FailedAttemptHandler = (error: unknown) => {
  if (!isClassified(error)) {
    defaultHandler ??= new DefaultHandlerCaller({}).handler;
    return defaultHandler?.(error);
  }
  if (!error.isRetryable) throw stampRetryable(error, false);
  if (typeof error.retryAfter === 'number') {
    if (error.retryAfter > MAX_RETRY_AFTER_SECONDS) throw stampRetryable(error, false);
    error.retryAfterMs = error.retryAfter * 1000;
  }
  stampRetryable(error, true);
};
