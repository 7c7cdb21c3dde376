import { normalizeBaseURL } from './base-url';
import { checkUserAgentSuffix } from './build-headers';
import { describeValue } from './describe-value';
/** The production API, used when neither `baseURL` nor `ROUTIFY_BASE_URL` is set. */
export const DEFAULT_BASE_URL = 'https://api.routify.ru/v1';
/** Default `timeout`: 600 000 ms (10 minutes) until response headers, as in the `openai` SDK. */
export const DEFAULT_TIMEOUT_MS = 600_000;
/** Default `maxRetries`: 2 (3 attempts in all). */
export const DEFAULT_MAX_RETRIES = 2;
/** Default `maxRetryDelay`: 60 s, the `openai` SDK's cap on server-requested delays. */
export const DEFAULT_MAX_RETRY_DELAY_S = 60;

/**
 * A `fetch`-compatible function (the WHATWG Fetch standard's signature). Any runtime's `fetch`,
 * or a wrapper such as `@routify/mock-server`'s `createMockRoutify()`, fits.
 */
export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

/**
 * Headers given as a `Headers` object, `[name, value]` pairs or a record. In a record, a `null`
 * or `undefined` value removes the header (also one core sets, such as `User-Agent`).
 */
export type HeadersLike =
  | Headers
  | ReadonlyArray<readonly [string, string]>
  | Record<string, string | null | undefined>;

/** Settings of `new Routify(options)`. Every one is optional. */
export interface RoutifyOptions {
  /**
   * The API key, sent as `Authorization: Bearer <key>`. Default: the `ROUTIFY_API_KEY`
   * environment variable, read where `process.env` exists. A missing key does not make the
   * constructor throw: each call then fails, before any network I/O, with `MissingAPIKeyError`.
   */
  apiKey?: string | undefined;
  /**
   * The API base URL. Default: `ROUTIFY_BASE_URL`, else `https://api.routify.ru/v1`. Request
   * paths (`/chat/completions`, `/models`) are appended to it.
   */
  baseURL?: string | undefined;
  /**
   * Milliseconds to wait for the response headers of each attempt; then the attempt fails with
   * `APIConnectionTimeoutError` (retried like a connection error). Default 600 000 (10 min).
   * `Infinity` disables it. It does not limit the body: see `idleTimeout`.
   */
  timeout?: number | undefined;
  /**
   * Milliseconds allowed between two reads of a response body (SSE comments count as activity);
   * then `APIConnectionTimeoutError`. Default: the effective `timeout` of the call.
   */
  idleTimeout?: number | undefined;
  /** Retries after the first attempt (integer ≥ 0). Default 2. `0` disables retries. */
  maxRetries?: number | undefined;
  /**
   * Longest server-requested delay (`retry-after-ms` / `retry-after`) that is waited for, in
   * seconds. A longer one makes the error be thrown at once, with `retryAfter` set. Default 60.
   */
  maxRetryDelay?: number | undefined;
  /** The `fetch` to use. Default: the global `fetch`, looked up at each call. */
  fetch?: FetchFunction | undefined;
  /** Headers sent with every request, after core's own (so they may replace them). */
  defaultHeaders?: HeadersLike | undefined;
  /**
   * Product tokens appended to every request's `User-Agent`, e.g.
   * `'routify-js/ai-sdk-provider/1.2.0'` for an adapter or `'my-app/3.1'` for an app:
   * `User-Agent: routify-js/core/<version> routify-js/ai-sdk-provider/1.2.0`. Appended to the
   * User-Agent that results from core's own and `defaultHeaders` / the call's `headers` (so a
   * replaced User-Agent keeps the tokens), then the call's `userAgentSuffix` follows. Default: none.
   * @throws TypeError (from the constructor) when not a string or when it holds a line break or
   * another character not allowed in an HTTP header.
   */
  userAgentSuffix?: string | undefined;
}

/** The settings after defaults and validation. */
export interface ResolvedSettings {
  apiKey: string | undefined;
  /** Without a trailing slash. */
  baseURL: string;
  /** ms */
  timeout: number;
  /** ms; `undefined` means "the effective timeout". */
  idleTimeout: number | undefined;
  maxRetries: number;
  /** s */
  maxRetryDelay: number;
  fetch: FetchFunction | undefined;
  defaultHeaders: HeadersLike | undefined;
  /** Trimmed; `undefined` when unset or blank. */
  userAgentSuffix: string | undefined;
}

/**
 * Reads an environment variable where `process.env` exists (Node, Bun, Deno's Node layer), and
 * returns `undefined` elsewhere (browsers, edge runtimes) or when it is empty.
 */
export function readEnv(name: string): string | undefined {
  try {
    const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
      ?.env;
    const value = env?.[name];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  } catch {
    // Deno without --allow-env throws on access.
    return undefined;
  }
}

/**
 * Validates a duration in milliseconds: a positive number or `Infinity`.
 * @throws RangeError naming the option.
 */
export function checkMilliseconds(name: string, value: unknown): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value <= 0) {
    throw new RangeError(
      `Routify: \`${name}\` must be a positive number of milliseconds (or Infinity); got ${describeValue(value)}.`,
    );
  }
  return value;
}

/**
 * Validates a retry count: an integer ≥ 0.
 * @throws RangeError naming the option.
 */
export function checkRetries(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new RangeError(
      `Routify: \`${name}\` must be an integer ≥ 0; got ${describeValue(value)}.`,
    );
  }
  return value;
}

/**
 * Applies defaults (environment variables, then constants) and validates the settings.
 * @throws RangeError for an invalid number, TypeError for an invalid `baseURL`, `fetch` or
 * `userAgentSuffix`
 * (never for a missing key).
 */
export function loadSettings(options: RoutifyOptions = {}): ResolvedSettings {
  if (options.apiKey !== undefined && typeof options.apiKey !== 'string') {
    throw new TypeError(
      `Routify: \`apiKey\` must be a string (the Routify API key); got ${options.apiKey === null ? 'null' : typeof options.apiKey}.`,
    );
  }
  // Surrounding whitespace (a pasted key's newline) is never part of a key; blank means none.
  const apiKey = (options.apiKey ?? readEnv('ROUTIFY_API_KEY'))?.trim();
  const rawBaseURL = options.baseURL ?? readEnv('ROUTIFY_BASE_URL') ?? DEFAULT_BASE_URL;
  const source = options.baseURL !== undefined ? '`baseURL`' : 'ROUTIFY_BASE_URL';
  const baseURL = normalizeBaseURL(rawBaseURL, source, [apiKey]);
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    throw new TypeError('Routify: `fetch` must be a fetch-compatible function.');
  }
  return {
    apiKey: apiKey === '' ? undefined : apiKey,
    baseURL,
    timeout:
      options.timeout === undefined
        ? DEFAULT_TIMEOUT_MS
        : checkMilliseconds('timeout', options.timeout),
    idleTimeout:
      options.idleTimeout === undefined
        ? undefined
        : checkMilliseconds('idleTimeout', options.idleTimeout),
    maxRetries:
      options.maxRetries === undefined
        ? DEFAULT_MAX_RETRIES
        : checkRetries('maxRetries', options.maxRetries),
    maxRetryDelay:
      options.maxRetryDelay === undefined
        ? DEFAULT_MAX_RETRY_DELAY_S
        : checkSeconds('maxRetryDelay', options.maxRetryDelay),
    fetch: options.fetch,
    defaultHeaders: options.defaultHeaders,
    userAgentSuffix: checkUserAgentSuffix('userAgentSuffix', options.userAgentSuffix),
  };
}

function checkSeconds(name: string, value: unknown): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
    throw new RangeError(
      `Routify: \`${name}\` must be a number of seconds ≥ 0 (or Infinity); got ${describeValue(value)}.`,
    );
  }
  return value;
}
