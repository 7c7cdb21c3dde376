import { isRetryableStatus } from './retry';

const formatSeconds = (seconds: number): string =>
  Number.isInteger(seconds) ? String(seconds) : seconds.toFixed(3).replace(/0+$/, '');

/** What an HTTP status usually means and what to do, without any claim about retrying. */
function causeHint(status: number, retryAfter: number | undefined): string {
  switch (status) {
    case 400:
      return 'Check the request parameters; an upstream provider may not support one of them';
    case 401:
      return 'Check ROUTIFY_API_KEY (or the `apiKey` option): the key is missing, wrong or revoked';
    case 402:
      return 'The Routify balance is too low: top it up';
    case 403:
      return 'The key may not use this model or resource; check its permissions';
    case 404:
      return 'Check the model id (`client.models.list()` lists them) and `baseURL`';
    case 408:
      return 'The server timed out reading the request';
    case 409:
      return 'A conflicting request is in progress';
    case 413:
      return 'Send fewer or shorter messages';
    case 422:
      return 'The request was well-formed but could not be processed; check the parameters';
    case 429:
      return retryAfter === undefined
        ? 'Slow down or raise the rate limit'
        : `The server asks to retry after ${formatSeconds(retryAfter)} s`;
    default:
      if (status >= 500) {
        return retryAfter === undefined
          ? 'Routify or the upstream provider failed'
          : `Routify or the upstream provider failed; the server asks to retry after ${formatSeconds(retryAfter)} s`;
      }
      return 'Unexpected HTTP status';
  }
}

/**
 * The closing sentences of an `APIError` message: what the status means, what to do, and
 * whether the error is retryable — which always agrees with the error's final `isRetryable`
 * (a server's `x-should-retry` header, or a 200 error body, can override the status rule).
 */
export function statusHint(
  status: number,
  retryAfter: number | undefined,
  retryable: boolean,
  headers: Headers | undefined,
): string {
  const cause = causeHint(status, retryAfter);
  const override = headers?.get('x-should-retry')?.trim().toLowerCase();
  if (isRetryableStatus(status)) {
    if (!retryable) {
      const why = override === 'false' ? ' (the server sent `x-should-retry: false`)' : '';
      return `${cause}; not retryable${why}.`;
    }
    if (retryAfter !== undefined) return `${cause}.`;
    return status >= 500
      ? `${cause}; it is retryable (try again or use another model).`
      : `${cause}; it is retryable.`;
  }
  if (retryable) {
    const why = override === 'true' ? ' (the server sent `x-should-retry: true`)' : '';
    return `${cause}. It is retryable${why}.`;
  }
  return status === 402 ? `${cause}. Not retried.` : `${cause}.`;
}
