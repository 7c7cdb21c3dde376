import { APIPromise } from './api-promise';
import type {
  ChatCompletion,
  ChatCompletionCreateParamsBase,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
  ModelList,
} from './api-types';
import { displayURL } from './base-url';
import { ChatCompletionStream } from './chat-completion-stream';
import {
  APIError,
  createAPIError,
  excerptText,
  readErrorObject,
  statusFromErrorCode,
} from './errors';
import { loadSettings, type ResolvedSettings, type RoutifyOptions } from './load-settings';
import { readBodyText } from './read-body-text';
import { type RequestOptions, type ResponseContext, sendRequest } from './send-request';

/**
 * The Routify client.
 *
 * ```ts
 * const client = new Routify(); // ROUTIFY_API_KEY, ROUTIFY_BASE_URL
 * const completion = await client.chat.completions.create({ model: 'gpt-4.1', messages });
 * const { data, response } = await client.models.list().withResponse();
 * ```
 *
 * Settings and their defaults are described on {@link RoutifyOptions}; every call also takes
 * {@link RequestOptions} (`signal`, `timeout`, `idleTimeout`, `maxRetries`, `headers`, `userAgentSuffix`) as its
 * last argument. The constructor never throws for a missing key: calls then fail with
 * `MissingAPIKeyError` before any network I/O.
 * @throws RangeError / TypeError from the constructor for an invalid number, `baseURL` or `fetch`.
 */
export class Routify {
  /** The API base URL (no trailing slash). */
  readonly baseURL: string;
  /** Milliseconds to wait for response headers, per attempt. */
  readonly timeout: number;
  /** Milliseconds allowed between body reads (default: `timeout`). */
  readonly idleTimeout: number;
  /** Retries after the first attempt. */
  readonly maxRetries: number;
  /** Longest server-requested retry delay that is waited for, in seconds. */
  readonly maxRetryDelay: number;
  /** `client.chat.completions.create(...)`. */
  readonly chat: { readonly completions: ChatCompletions };
  /** `client.models.list()`. */
  readonly models: Models;

  readonly #options: RoutifyOptions;
  readonly #settings: ResolvedSettings;

  constructor(options: RoutifyOptions = {}) {
    this.#options = { ...options };
    this.#settings = loadSettings(options);
    this.baseURL = this.#settings.baseURL;
    this.timeout = this.#settings.timeout;
    this.idleTimeout = this.#settings.idleTimeout ?? this.#settings.timeout;
    this.maxRetries = this.#settings.maxRetries;
    this.maxRetryDelay = this.#settings.maxRetryDelay;
    this.chat = { completions: new ChatCompletions(this.#settings) };
    this.models = new Models(this.#settings);
  }

  /** Whether an API key is set (the key itself is never exposed). */
  get hasApiKey(): boolean {
    return this.#settings.apiKey !== undefined;
  }

  /** What `util.inspect()` / `console.log(client)` show: {@link toJSON}, never the key. */
  [Symbol.for('nodejs.util.inspect.custom')](): Record<string, unknown> {
    return this.toJSON();
  }

  /** A new client with these settings replacing this one's (e.g. `{ maxRetries: 0 }`). */
  withOptions(options: RoutifyOptions): Routify {
    return new Routify({ ...this.#options, ...options });
  }

  /**
   * The settings, without the key or headers (safe to log): in `baseURL`, the key and the values
   * of credential-like query parameters (`?key=`, `?token=`) are replaced by `[redacted]`.
   */
  toJSON(): Record<string, unknown> {
    return {
      baseURL: displayURL(this.baseURL, [this.#settings.apiKey]),
      timeout: this.timeout,
      idleTimeout: this.idleTimeout,
      maxRetries: this.maxRetries,
      maxRetryDelay: this.maxRetryDelay,
      hasApiKey: this.hasApiKey,
    };
  }
}

/** `client.chat.completions`. */
export class ChatCompletions {
  readonly #settings: ResolvedSettings;

  /** @internal Built by {@link Routify}. */
  constructor(settings: ResolvedSettings) {
    this.#settings = settings;
  }

  /**
   * `POST /chat/completions`. Without `stream: true`, resolves to the `ChatCompletion`; with it,
   * to a {@link ChatCompletionStream} (an async iterable of chunks) once the response headers
   * arrived. Every documented parameter is typed; any other key is sent unchanged.
   * `.withResponse()` also gives `{ status, headers, requestId }`.
   *
   * Before a result is handed over, failures are retried per the client's policy (network
   * errors, timeouts, 408, 409, 429, ≥ 500; `x-should-retry`; `retry-after`). A 200 whose body
   * is an error envelope throws the `APIError` of the status its `code` names (else a 500, not
   * retryable); a 200 body that is not a JSON chat completion throws an `APIError` with its start.
   * @throws MissingAPIKeyError, APIError subclasses, APIConnectionError,
   * APIConnectionTimeoutError, APIUserAbortError (see the README's error table).
   */
  create(
    params: ChatCompletionCreateParamsNonStreaming,
    options?: RequestOptions,
  ): APIPromise<ChatCompletion>;
  create(
    params: ChatCompletionCreateParamsStreaming,
    options?: RequestOptions,
  ): APIPromise<ChatCompletionStream>;
  create(
    params: ChatCompletionCreateParamsBase,
    options?: RequestOptions,
  ): APIPromise<ChatCompletion | ChatCompletionStream>;
  create(
    params: ChatCompletionCreateParamsBase,
    options: RequestOptions = {},
  ): APIPromise<ChatCompletion | ChatCompletionStream> {
    if (typeof params !== 'object' || params === null || Array.isArray(params)) {
      return new APIPromise(
        Promise.reject(
          new TypeError(
            'Routify: `chat.completions.create()` takes an object such as `{ model, messages }`.',
          ),
        ),
      );
    }
    if (params.stream === true) {
      return new APIPromise<ChatCompletion | ChatCompletionStream>(
        sendRequest(
          this.#settings,
          {
            method: 'POST',
            path: '/chat/completions',
            body: params,
            accept: 'text/event-stream',
            handle: (context) =>
              ChatCompletionStream.fromResponse({
                response: context.response,
                controller: context.controller,
                signal: context.signal,
                idleTimeout: context.idleTimeout,
                requestId: context.info.requestId,
                secrets: context.secrets,
              }),
          },
          options,
        ),
      );
    }
    return new APIPromise<ChatCompletion | ChatCompletionStream>(
      sendRequest(
        this.#settings,
        {
          method: 'POST',
          path: '/chat/completions',
          body: params,
          accept: 'application/json',
          handle: (context) => readJSONResult<ChatCompletion>(context, 'choices'),
        },
        options,
      ),
    );
  }
}

/** `client.models`. */
export class Models {
  readonly #settings: ResolvedSettings;

  /** @internal Built by {@link Routify}. */
  constructor(settings: ResolvedSettings) {
    this.#settings = settings;
  }

  /**
   * `GET /models`: the models the key may use, `{ object: 'list', data: Model[] }`.
   * @throws the same errors as `chat.completions.create`.
   */
  list(options: RequestOptions = {}): APIPromise<ModelList> {
    return new APIPromise(
      sendRequest(
        this.#settings,
        {
          method: 'GET',
          path: '/models',
          accept: 'application/json',
          handle: (context) => readJSONResult<ModelList>(context, 'data'),
        },
        options,
      ),
    );
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads a 2xx JSON body and checks it is the expected result (an object with the array
 * `resultKey`). An error envelope in a 200 → the `APIError` of the status its `code` names, else
 * a 500 that is not retryable; a body that is not JSON, or not the expected shape → an
 * `APIError` with the response status and the body's start, not retryable.
 */
async function readJSONResult<T>(
  context: ResponseContext,
  resultKey: 'choices' | 'data',
): Promise<T> {
  const { info, secrets } = context;
  const text = await readBodyText(context.response, {
    controller: context.controller,
    signal: context.signal,
    idleTimeout: context.idleTimeout,
    requestId: info.requestId,
    secrets,
  });
  const id = info.requestId === undefined ? '' : ` (request id ${info.requestId})`;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    const type = info.headers.get('content-type')?.split(';')[0]?.trim() || 'no content type';
    const start = text.slice(0, 1000);
    throw new APIError({
      status: info.status,
      headers: info.headers,
      body: start,
      secrets,
      isRetryable: false,
      message:
        text.trim() === ''
          ? `${info.status} Invalid response: the body is empty${id}. A JSON answer was expected; check \`baseURL\` and any proxy in between.`
          : `${info.status} Invalid response: the body is not JSON (${type}): "${excerptText(text)}"${id}. A proxy or server sent something other than the API's answer; check \`baseURL\`.`,
    });
  }
  const error = readErrorObject(body);
  if (isRecord(body) && !Array.isArray(body[resultKey])) {
    if (error !== undefined) {
      const named = statusFromErrorCode(error.code);
      throw createAPIError({
        status: named ?? 500,
        headers: info.headers,
        body,
        secrets,
        ...(named === undefined ? { isRetryable: false } : {}),
        note: `(The server answered HTTP ${info.status} with this error body.)`,
      });
    }
  }
  if (!isRecord(body) || !Array.isArray(body[resultKey])) {
    throw new APIError({
      status: info.status,
      headers: info.headers,
      body,
      secrets,
      isRetryable: false,
      message: `${info.status} Invalid response: the JSON body has no \`${resultKey}\` array, so it is not ${resultKey === 'choices' ? 'a chat completion' : 'a model list'}${id}: "${excerptText(text)}". Check \`baseURL\`.`,
    });
  }
  return body as T;
}
