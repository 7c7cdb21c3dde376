import { APICallError, LoadAPIKeyError } from '@ai-sdk/provider';
import { createProviderStreamError, type ProviderStreamError } from '@ai-sdk/provider-utils';
import { APIError, MissingAPIKeyError, RoutifyError, StreamError } from '@routify/core';

/** Response headers as the plain lower-cased record `APICallError.responseHeaders` holds. */
export function headersToRecord(headers: Headers | undefined): Record<string, string> | undefined {
  if (headers == null) return undefined;
  const record: Record<string, string> = {};
  headers.forEach((value, name) => {
    record[name] = value;
  });
  return record;
}

function bodyText(body: unknown): string | undefined {
  if (body === undefined) return undefined;
  return typeof body === 'string' ? body : JSON.stringify(body);
}

/**
 * Converts an error thrown by `@routify/core` into the AI SDK's error (`@ai-sdk/provider`
 * 4.0.38), so that `ai` retries exactly what core would (`ai` retries `APICallError`s whose
 * `isRetryable` is true, honouring the `retry-after-ms` / `retry-after` response headers):
 *
 * - `APIError` (HTTP status ≥ 400, or a 200 carrying an error) → `APICallError` with
 *   `statusCode`, `responseHeaders`, `responseBody` (text), `data` (the parsed body, e.g.
 *   `{error: {message, type, code, param}}`) and core's `isRetryable` (408, 409, 429, ≥ 500,
 *   unless `x-should-retry` says otherwise).
 * - `APIConnectionError` / `APIConnectionTimeoutError` (network failure, reset, timeout) and
 *   `IncompleteStreamError` → `APICallError` without a status, `isRetryable` as core says
 *   (connection failures before any content: true).
 * - `StreamError` (an error reported inside a 200 stream) → `APICallError` with the status its
 *   `code` names.
 * - `MissingAPIKeyError` → `LoadAPIKeyError`.
 *
 * The message is core's (it never contains the API key). Anything else is returned unchanged.
 */
export function toApiCallError(
  error: unknown,
  { url, requestBodyValues }: { url: string; requestBodyValues: unknown },
): unknown {
  if (APICallError.isInstance(error)) return error;
  if (MissingAPIKeyError.isInstance(error)) return new LoadAPIKeyError({ message: error.message });
  if (APIError.isInstance(error)) {
    return new APICallError({
      message: error.message,
      url,
      requestBodyValues,
      statusCode: error.status,
      responseHeaders: headersToRecord(error.headers),
      responseBody: bodyText(error.body),
      isRetryable: error.isRetryable,
      data: error.body,
      cause: error,
    });
  }
  if (StreamError.isInstance(error)) {
    return new APICallError({
      message: error.message,
      url,
      requestBodyValues,
      statusCode: error.status,
      responseHeaders: headersToRecord(error.headers),
      responseBody: bodyText(error.body),
      isRetryable: error.isRetryable,
      data: error.body,
      cause: error,
    });
  }
  if (RoutifyError.isInstance(error)) {
    return new APICallError({
      message: error.message,
      url,
      requestBodyValues,
      isRetryable: error.isRetryable,
      cause: error,
    });
  }
  return error;
}

/**
 * The payload of the `error` stream part for a core `StreamError` (an error chunk after the 200):
 * a provider stream error (`createProviderStreamError`, `@ai-sdk/provider-utils` 5.0.81) that
 * `ai` turns into a `StreamProviderError` with this `statusCode` (from the chunk's numeric
 * `code`, e.g. 429), `code`, `type` and core's `isRetryable`, so `streamRetries` can act on it.
 */
export function toStreamErrorPayload(error: StreamError): ProviderStreamError {
  return createProviderStreamError({
    message: error.upstreamMessage ?? error.message,
    type: error.type,
    code: error.code,
    statusCode: error.status,
    isRetryable: error.isRetryable,
    data: error.body,
  });
}
