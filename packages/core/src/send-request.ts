import { joinURL, urlSecrets } from './base-url';
import { buildHeaders, checkUserAgentSuffix } from './build-headers';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  type APIErrorInit,
  APIUserAbortError,
  createAPIError,
  MissingAPIKeyError,
} from './errors';
import { headerEntries } from './header-entries';
import {
  checkMilliseconds,
  checkRetries,
  type HeadersLike,
  type ResolvedSettings,
} from './load-settings';
import { readBodyText } from './read-body-text';
import { markRetriesExhausted } from './retries-exhausted';
import { decideRetry, MAX_TIMER_MS, shouldRetryResponse, sleep } from './retry';
import { ChatCompletionSSEDecoder } from './sse-decoder';

/** Options of one call, given as the second argument: `create(params, options)`. */
export interface RequestOptions {
  /** Cancels the call (the request, a retry wait, or the body): it fails with `APIUserAbortError`. */
  signal?: AbortSignal | undefined;
  /** Milliseconds to wait for response headers, per attempt; overrides the client's `timeout`. */
  timeout?: number | undefined;
  /** Milliseconds allowed between body reads; overrides the client's `idleTimeout`. */
  idleTimeout?: number | undefined;
  /** Retries for this call (integer ≥ 0); overrides the client's `maxRetries`. */
  maxRetries?: number | undefined;
  /** Headers for this call, applied after the client's `defaultHeaders`. */
  headers?: HeadersLike | undefined;
  /**
   * Product tokens appended to this call's `User-Agent`, after the client's `userAgentSuffix`
   * (e.g. a framework's per-call `ai/7.0.0`). Same rules as the client option.
   */
  userAgentSuffix?: string | undefined;
}

/** The HTTP response a result came from, as `.withResponse()` gives it. */
export interface ResponseInfo {
  /** HTTP status. */
  status: number;
  /** Response headers. */
  headers: Headers;
  /** The `x-request-id` response header: quote it when reporting a problem. */
  requestId: string | undefined;
}

/** What a {@link RequestSpec.handle} receives for a 2xx response. */
export interface ResponseContext {
  response: Response;
  info: ResponseInfo;
  /** Aborting it cancels the request and its body. */
  controller: AbortController;
  /** The caller's signal (already linked to `controller` until `handle` settles). */
  signal: AbortSignal | undefined;
  /** Effective `timeout`, ms. */
  timeout: number;
  /** Effective `idleTimeout`, ms. */
  idleTimeout: number;
  /** Strings to remove from any error (the API key). */
  secrets: readonly string[];
}

/** One API call: method, path, JSON body and what to do with a 2xx response. */
export interface RequestSpec<T> {
  method: 'GET' | 'POST';
  /** Appended to `baseURL`, e.g. `/chat/completions`. */
  path: string;
  /** Sent as JSON when present. */
  body?: unknown;
  /** The `Accept` header. */
  accept: string;
  /**
   * Turns a 2xx response into the result. A retryable `APIError` or `APIConnectionError` thrown
   * here is retried like a failed attempt (so only throw those before any content reached the
   * caller). The caller's signal is unlinked from `controller` once it settles.
   */
  handle: (context: ResponseContext) => T | Promise<T>;
}

/** Most characters of a non-JSON body an error keeps. */
const MAX_RAW_BODY = 16_384;
/** Most characters of an error body read at all (a proxy's giant page is not buffered whole). */
const MAX_ERROR_BODY = 1_048_576;

/**
 * The single fetch path of core: builds the URL and headers, sends the request with the
 * time-to-headers `timeout` and the caller's signal, maps a non-2xx status to its `APIError`,
 * and retries per the `openai` SDK's policy (see `retry.ts`).
 * @throws MissingAPIKeyError (before any I/O), APIError subclasses, APIConnectionError,
 * APIConnectionTimeoutError, APIUserAbortError; RangeError / TypeError for invalid options.
 */
export async function sendRequest<T>(
  settings: ResolvedSettings,
  spec: RequestSpec<T>,
  options: RequestOptions = {},
): Promise<{ data: T; response: ResponseInfo }> {
  const hasAuthorization =
    hasHeader(options.headers, 'authorization') ||
    hasHeader(settings.defaultHeaders, 'authorization');
  if (settings.apiKey === undefined && !hasAuthorization) throw new MissingAPIKeyError();
  const timeout =
    options.timeout === undefined
      ? settings.timeout
      : checkMilliseconds('timeout', options.timeout);
  const idleTimeout =
    options.idleTimeout !== undefined
      ? checkMilliseconds('idleTimeout', options.idleTimeout)
      : (settings.idleTimeout ?? timeout);
  const maxRetries =
    options.maxRetries === undefined
      ? settings.maxRetries
      : checkRetries('maxRetries', options.maxRetries);
  const signal = options.signal;
  const headers = buildHeaders({
    apiKey: settings.apiKey,
    accept: spec.accept,
    hasBody: spec.body !== undefined,
    defaultHeaders: settings.defaultHeaders,
    headers: options.headers,
    userAgentSuffixes: [
      settings.userAgentSuffix,
      checkUserAgentSuffix('userAgentSuffix', options.userAgentSuffix),
    ],
  });
  const secrets = [...collectSecrets(settings.apiKey, headers), ...urlSecrets(settings.baseURL)];
  const body = spec.body === undefined ? undefined : serializeBody(spec.body);
  const url = joinURL(settings.baseURL, spec.path);
  const fetchFunction = settings.fetch ?? globalFetch();

  for (let retriesMade = 0; ; retriesMade++) {
    if (signal?.aborted) throw new APIUserAbortError({ cause: signal.reason, secrets });
    const context = {
      url,
      method: spec.method,
      headers,
      body,
      signal,
      timeout,
      idleTimeout,
      secrets,
    };
    let outcome: AttemptOutcome<T>;
    try {
      outcome = await attempt(fetchFunction, context, spec.handle);
    } catch (error) {
      const retryable =
        (APIError.isInstance(error) || APIConnectionError.isInstance(error)) && error.isRetryable;
      const decision = decideRetry({
        retryable,
        headers: APIError.isInstance(error) ? error.headers : undefined,
        retriesMade,
        maxRetries,
        maxRetryDelay: settings.maxRetryDelay,
      });
      if (!decision.retry) {
        if (decision.reason === 'exhausted' && retriesMade > 0 && error instanceof Error) {
          markRetriesExhausted(error, retriesMade);
        }
        throw error;
      }
      await wait(decision.delayMs, signal, secrets);
      continue;
    }
    if (outcome.ok) return { data: outcome.data, response: outcome.info };
    const failure = outcome.failure;
    const decision = decideRetry({
      retryable: shouldRetryResponse(failure.status, failure.headers),
      headers: failure.headers,
      retriesMade,
      maxRetries,
      maxRetryDelay: settings.maxRetryDelay,
    });
    if (!decision.retry) {
      const note =
        decision.reason === 'delay-too-long'
          ? `Not retried: the server asked to wait longer than \`maxRetryDelay\` (${settings.maxRetryDelay} s); see \`retryAfter\`.`
          : undefined;
      const error = createAPIError({ ...failure, note });
      if (decision.reason === 'exhausted' && retriesMade > 0)
        markRetriesExhausted(error, retriesMade);
      throw error;
    }
    await wait(decision.delayMs, signal, secrets);
  }
}

type AttemptOutcome<T> =
  | { ok: true; data: T; info: ResponseInfo }
  | { ok: false; failure: APIErrorInit & { headers: Headers } };

interface AttemptContext {
  url: string;
  method: 'GET' | 'POST';
  headers: Headers;
  body: string | undefined;
  signal: AbortSignal | undefined;
  timeout: number;
  idleTimeout: number;
  secrets: readonly string[];
}

async function attempt<T>(
  fetchFunction: (input: string, init: RequestInit) => Promise<Response>,
  context: AttemptContext,
  handle: RequestSpec<T>['handle'],
): Promise<AttemptOutcome<T>> {
  const { signal, secrets } = context;
  const controller = new AbortController();
  const onUserAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onUserAbort, { once: true });
  const release = () => signal?.removeEventListener('abort', onUserAbort);
  let timedOut = false;
  const timer = Number.isFinite(context.timeout)
    ? setTimeout(
        () => {
          timedOut = true;
          controller.abort(new Error('Routify: response headers timeout'));
        },
        Math.min(context.timeout, MAX_TIMER_MS),
      )
    : undefined;

  let response: Response;
  try {
    const init: RequestInit = {
      method: context.method,
      headers: new Headers(context.headers),
      signal: controller.signal,
    };
    if (context.body !== undefined) init.body = context.body;
    response = await raceAbort(callFetch(fetchFunction, context.url, init), controller.signal);
  } catch (error) {
    clearTimeout(timer);
    release();
    if (signal?.aborted) throw new APIUserAbortError({ cause: signal.reason, secrets });
    if (timedOut) {
      throw new APIConnectionTimeoutError({ kind: 'timeout', timeout: context.timeout, secrets });
    }
    throw new APIConnectionError({ cause: error, secrets });
  }
  clearTimeout(timer);
  if (!isResponse(response)) {
    release();
    throw new TypeError(
      'Routify: the `fetch` function must resolve to a Response (with `status`, `headers` and `body`).',
    );
  }

  const info: ResponseInfo = {
    status: response.status,
    headers: response.headers,
    requestId: response.headers.get('x-request-id') ?? undefined,
  };
  if (!response.ok) {
    let body: unknown;
    try {
      const text = await readBodyText(response, {
        controller,
        signal,
        idleTimeout: context.idleTimeout,
        requestId: info.requestId,
        secrets,
        maxChars: MAX_ERROR_BODY,
      });
      body = parseErrorBody(text);
    } catch (error) {
      if (APIUserAbortError.isInstance(error)) throw error;
      // The status is what matters; a body that could not be read is reported as absent.
      body = undefined;
    } finally {
      release();
    }
    return {
      ok: false,
      failure: { status: response.status, headers: response.headers, body, secrets },
    };
  }
  try {
    const data = await handle({
      response,
      info,
      controller,
      signal,
      timeout: context.timeout,
      idleTimeout: context.idleTimeout,
      secrets,
    });
    return { ok: true, data, info };
  } catch (error) {
    controller.abort();
    throw error;
  } finally {
    release();
  }
}

const isResponse = (value: unknown): value is Response =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Response).status === 'number' &&
  typeof (value as Response).headers?.get === 'function';

/**
 * Parses an error body: JSON when it is JSON; the error event of an event stream (an error sent
 * as `data: {"error": …}` with an error status); else the raw text (at most
 * {@link MAX_RAW_BODY} characters).
 */
function parseErrorBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    const event = /^\uFEFF?\s*(:|(data|event)\s*:)/.test(text) ? errorEvent(text) : undefined;
    if (event !== undefined) return event;
    return text.length > MAX_RAW_BODY ? text.slice(0, MAX_RAW_BODY) : text;
  }
}

/** The first error (or else the first JSON object) of an event-stream error body. */
function errorEvent(text: string): unknown {
  const decoder = new ChatCompletionSSEDecoder();
  const items = [...decoder.decode(new TextEncoder().encode(text)), ...decoder.end()];
  const error = items.find((item) => item.type === 'error');
  if (error?.type === 'error') return error.chunk ?? { error: error.payload };
  const chunk = items.find((item) => item.type === 'chunk');
  return chunk?.type === 'chunk' ? chunk.chunk : undefined;
}

function callFetch(
  fetchFunction: (input: string, init: RequestInit) => Promise<Response>,
  url: string,
  init: RequestInit,
): Promise<Response> {
  try {
    return Promise.resolve(fetchFunction(url, init));
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * Settles with `promise`, or rejects as soon as `signal` aborts (a custom `fetch` may ignore its
 * signal). A response that arrives after the abort has its body cancelled.
 */
function raceAbort(promise: Promise<Response>, signal: AbortSignal): Promise<Response> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      reject(signal.reason);
      promise.then((late) => late.body?.cancel().catch(() => {})).catch(() => {});
    };
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (response) => {
        signal.removeEventListener('abort', onAbort);
        resolve(response);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

async function wait(
  ms: number,
  signal: AbortSignal | undefined,
  secrets: readonly string[],
): Promise<void> {
  try {
    await sleep(ms, signal);
  } catch {
    throw new APIUserAbortError({ cause: signal?.reason, secrets });
  }
}

function serializeBody(body: unknown): string {
  try {
    return JSON.stringify(body);
  } catch (error) {
    throw new TypeError(
      `Routify: the request parameters cannot be serialized to JSON (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
}

function globalFetch(): (input: string, init: RequestInit) => Promise<Response> {
  if (typeof globalThis.fetch !== 'function') {
    throw new TypeError(
      'Routify: this runtime has no global `fetch`; pass one as `new Routify({ fetch })`.',
    );
  }
  return (input, init) => globalThis.fetch(input, init);
}

/** Header names whose values are credentials (`Authorization`, `X-Api-Key`, `X-Auth-Token`, …). */
const SECRET_HEADER = /authorization|api[-_]?key|token|secret|password|cookie/i;

/**
 * What must never appear in an error: the API key, and the value of every credential header
 * sent (the token of `Authorization: <scheme> <token>`, the whole value of the others).
 */
function collectSecrets(apiKey: string | undefined, headers: Headers): string[] {
  const secrets: string[] = [];
  if (apiKey !== undefined) secrets.push(apiKey, apiKey.trim());
  headers.forEach((value, name) => {
    if (!SECRET_HEADER.test(name)) return;
    const token = name === 'authorization' ? value.replace(/^\s*\S+\s+/, '').trim() : value.trim();
    if (token !== '') secrets.push(token);
  });
  return secrets;
}

function hasHeader(source: HeadersLike | undefined, name: string): boolean {
  if (source === undefined) return false;
  return headerEntries(source).some(
    ([key, value]) => key.toLowerCase() === name && typeof value === 'string' && value !== '',
  );
}
