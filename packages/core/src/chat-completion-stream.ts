import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionMessageToolCall,
} from './api-types';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
  createAPIError,
  IncompleteStreamError,
  RoutifyError,
  readErrorObject,
  StreamError,
  statusFromErrorCode,
} from './errors';
import { IdleTimeout } from './idle-timeout';
import { normalizeChunk } from './normalize-chunk';
import type { ResponseInfo } from './send-request';
import { ChatCompletionSSEDecoder, type SSEStreamItem } from './sse-decoder';
import { ChatCompletionAccumulator, type ChatCompletionPartial } from './stream-partial';

/** The HTTP response a stream was read from: `status`, `headers`, `requestId` (`x-request-id`). */
export type ChatCompletionStreamResponse = ResponseInfo;

/** What {@link ChatCompletionStream.fromResponse} needs. */
export interface ChatCompletionStreamInit {
  /** A 2xx response to a `stream: true` request (status errors are the caller's to map). */
  response: Response;
  /**
   * The controller whose signal the `fetch` was made with: aborting it closes the connection.
   * `abort()`, `break` and stream errors abort it. Default: a new one (then only cancelling the
   * body closes the connection).
   */
  controller?: AbortController;
  /** The caller's signal; its abort ends the stream with {@link APIUserAbortError}. */
  signal?: AbortSignal | undefined;
  /**
   * Milliseconds a read of the body may wait for the next bytes (SSE comments count) before the
   * stream fails with {@link APIConnectionTimeoutError} (`kind: 'idleTimeout'`). `undefined`
   * or `Infinity` (also `0` or less, which the client rejects earlier): no limit. The client passes the effective `idleTimeout`
   * (default: the effective `timeout`, 600 000 ms).
   */
  idleTimeout?: number | undefined;
  /** Overrides the request id read from `x-request-id`. */
  requestId?: string | undefined;
  /** Strings (the API key) removed from every error the stream throws. */
  secrets?: readonly (string | undefined)[];
  /**
   * Most characters buffered for one event or line (default 128 Mi, `DEFAULT_MAX_EVENT_SIZE`):
   * an event that grows past it without ending fails the stream with a {@link StreamError}
   * instead of exhausting memory.
   */
  maxEventSize?: number | undefined;
}

type StreamState = 'open' | 'done' | 'failed' | 'cancelled';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A streamed chat completion (`create({ ..., stream: true })`): an async iterable of
 * {@link ChatCompletionChunk}, read once.
 *
 * ```ts
 * const stream = await client.chat.completions.create({ model, messages, stream: true });
 * for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta?.content ?? '');
 * console.log(stream.partial.usage);
 * ```
 *
 * Wire handling (WHATWG server-sent events, the OpenAI chunk dialect; see `ChatCompletionSSEDecoder`):
 * iteration ends at the exact `data: [DONE]`, and the body is cancelled at once, so the
 * connection is released even if the server keeps it open; a body that ends after a chunk with
 * a `finish_reason` is also a success. A `200` JSON body is accepted too: an error envelope is
 * thrown by {@link fromResponse}, a full `chat.completion` is yielded as one chunk.
 *
 * Errors thrown while iterating (each carries `partial`, what arrived before it; chunks decoded
 * before an error are yielded first):
 * - {@link StreamError}: an error chunk `{"error": {...}}` or `event: error` (status from a
 *   numeric `code`; `isRetryable` by the HTTP rule), or an event whose data is not a JSON
 *   object (`body` is the data's start, `cause` the `SyntaxError`; not retryable).
 * - {@link APIConnectionError}: the connection was reset or closed before the body ended
 *   (`cause` is the network error).
 * - {@link APIConnectionTimeoutError} (`kind: 'idleTimeout'`): no bytes for `idleTimeout` ms.
 * - {@link IncompleteStreamError}: the body ended cleanly with neither `[DONE]` nor a
 *   `finish_reason`, or inside an event (its JSON cut).
 * - {@link APIUserAbortError}: the caller's `signal` aborted or {@link abort} was called.
 *
 * Connection errors are `isRetryable` only while no content (text, reasoning, refusal or tool
 * call) was delivered; nothing is retried automatically once the stream was handed over.
 * `break` (or `return()`) ends the iteration quietly and closes the connection.
 */
export class ChatCompletionStream implements AsyncIterable<ChatCompletionChunk> {
  /** Status, headers and request id of the response. */
  readonly response: ChatCompletionStreamResponse;
  /** Aborting it closes the connection (see {@link abort}). */
  readonly controller: AbortController;

  readonly #body: ReadableStream<Uint8Array> | null;
  readonly #signal: AbortSignal | undefined;
  readonly #idleTimeoutMs: number | undefined;
  readonly #secrets: readonly (string | undefined)[];
  readonly #decoder: ChatCompletionSSEDecoder;
  readonly #accumulator = new ChatCompletionAccumulator();
  readonly #idle: IdleTimeout | undefined;
  #reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  #queue: ChatCompletionChunk[] = [];
  #head = 0;
  #state: StreamState = 'open';
  /**
   * Builds the error that ends the stream, thrown once the chunks before it were yielded; built
   * then, so its `partial` holds exactly the chunks delivered.
   */
  #pendingError: (() => RoutifyError) | undefined;
  /** Set by the abort / idle callbacks while a read may be pending. */
  #interrupt: RoutifyError | undefined;
  #error: RoutifyError | undefined;
  #iterated = false;
  #sawDone = false;
  /** Whether a decoded chunk (delivered or still queued) carried a non-null `finish_reason`. */
  #sawFinishReason = false;

  private constructor(init: ChatCompletionStreamInit) {
    const { response } = init;
    this.response = {
      status: response.status,
      headers: response.headers,
      requestId: init.requestId ?? response.headers.get('x-request-id') ?? undefined,
    };
    this.controller = init.controller ?? new AbortController();
    this.#body = response.body;
    this.#signal = init.signal;
    this.#secrets = init.secrets ?? [];
    this.#decoder = new ChatCompletionSSEDecoder(
      init.maxEventSize === undefined ? {} : { maxEventSize: init.maxEventSize },
    );
    const idle = init.idleTimeout;
    this.#idleTimeoutMs =
      idle !== undefined && idle > 0 && Number.isFinite(idle) ? idle : undefined;
    if (this.#idleTimeoutMs !== undefined) {
      this.#idle = new IdleTimeout(this.#idleTimeoutMs, () => this.#onIdle());
    }
    this.controller.signal.addEventListener('abort', this.#onAbort);
    this.#signal?.addEventListener('abort', this.#onAbort);
    if (this.controller.signal.aborted || this.#signal?.aborted) this.#onAbort();
  }

  /**
   * Wraps a 2xx response to a `stream: true` request. Checks `content-type` first:
   * - `text/event-stream` (or none, or any other text type): decoded as server-sent events
   *   while iterating; returns at once.
   * - `application/json` (or `+json`): the body is read now. An error envelope
   *   `{"error": {...}}` throws an {@link APIError} whose status is the one its numeric `code`
   *   names (else 500, not retryable), message kept; a `chat.completion` becomes a stream of one
   *   synthesized chunk (message as `delta`, tool calls with `index`, `finish_reason`, `usage`);
   *   a body that is not JSON, or neither of the two, throws an {@link APIError} with the
   *   response status and the body's start.
   * - `text/html`: an HTML page (a proxy's error page) throws an {@link APIError} with its title.
   *
   * @throws {APIError} as above; {@link APIUserAbortError}, {@link APIConnectionError} or
   *   {@link APIConnectionTimeoutError} while reading a JSON or HTML body.
   */
  static async fromResponse(init: ChatCompletionStreamInit): Promise<ChatCompletionStream> {
    const stream = new ChatCompletionStream(init);
    const type = (init.response.headers.get('content-type') ?? '')
      .split(';')[0]
      ?.trim()
      .toLowerCase();
    if (type === 'application/json' || type?.endsWith('+json')) {
      await stream.#readJSONBody();
    } else if (type === 'text/html' || type === 'application/xhtml+xml') {
      const text = await stream.#readText();
      throw stream.#fail(
        createAPIError({
          status: stream.response.status,
          headers: stream.response.headers,
          body: text,
          secrets: stream.#secrets,
        }),
      );
    }
    return stream;
  }

  /**
   * What the stream has delivered so far, assembled from the chunks read (first choice): text,
   * reasoning, refusal, tool calls by index, the last `usage` and `finish_reason`, id, model.
   * A fresh snapshot on every access.
   */
  get partial(): ChatCompletionPartial {
    return this.#accumulator.snapshot();
  }

  /** Whether the stream is over: completed, failed, aborted or broken out of. */
  get ended(): boolean {
    return this.#state !== 'open';
  }

  /**
   * Cancels the stream: the body is cancelled and the connection closed (the router stops
   * generating, and billing for providers that support it). A pending or later `next()` rejects
   * with {@link APIUserAbortError} (with `partial`). Does nothing once the stream has ended.
   */
  abort(reason?: unknown): void {
    if (this.#state !== 'open') return;
    this.controller.abort(reason);
  }

  /**
   * The chunks as an async iterator; a stream can be iterated once.
   *
   * @throws {RoutifyError} when the stream was already iterated (or turned into a ReadableStream).
   */
  [Symbol.asyncIterator](): AsyncIterator<ChatCompletionChunk> {
    this.#claim();
    return this.#iterator();
  }

  /**
   * The chunks as a `ReadableStream<ChatCompletionChunk>` (pull-based: nothing is read ahead).
   * Errors the readable with the same errors as iteration; cancelling it closes the connection.
   *
   * @throws {RoutifyError} when the stream was already iterated.
   */
  toReadableStream(): ReadableStream<ChatCompletionChunk> {
    this.#claim();
    const iterator = this.#iterator();
    return new ReadableStream<ChatCompletionChunk>(
      {
        async pull(controller) {
          try {
            const result = await iterator.next();
            if (result.done) controller.close();
            else controller.enqueue(result.value);
          } catch (error) {
            controller.error(error);
          }
        },
        async cancel() {
          await iterator.return?.();
        },
      },
      { highWaterMark: 0 },
    );
  }

  /**
   * Reads the rest of the stream and returns the whole answer as a `ChatCompletion` built from
   * {@link partial} (first choice only: `message` with `content`, `reasoning_content`,
   * `refusal`, `tool_calls`; `finish_reason`; `usage`). Can follow a partial iteration that did
   * not `break`.
   *
   * @throws the stream's errors; {@link APIUserAbortError} when the stream was aborted or broken out of.
   */
  async finalCompletion(): Promise<ChatCompletion> {
    this.#iterated = true;
    while (!(await this.#next()).done) {
      // drain
    }
    if (this.#state === 'cancelled') {
      throw new APIUserAbortError({ partial: this.partial, secrets: this.#secrets });
    }
    return partialToCompletion(this.partial);
  }

  #claim(): void {
    if (this.#iterated) {
      throw new RoutifyError(
        'This stream was already iterated: a ChatCompletionStream can be read once (iterate it, or call toReadableStream(), once).',
      );
    }
    this.#iterated = true;
  }

  #iterator(): AsyncIterator<ChatCompletionChunk> & AsyncIterable<ChatCompletionChunk> {
    const iterator = {
      next: () => this.#next(),
      return: async (): Promise<IteratorResult<ChatCompletionChunk>> => {
        this.#cancel();
        return { done: true, value: undefined };
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  async #next(): Promise<IteratorResult<ChatCompletionChunk>> {
    for (;;) {
      if (this.#head < this.#queue.length) {
        const value = this.#queue[this.#head] as ChatCompletionChunk;
        this.#head++;
        // `partial` takes each chunk as it is handed over, never ahead of the consumer.
        this.#accumulator.add(value);
        if (this.#head === this.#queue.length) {
          this.#queue = [];
          this.#head = 0;
        }
        return { done: false, value };
      }
      if (this.#pendingError !== undefined) {
        const makeError = this.#pendingError;
        this.#pendingError = undefined;
        throw this.#fail(makeError());
      }
      if (this.#error !== undefined) throw this.#error;
      if (this.#state !== 'open') return { done: true, value: undefined };
      if (this.#interrupt !== undefined) throw this.#fail(this.#interrupt);
      const bytes = await this.#read();
      if (this.#state !== 'open') continue;
      if (bytes === undefined) {
        this.#handle(this.#decoder.end());
        if (this.#state === 'open' && this.#pendingError === undefined) this.#finishAtEOF();
      } else {
        this.#handle(this.#decoder.decode(bytes));
      }
    }
  }

  /** Reads the next bytes of the body; `undefined` at its end. Throws classified errors. */
  async #read(): Promise<Uint8Array | undefined> {
    if (this.#body === null) return undefined;
    this.#reader ??= this.#body.getReader();
    this.#idle?.beginRead();
    let result: ReadableStreamReadResult<Uint8Array>;
    try {
      result = await this.#reader.read();
    } catch (cause) {
      if (this.#state !== 'open') return undefined;
      throw this.#fail(this.#interrupt ?? this.#classifyReadError(cause));
    } finally {
      this.#idle?.endRead();
    }
    if (this.#state !== 'open') return undefined;
    if (this.#interrupt !== undefined) throw this.#fail(this.#interrupt);
    return result.done ? undefined : result.value;
  }

  #handle(items: SSEStreamItem[]): void {
    for (const item of items) {
      switch (item.type) {
        case 'chunk': {
          const chunk = normalizeChunk(item.chunk);
          if (hasFinishReason(chunk)) this.#sawFinishReason = true;
          this.#queue.push(chunk);
          break;
        }
        case 'done':
          this.#sawDone = true;
          this.#finish('done');
          return;
        case 'error':
          this.#stop(() => {
            // The error chunk itself (its `usage`, a `finish_reason`) comes with the error.
            if (item.chunk !== undefined) this.#accumulator.add(item.chunk);
            return new StreamError({
              body: item.chunk ?? item.payload,
              partial: this.partial,
              headers: this.response.headers,
              secrets: this.#secrets,
            });
          });
          return;
        case 'malformed':
          this.#stop(() => (item.atEOF ? this.#incomplete(item.data) : this.#malformed(item)));
          return;
        case 'fatal':
          this.#stop(() => this.#undecodable(item));
          return;
      }
    }
  }

  #finishAtEOF(): void {
    if (this.#sawDone || this.#sawFinishReason) {
      this.#finish('done');
      return;
    }
    this.#stop(() => this.#incomplete(undefined));
  }

  #incomplete(truncated: string | undefined): IncompleteStreamError {
    const message =
      truncated === undefined
        ? undefined
        : `Incomplete stream: the body ended inside an event whose JSON was cut ("${truncated.slice(0, 80)}"), with neither \`[DONE]\` nor a complete final chunk. \`partial\` holds what arrived; send the request again.`;
    return new IncompleteStreamError({
      partial: this.partial,
      requestId: this.response.requestId,
      secrets: this.#secrets,
      ...(message === undefined ? {} : { message }),
    });
  }

  #malformed(item: Extract<SSEStreamItem, { type: 'malformed' }>): StreamError {
    const reason = item.cause instanceof Error ? item.cause.message : String(item.cause);
    return new StreamError({
      body: item.data,
      partial: this.partial,
      headers: this.response.headers,
      cause: item.cause,
      secrets: this.#secrets,
      isRetryable: false,
      message: `Malformed stream: an event's data is not a JSON chunk (${reason}): "${item.data.slice(0, 80)}". \`partial\` holds what arrived before it.`,
    });
  }

  #undecodable(item: Extract<SSEStreamItem, { type: 'fatal' }>): StreamError {
    const message =
      item.reason === 'too-large'
        ? `Malformed stream: one event grew past ${item.limit} characters without ending (no blank line), so the stream was stopped to bound memory. \`partial\` holds what arrived before it.`
        : `Malformed stream: the event stream could not be decoded (${item.cause instanceof Error ? item.cause.message : String(item.cause)}). \`partial\` holds what arrived before it.`;
    return new StreamError({
      body: undefined,
      partial: this.partial,
      headers: this.response.headers,
      cause: item.cause,
      secrets: this.#secrets,
      isRetryable: false,
      message,
    });
  }

  #classifyReadError(cause: unknown): RoutifyError {
    if (this.#signal?.aborted || this.controller.signal.aborted) {
      return new APIUserAbortError({
        partial: this.partial,
        cause: this.#signal?.aborted ? this.#signal.reason : this.controller.signal.reason,
        secrets: this.#secrets,
      });
    }
    const retryable = !this.#accumulator.contentDelivered;
    return new APIConnectionError({
      cause,
      partial: this.partial,
      requestId: this.response.requestId,
      secrets: this.#secrets,
      isRetryable: retryable,
      message: `Connection lost while reading the stream${describeCause(cause)}: the connection was reset or closed before the body ended. \`partial\` holds what arrived${retryable ? '; nothing was delivered, so it is retryable' : ''}.`,
    });
  }

  readonly #onAbort = (): void => {
    if (this.#state !== 'open' || this.#interrupt !== undefined) return;
    const signal = this.#signal?.aborted ? this.#signal : this.controller.signal;
    this.#interrupt = new APIUserAbortError({
      partial: this.partial,
      cause: signal.reason,
      secrets: this.#secrets,
    });
    // Chunks decoded but not yet yielded are dropped: the abort takes effect at the next `next()`.
    this.#queue = [];
    this.#head = 0;
    if (!this.controller.signal.aborted) this.controller.abort(signal.reason);
    this.#release();
  };

  #onIdle(): void {
    if (this.#state !== 'open' || this.#interrupt !== undefined) return;
    this.#interrupt = new APIConnectionTimeoutError({
      kind: 'idleTimeout',
      timeout: this.#idleTimeoutMs,
      partial: this.partial,
      requestId: this.response.requestId,
      secrets: this.#secrets,
      isRetryable: !this.#accumulator.contentDelivered,
    });
    this.#release();
    this.controller.abort(this.#interrupt);
  }

  /** Ends the stream successfully; the body is cancelled (a no-op when it already ended). */
  #finish(state: 'done'): void {
    this.#state = state;
    this.#release();
  }

  /**
   * Ends the stream with the error `makeError` builds, after the chunks already decoded are
   * yielded (so the error's `partial` is built from exactly those chunks).
   */
  #stop(makeError: () => RoutifyError): void {
    this.#pendingError = makeError;
    this.#state = 'failed';
    this.#release();
    this.controller.abort(
      new RoutifyError('The stream ended with an error; it is thrown after the chunks before it.'),
    );
  }

  /** `break` / `return()`: ends quietly, closing the connection. */
  #cancel(): void {
    if (this.#state !== 'open') return;
    this.#state = 'cancelled';
    this.#queue = [];
    this.#head = 0;
    this.#release();
    this.controller.abort(
      new APIUserAbortError({ message: 'The stream consumer stopped reading.' }),
    );
  }

  /** Records `error` as the stream's final error and releases the connection. */
  #fail(error: RoutifyError): RoutifyError {
    if (this.#error === undefined) {
      this.#error = error;
      this.#state = 'failed';
      this.#release();
      if (!this.controller.signal.aborted) this.controller.abort(error);
    }
    return this.#error;
  }

  #release(): void {
    this.#idle?.stop();
    this.controller.signal.removeEventListener('abort', this.#onAbort);
    this.#signal?.removeEventListener('abort', this.#onAbort);
    const reader = this.#reader;
    if (reader !== undefined) {
      reader.cancel().catch(() => undefined);
    } else if (this.#body !== null && !this.#body.locked) {
      this.#body.cancel().catch(() => undefined);
    }
  }

  /** Reads the rest of the body as text, after the `head` reads already taken from it. */
  async #readText(head: readonly Uint8Array[] = []): Promise<string> {
    const decoder = new TextDecoder();
    let text = '';
    for (const bytes of head) text += decoder.decode(bytes, { stream: true });
    for (;;) {
      const bytes = await this.#read();
      if (bytes === undefined) break;
      text += decoder.decode(bytes, { stream: true });
    }
    return text + decoder.decode();
  }

  /**
   * Reads the first bytes of a body labelled JSON until its first characters are known: an
   * event stream sent with the wrong `content-type` (a proxy's `default_type
   * application/json`) starts with a field or a comment (`data:`, `event:`, `:`), never with
   * JSON. Such a body is decoded as the stream it is, as it arrives; anything else is JSON.
   * @returns `undefined` when the body is an event stream (its first reads already decoded),
   *   else the reads taken so far.
   */
  async #sniffJSONBody(): Promise<Uint8Array[] | undefined> {
    const head: Uint8Array[] = [];
    const decoder = new TextDecoder();
    let start = '';
    for (;;) {
      const bytes = await this.#read();
      if (bytes !== undefined) {
        head.push(bytes);
        start = (start + decoder.decode(bytes, { stream: true })).trimStart();
      }
      if (bytes === undefined || start.length >= 6 || /^[{["]/.test(start)) break;
    }
    if (!/^(:|(data|event|id|retry):)/.test(start)) return head;
    for (const bytes of head) this.#handle(this.#decoder.decode(bytes));
    return undefined;
  }

  async #readJSONBody(): Promise<void> {
    const head = await this.#sniffJSONBody();
    if (head === undefined) return;
    const text = await this.#readText(head);
    const { status, headers } = this.response;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (cause) {
      throw this.#fail(
        createAPIError({ status, headers, body: text, cause, secrets: this.#secrets }),
      );
    }
    const error = readErrorObject(body);
    if (error !== undefined) {
      const named = statusFromErrorCode(error.code);
      throw this.#fail(
        createAPIError({
          status: named ?? 500,
          headers,
          body,
          secrets: this.#secrets,
          ...(named === undefined ? { isRetryable: false } : {}),
        }),
      );
    }
    if (!isRecord(body) || !Array.isArray(body.choices) || body.choices.length === 0) {
      throw this.#fail(
        createAPIError({
          status,
          headers,
          body,
          secrets: this.#secrets,
          message: `${status} Unexpected response: a stream request got a JSON body that is neither a chat completion nor an error envelope. Check \`baseURL\`.`,
        }),
      );
    }
    const chunk = completionToChunk(body);
    this.#queue.push(chunk);
    this.#sawDone = true;
    this.#finish('done');
  }
}

function hasFinishReason(chunk: ChatCompletionChunk): boolean {
  const choices: unknown = chunk.choices;
  return (
    Array.isArray(choices) &&
    choices.some((choice) => isRecord(choice) && typeof choice.finish_reason === 'string')
  );
}

function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return '';
  const inner = cause.cause instanceof Error ? cause.cause : undefined;
  const code =
    (inner as { code?: unknown } | undefined)?.code ?? (cause as { code?: unknown }).code;
  const parts = [cause.message];
  if (inner !== undefined && inner.message !== '' && inner.message !== cause.message) {
    parts.push(inner.message);
  }
  if (typeof code === 'string' && !parts.some((part) => part.includes(code))) parts.push(code);
  return ` (${parts.join(': ')})`;
}

/** A `chat.completion` as one `chat.completion.chunk` (messages become deltas). */
function completionToChunk(completion: Record<string, unknown>): ChatCompletionChunk {
  const choices = (completion.choices as unknown[]).filter(isRecord).map((choice, position) => {
    const message = isRecord(choice.message) ? choice.message : {};
    const delta: Record<string, unknown> = { ...message };
    if (Array.isArray(message.tool_calls)) {
      delta.tool_calls = message.tool_calls.map((call, index) =>
        isRecord(call) ? { index, ...call } : call,
      );
    }
    const { message: _message, ...rest } = choice;
    return {
      ...rest,
      index: typeof choice.index === 'number' ? choice.index : position,
      delta,
      finish_reason: choice.finish_reason ?? null,
    };
  });
  return {
    ...completion,
    object: 'chat.completion.chunk',
    choices,
  } as ChatCompletionChunk;
}

/** The assembled first choice as a `ChatCompletion`. */
function partialToCompletion(partial: ChatCompletionPartial): ChatCompletion {
  const message: ChatCompletion['choices'][number]['message'] = {
    role: 'assistant',
    content:
      partial.content === '' && (partial.tool_calls.length > 0 || partial.refusal !== undefined)
        ? null
        : partial.content,
  };
  if (partial.reasoning !== '') message.reasoning_content = partial.reasoning;
  if (partial.refusal !== undefined) message.refusal = partial.refusal;
  if (partial.tool_calls.length > 0) {
    message.tool_calls = partial.tool_calls.map(
      (call): ChatCompletionMessageToolCall => ({
        id: call.id ?? '',
        type: 'function',
        function: { name: call.function.name, arguments: call.function.arguments },
      }),
    );
  }
  return {
    id: partial.id ?? '',
    object: 'chat.completion',
    created: partial.created ?? 0,
    model: partial.model ?? '',
    choices: [
      {
        index: 0,
        message,
        finish_reason: (partial.finish_reason ??
          null) as ChatCompletion['choices'][number]['finish_reason'],
      },
    ],
    usage: partial.usage ?? null,
  };
}
