import type { ErrorObject } from './api-types';
import { redactSecrets } from './redact-secrets';
import { parseRetryAfterMs, shouldRetryResponse } from './retry';
import { statusHint } from './status-hint';
import type { ChatCompletionPartial } from './stream-partial';
import { readFlatErrorObject, readUpstreamDetail } from './upstream-detail';

/**
 * The error tree of `@routify/core` (design.md, section @routify/core), modelled on the `openai`
 * SDK's error classes (openai-node `src/core/error.ts`) and the AI SDK's `isInstance()` markers.
 *
 * ```
 * RoutifyError
 * ├─ MissingAPIKeyError
 * ├─ APIError (status, headers, requestId, body, code, type, param, upstreamMessage, retryAfter)
 * │  ├─ BadRequestError 400 · AuthenticationError 401 · PaymentRequiredError 402
 * │  ├─ PermissionDeniedError 403 · NotFoundError 404 · ConflictError 409
 * │  └─ UnprocessableEntityError 422 · RateLimitError 429 · InternalServerError ≥ 500
 * ├─ APIConnectionError (cause, partial) └─ APIConnectionTimeoutError
 * ├─ APIUserAbortError
 * ├─ StreamError (status?, code, type, body, partial)
 * └─ IncompleteStreamError (partial)
 * ```
 *
 * No error ever holds the API key: every constructor takes the `secrets` to remove from its
 * message, body, headers and `cause` chain.
 */

/** The instance marker shared by every copy of this package (ESM and CJS, two versions). */
const BRANDS = Symbol.for('routify.error.brands');

type ErrorClass<T> = { prototype: T; errorName: string };

/** Options every error constructor accepts. */
export interface RoutifyErrorOptions {
  /** The underlying error (kept, with secrets removed). */
  cause?: unknown;
  /** Strings (the API key) removed from everything the error holds. */
  secrets?: readonly (string | undefined)[];
}

const setName = (target: { prototype: Error }, name: string): void => {
  Object.defineProperty(target.prototype, 'name', {
    value: name,
    writable: true,
    configurable: true,
    enumerable: false,
  });
};

const describeCause = (cause: unknown): unknown => {
  if (cause instanceof Error) return { name: cause.name, message: cause.message };
  if (cause === undefined || cause === null) return undefined;
  return typeof cause === 'object' ? '[object]' : String(cause);
};

/**
 * The base class of every error this package throws. `isRetryable` says whether the same request
 * may succeed if sent again; `isInstance()` works across copies of the package.
 */
export class RoutifyError extends Error {
  /** The class name used by `isInstance()`; stable across copies of the package. */
  static readonly errorName: string = 'RoutifyError';

  static {
    setName(RoutifyError, 'RoutifyError');
  }

  /**
   * Whether `value` is an instance of this class (or a subclass), also when it was created by
   * another copy of `@routify/core` (checked through a `Symbol.for` brand, not `instanceof`).
   */
  static isInstance<T>(this: ErrorClass<T>, value: unknown): value is T {
    if (typeof value !== 'object' || value === null) return false;
    const brands = (value as { [BRANDS]?: unknown })[BRANDS];
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class isInstance is called on.
    return Array.isArray(brands) && brands.includes(this.errorName);
  }

  /** Whether sending the same request again may succeed. */
  readonly isRetryable: boolean = false;

  constructor(message: string, options: RoutifyErrorOptions = {}) {
    const secrets = options.secrets ?? [];
    const cause = options.cause === undefined ? undefined : redactSecrets(options.cause, secrets);
    super(redactSecrets(message, secrets), options.cause === undefined ? undefined : { cause });
    const brands: string[] = [];
    for (
      let current: unknown = new.target;
      typeof current === 'function' && current !== Error;
      current = Object.getPrototypeOf(current)
    ) {
      if (Object.hasOwn(current, 'errorName'))
        brands.push((current as unknown as ErrorClass<unknown>).errorName);
    }
    Object.defineProperty(this, BRANDS, { value: Object.freeze(brands), enumerable: false });
  }

  /** A plain, serializable description (no secrets): `name`, `message`, `isRetryable`, fields. */
  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = {
      name: this.name,
      message: this.message,
      isRetryable: this.isRetryable,
    };
    const cause = describeCause(this.cause);
    if (cause !== undefined) json.cause = cause;
    return json;
  }
}

/** The call was made without an API key; thrown before any network I/O. Not retryable. */
export class MissingAPIKeyError extends RoutifyError {
  static override readonly errorName: string = 'MissingAPIKeyError';

  static {
    setName(MissingAPIKeyError, 'MissingAPIKeyError');
  }

  constructor(
    message = 'No Routify API key: set the ROUTIFY_API_KEY environment variable or pass `apiKey` to `new Routify({ apiKey })`.',
  ) {
    super(message);
  }
}

// ───────────────────────────── HTTP status errors ─────────────────────────────

/** What an {@link APIError} is built from. */
export interface APIErrorInit extends RoutifyErrorOptions {
  /** HTTP status (or the status an error body names). */
  status: number;
  /** Response headers. */
  headers?: Headers | undefined;
  /** The response body: parsed JSON when it was JSON, else the raw text. */
  body?: unknown;
  /** Replaces the composed message. */
  message?: string;
  /** Overrides the status-based `isRetryable`. */
  isRetryable?: boolean;
  /** A sentence appended to the message (e.g. why it was not retried). */
  note?: string | undefined;
}

const STATUS_LABELS: Record<number, string> = {
  400: 'Bad request',
  401: 'Authentication failed',
  402: 'Payment required',
  403: 'Permission denied',
  404: 'Not found',
  405: 'Method not allowed',
  408: 'Request timeout',
  409: 'Conflict',
  413: 'Request too large',
  422: 'Unprocessable request',
  429: 'Rate limit exceeded',
  500: 'Internal server error',
  502: 'Bad gateway',
  503: 'Service unavailable',
  504: 'Gateway timeout',
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The `error` object of an OpenAI-style envelope, or `undefined`. */
export function readErrorObject(body: unknown): ErrorObject | undefined {
  if (!isRecord(body)) return undefined;
  const error = body.error;
  if (isRecord(error)) return error as ErrorObject;
  if (typeof error === 'string') return { message: error };
  return undefined;
}

const stringField = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** A short one-line excerpt of a non-JSON body (an HTML page's `<title>` when it has one). */
export function excerptText(text: string, max = 200): string {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text)?.[1];
  const base = title !== undefined && title.trim() !== '' ? title : text;
  const flat = base
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/**
 * The server answered with a non-2xx status (or a 200 whose body is an error or not JSON).
 * Fields come from the body's OpenAI envelope `{"error": {message, type, code, param}}` when it
 * has one. `isRetryable`: 408, 409, 429, ≥ 500, unless `x-should-retry` says otherwise.
 */
export class APIError extends RoutifyError {
  static override readonly errorName: string = 'APIError';

  static {
    setName(APIError, 'APIError');
  }

  /** HTTP status (or the status named by an error body). */
  readonly status: number;
  /** Response headers (secrets removed). */
  readonly headers: Headers;
  /** The `x-request-id` response header: quote it when reporting a problem. */
  readonly requestId: string | undefined;
  /** The response body: parsed JSON, or the raw text when it was not JSON (secrets removed). */
  readonly body: unknown;
  /** `error.code` of the body (a string, or a number such as an HTTP status). */
  readonly code: string | number | undefined;
  /** `error.type` of the body. */
  readonly type: string | undefined;
  /** `error.param` of the body: the request parameter at fault. */
  readonly param: string | undefined;
  /** `error.message` of the body, as the server or upstream provider wrote it. */
  readonly upstreamMessage: string | undefined;
  /** The upstream provider that failed (`error.metadata.provider_name`), when the router names it. */
  readonly provider: string | undefined;
  /** The delay the server asked for (`retry-after-ms` / `retry-after`), in seconds. */
  readonly retryAfter: number | undefined;
  override readonly isRetryable: boolean;

  constructor(init: APIErrorInit) {
    const secrets = init.secrets ?? [];
    const headers = redactSecrets(init.headers ?? new Headers(), secrets);
    const body = redactSecrets(init.body, secrets);
    const error = readErrorObject(body) ?? readFlatErrorObject(body);
    const upstreamMessage = stringField(error?.message);
    const requestId = headers.get('x-request-id') ?? undefined;
    const retryAfterMs = parseRetryAfterMs(headers);
    const retryAfter = retryAfterMs === undefined ? undefined : retryAfterMs / 1000;
    const isRetryable = init.isRetryable ?? shouldRetryResponse(init.status, headers);
    const message =
      init.message ??
      composeMessage({
        status: init.status,
        headers,
        body,
        upstreamMessage: withUpstreamDetail(upstreamMessage, error),
        requestId,
        retryAfter,
        isRetryable,
      });
    super(init.note === undefined ? message : `${message} ${init.note}`, {
      cause: init.cause,
      secrets,
    });
    this.status = init.status;
    this.headers = headers;
    this.requestId = requestId;
    this.body = body;
    const code = error?.code;
    this.code =
      typeof code === 'number' || (typeof code === 'string' && code !== '') ? code : undefined;
    this.type = stringField(error?.type);
    this.param = stringField(error?.param);
    this.upstreamMessage = upstreamMessage;
    this.provider = isRecord(error?.metadata)
      ? stringField(error.metadata.provider_name)
      : undefined;
    this.retryAfter = retryAfter;
    this.isRetryable = isRetryable;
  }

  override toJSON(): Record<string, unknown> {
    const headers: Record<string, string> = {};
    this.headers.forEach((value, name) => {
      headers[name] = value;
    });
    return {
      ...super.toJSON(),
      status: this.status,
      requestId: this.requestId,
      code: this.code,
      type: this.type,
      param: this.param,
      upstreamMessage: this.upstreamMessage,
      provider: this.provider,
      retryAfter: this.retryAfter,
      headers,
      body: this.body,
    };
  }
}

/**
 * `message`, followed by the upstream provider's own words from `error.metadata.raw` when the
 * router sent them (`Provider returned error (OpenAI: Invalid schema)`).
 */
function withUpstreamDetail(
  message: string | undefined,
  error: ErrorObject | undefined,
): string | undefined {
  const detail = readUpstreamDetail(error);
  if (detail === undefined) return message;
  const provider = isRecord(error?.metadata)
    ? stringField(error.metadata.provider_name)
    : undefined;
  const from = `${provider ?? 'upstream'}: ${detail}`;
  return message === undefined ? from : `${message.replace(/[\s.]+$/, '')} (${from})`;
}

function composeMessage(input: {
  status: number;
  headers: Headers;
  body: unknown;
  upstreamMessage: string | undefined;
  requestId: string | undefined;
  retryAfter: number | undefined;
  isRetryable: boolean;
}): string {
  const { status, headers, body, upstreamMessage, requestId, retryAfter } = input;
  const label = STATUS_LABELS[status] ?? (status >= 500 ? 'Server error' : 'HTTP error');
  let detail: string;
  if (upstreamMessage !== undefined) {
    detail = upstreamMessage;
  } else if (typeof body === 'string' && body.trim() !== '') {
    const type = headers.get('content-type')?.split(';')[0]?.trim() || 'unknown content type';
    detail = `the body is not JSON (${type}): "${excerptText(body)}"`;
  } else if (body === undefined || body === null || body === '') {
    detail = 'no body';
  } else {
    detail = 'the body has no error message';
  }
  const id = requestId === undefined ? '' : ` (request id ${requestId})`;
  const hint = statusHint(status, retryAfter, input.isRetryable, headers);
  return `${status} ${label}: ${detail.replace(/[\s.]+$/, '')}${id}. ${hint}`;
}

/** 400: the request is invalid, or an upstream provider refused a parameter. Not retryable. */
export class BadRequestError extends APIError {
  static override readonly errorName: string = 'BadRequestError';
  static {
    setName(BadRequestError, 'BadRequestError');
  }
}

/** 401: the API key is missing, wrong or revoked. Not retryable. */
export class AuthenticationError extends APIError {
  static override readonly errorName: string = 'AuthenticationError';
  static {
    setName(AuthenticationError, 'AuthenticationError');
  }
}

/** 402: the balance is too low. Never retried. */
export class PaymentRequiredError extends APIError {
  static override readonly errorName: string = 'PaymentRequiredError';
  static {
    setName(PaymentRequiredError, 'PaymentRequiredError');
  }
}

/** 403: the key may not use this model or resource (or a moderation block). Not retryable. */
export class PermissionDeniedError extends APIError {
  static override readonly errorName: string = 'PermissionDeniedError';
  static {
    setName(PermissionDeniedError, 'PermissionDeniedError');
  }
}

/** 404: unknown model or path. Not retryable. */
export class NotFoundError extends APIError {
  static override readonly errorName: string = 'NotFoundError';
  static {
    setName(NotFoundError, 'NotFoundError');
  }
}

/** 409: a conflict. Retryable. */
export class ConflictError extends APIError {
  static override readonly errorName: string = 'ConflictError';
  static {
    setName(ConflictError, 'ConflictError');
  }
}

/** 422: well-formed but not processable. Not retryable. */
export class UnprocessableEntityError extends APIError {
  static override readonly errorName: string = 'UnprocessableEntityError';
  static {
    setName(UnprocessableEntityError, 'UnprocessableEntityError');
  }
}

/** 429: rate limited. Retryable; `retryAfter` (seconds) is the delay the server asked for. */
export class RateLimitError extends APIError {
  static override readonly errorName: string = 'RateLimitError';
  static {
    setName(RateLimitError, 'RateLimitError');
  }
}

/** Any status ≥ 500 (500, 502 all upstreams failed, 503, 504, …). Retryable. */
export class InternalServerError extends APIError {
  static override readonly errorName: string = 'InternalServerError';
  static {
    setName(InternalServerError, 'InternalServerError');
  }
}

/** Builds the {@link APIError} subclass for `init.status` (the base class for other statuses). */
export function createAPIError(init: APIErrorInit): APIError {
  switch (init.status) {
    case 400:
      return new BadRequestError(init);
    case 401:
      return new AuthenticationError(init);
    case 402:
      return new PaymentRequiredError(init);
    case 403:
      return new PermissionDeniedError(init);
    case 404:
      return new NotFoundError(init);
    case 409:
      return new ConflictError(init);
    case 422:
      return new UnprocessableEntityError(init);
    case 429:
      return new RateLimitError(init);
    default:
      return init.status >= 500 ? new InternalServerError(init) : new APIError(init);
  }
}

/**
 * The HTTP status an error object names through a numeric `code` (a number or a digit string in
 * 400–599), e.g. `{"code": 429}`; otherwise `undefined`.
 */
export function statusFromErrorCode(code: unknown): number | undefined {
  const value =
    typeof code === 'number'
      ? code
      : typeof code === 'string' && /^\d{3}$/.test(code)
        ? Number(code)
        : NaN;
  return Number.isInteger(value) && value >= 400 && value <= 599 ? value : undefined;
}

// ───────────────────────────── transport errors ─────────────────────────────

/** What an {@link APIConnectionError} is built from. */
export interface APIConnectionErrorInit extends RoutifyErrorOptions {
  /** Replaces the default message. */
  message?: string;
  /** What the stream had delivered before the failure (stream requests only). */
  partial?: ChatCompletionPartial;
  /** The `x-request-id` of the response, when one arrived. */
  requestId?: string;
  /** Overrides `isRetryable` (default `true`; a stream that already delivered content sets `false`). */
  isRetryable?: boolean;
}

/**
 * No usable response: the connection failed, was reset, or closed before the body ended. The
 * original error is kept as `cause`. Retryable (core retries it before any content was delivered).
 */
export class APIConnectionError extends RoutifyError {
  static override readonly errorName: string = 'APIConnectionError';
  static {
    setName(APIConnectionError, 'APIConnectionError');
  }

  /** What the stream had delivered before the failure (stream requests only). */
  readonly partial: ChatCompletionPartial | undefined;
  /** The `x-request-id` of the response, when one arrived before the failure. */
  readonly requestId: string | undefined;
  override readonly isRetryable: boolean;

  constructor(init: APIConnectionErrorInit = {}) {
    const secrets = init.secrets ?? [];
    super(init.message ?? connectionMessage(init.cause), { cause: init.cause, secrets });
    this.partial = redactSecrets(init.partial, secrets);
    this.requestId = init.requestId;
    this.isRetryable = init.isRetryable ?? true;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), requestId: this.requestId, partial: this.partial };
  }
}

const connectionMessage = (cause: unknown): string => {
  const reason = cause instanceof Error ? describeNetworkError(cause) : undefined;
  return `Connection error: the request to the Routify API failed${reason ? ` (${reason})` : ''}. Check the network and \`baseURL\`; it is retryable.`;
};

const describeNetworkError = (error: Error): string => {
  const inner = error.cause instanceof Error ? error.cause : undefined;
  const code =
    (inner as { code?: unknown } | undefined)?.code ?? (error as { code?: unknown }).code;
  const parts = [error.message];
  if (inner !== undefined && inner.message !== '' && inner.message !== error.message)
    parts.push(inner.message);
  if (typeof code === 'string' && !parts.some((part) => part.includes(code))) parts.push(code);
  return parts.join(': ');
};

/** What an {@link APIConnectionTimeoutError} is built from. */
export interface APIConnectionTimeoutErrorInit extends APIConnectionErrorInit {
  /** Which limit ran out: `timeout` (no response headers in time) or `idleTimeout` (no body bytes). */
  kind?: 'timeout' | 'idleTimeout';
  /** The limit that ran out, in milliseconds. */
  timeout?: number;
}

/**
 * A time limit ran out: no response headers within `timeout`, or no body bytes within
 * `idleTimeout`. Retryable like a connection error (core retries it before any content).
 */
export class APIConnectionTimeoutError extends APIConnectionError {
  static override readonly errorName: string = 'APIConnectionTimeoutError';
  static {
    setName(APIConnectionTimeoutError, 'APIConnectionTimeoutError');
  }

  /** Which limit ran out. */
  readonly kind: 'timeout' | 'idleTimeout';
  /** The limit that ran out, in milliseconds. */
  readonly timeout: number | undefined;

  constructor(init: APIConnectionTimeoutErrorInit = {}) {
    const kind = init.kind ?? 'timeout';
    super({ ...init, message: init.message ?? timeoutMessage(kind, init.timeout) });
    this.kind = kind;
    this.timeout = init.timeout;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), kind: this.kind, timeout: this.timeout };
  }
}

const timeoutMessage = (kind: 'timeout' | 'idleTimeout', timeout: number | undefined): string => {
  const limit = timeout === undefined ? '' : ` ${timeout} ms`;
  return kind === 'timeout'
    ? `Request timed out: no response headers within${limit || ' the time limit'} (\`timeout\`). Raise \`timeout\` or try again; it is retryable.`
    : `Stream stalled: no bytes arrived within${limit || ' the time limit'} (\`idleTimeout\`). Raise \`idleTimeout\` or try again.`;
};

/** What an {@link APIUserAbortError} is built from. */
export interface APIUserAbortErrorInit extends RoutifyErrorOptions {
  message?: string;
  /** What the stream had delivered before the abort (stream requests only). */
  partial?: ChatCompletionPartial;
}

/**
 * The caller cancelled: their `signal` aborted, `abort()` was called, or they broke out of the
 * stream. The signal's reason, if any, is the `cause`. Never retried.
 */
export class APIUserAbortError extends RoutifyError {
  static override readonly errorName: string = 'APIUserAbortError';
  static {
    setName(APIUserAbortError, 'APIUserAbortError');
  }

  /** What the stream had delivered before the abort (stream requests only). */
  readonly partial: ChatCompletionPartial | undefined;

  constructor(init: APIUserAbortErrorInit = {}) {
    const secrets = init.secrets ?? [];
    super(init.message ?? 'Request aborted by the caller (signal, `abort()` or `break`).', {
      cause: init.cause,
      secrets,
    });
    this.partial = redactSecrets(init.partial, secrets);
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), partial: this.partial };
  }
}

// ───────────────────────────── stream errors ─────────────────────────────

/** What a {@link StreamError} is built from. */
export interface StreamErrorInit extends RoutifyErrorOptions {
  /** The error payload as received: a chunk with a top-level `error`, or an `event: error` data. */
  body: unknown;
  /** What the stream had delivered before the error. */
  partial: ChatCompletionPartial;
  /** Headers of the 200 response. */
  headers?: Headers | undefined;
  /** Replaces the composed message. */
  message?: string;
  /** Overrides the status-based `isRetryable`. */
  isRetryable?: boolean;
}

/**
 * The server reported an error inside a 200 stream (a chunk with a top-level `error`, or
 * `event: error`). `status` comes from the error's numeric `code` where it is one (e.g. 429) and
 * `isRetryable` follows the HTTP rule for it (false without a status).
 */
export class StreamError extends RoutifyError {
  static override readonly errorName: string = 'StreamError';
  static {
    setName(StreamError, 'StreamError');
  }

  /** The HTTP status the error's numeric `code` names, if any. */
  readonly status: number | undefined;
  /** `error.code` (string or number). */
  readonly code: string | number | undefined;
  /** `error.type`. */
  readonly type: string | undefined;
  /** `error.param`. */
  readonly param: string | undefined;
  /** `error.message` as the server or upstream wrote it. */
  readonly upstreamMessage: string | undefined;
  /** The upstream provider (`error.metadata.provider_name`), when named. */
  readonly provider: string | undefined;
  /** The error payload as received (secrets removed). */
  readonly body: unknown;
  /** Headers of the 200 response. */
  readonly headers: Headers | undefined;
  /** The `x-request-id` of the response. */
  readonly requestId: string | undefined;
  /** What the stream had delivered before the error. */
  readonly partial: ChatCompletionPartial;
  override readonly isRetryable: boolean;

  constructor(init: StreamErrorInit) {
    const secrets = init.secrets ?? [];
    const body = redactSecrets(init.body, secrets);
    const headers = redactSecrets(init.headers, secrets);
    const error = readErrorObject(body) ?? (isRecord(body) ? (body as ErrorObject) : undefined);
    const upstreamMessage = stringField(error?.message);
    const status = statusFromErrorCode(error?.code);
    const requestId = headers?.get('x-request-id') ?? undefined;
    const id = requestId === undefined ? '' : ` (request id ${requestId})`;
    const shown = withUpstreamDetail(upstreamMessage, error);
    super(
      init.message ??
        `Stream error${status === undefined ? '' : ` ${status}`}: ${(shown ?? 'the server reported an error without a message').replace(/[\s.]+$/, '')}${id}. \`partial\` holds what arrived before it.`,
      { cause: init.cause, secrets },
    );
    this.status = status;
    const code = error?.code;
    this.code =
      typeof code === 'number' || (typeof code === 'string' && code !== '') ? code : undefined;
    this.type = stringField(error?.type);
    this.param = stringField(error?.param);
    this.upstreamMessage = upstreamMessage;
    this.provider = isRecord(error?.metadata)
      ? stringField(error.metadata.provider_name)
      : undefined;
    this.body = body;
    this.headers = headers;
    this.requestId = requestId;
    this.partial = redactSecrets(init.partial, secrets);
    this.isRetryable =
      init.isRetryable ?? (status === undefined ? false : shouldRetryResponse(status, undefined));
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      status: this.status,
      requestId: this.requestId,
      code: this.code,
      type: this.type,
      param: this.param,
      upstreamMessage: this.upstreamMessage,
      provider: this.provider,
      body: this.body,
      partial: this.partial,
    };
  }
}

/** What an {@link IncompleteStreamError} is built from. */
export interface IncompleteStreamErrorInit extends RoutifyErrorOptions {
  /** What the stream had delivered. */
  partial: ChatCompletionPartial;
  /** The `x-request-id` of the response. */
  requestId?: string;
  message?: string;
  /** Default `false`. */
  isRetryable?: boolean;
}

/**
 * The body ended cleanly but the answer was not complete: neither `[DONE]` nor a
 * `finish_reason` arrived (a proxy or upstream cut it). `partial` holds what arrived.
 */
export class IncompleteStreamError extends RoutifyError {
  static override readonly errorName: string = 'IncompleteStreamError';
  static {
    setName(IncompleteStreamError, 'IncompleteStreamError');
  }

  /** What the stream had delivered. */
  readonly partial: ChatCompletionPartial;
  /** The `x-request-id` of the response. */
  readonly requestId: string | undefined;
  override readonly isRetryable: boolean;

  constructor(init: IncompleteStreamErrorInit) {
    const secrets = init.secrets ?? [];
    super(
      init.message ??
        'Incomplete stream: the body ended with neither `[DONE]` nor a `finish_reason`, so the answer was cut. `partial` holds what arrived; send the request again.',
      { cause: init.cause, secrets },
    );
    this.partial = redactSecrets(init.partial, secrets);
    this.requestId = init.requestId;
    this.isRetryable = init.isRetryable ?? false;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), requestId: this.requestId, partial: this.partial };
  }
}
