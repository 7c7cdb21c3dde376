/** The "it is retryable" clause of a message (with an optional parenthesised aside). */
const RETRYABLE_CLAUSE = /[;.] it is retryable(?: \([^()]*\))?\./gi;

/**
 * Rewrites the message of an error that core already retried to exhaustion: the closing "it is
 * retryable" clause (true of the kind, misleading once every retry failed) gives way to "Gave up
 * after N retries (`maxRetries`)." — the same wording for every retried failure kind (HTTP
 * statuses, connection errors, time-to-headers timeouts, retryable 200 error bodies). The
 * error's `isRetryable` is left as it is: it describes the kind of failure. `stack` follows.
 *
 * @param retriesMade retries made after the first attempt (≥ 1).
 */
export function markRetriesExhausted(error: Error, retriesMade: number): void {
  const before = error.message;
  const note = `Gave up after ${retriesMade} ${retriesMade === 1 ? 'retry' : 'retries'} (\`maxRetries\`).`;
  const trimmed = before.trimEnd();
  const stripped = trimmed.replace(RETRYABLE_CLAUSE, '.');
  const base = /[.!?)]$/.test(stripped) || stripped === '' ? stripped : `${stripped}.`;
  const after = base === '' ? note : `${base} ${note}`;
  error.message = after;
  if (typeof error.stack === 'string' && error.stack.includes(before)) {
    error.stack = error.stack.replace(before, after);
  }
}
