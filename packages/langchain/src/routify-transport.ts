import type { BaseMessage } from '@langchain/core/messages';
import type { ChatGeneration } from '@langchain/core/outputs';
import type { AsyncCaller } from '@langchain/core/utils/async_caller';
import {
  type ChatCompletion,
  type ChatCompletionCreateParamsNonStreaming,
  type ChatCompletionCreateParamsStreaming,
  Routify,
} from '@routify/core';
import type { ChatRoutifyCallOptions } from './chat-routify-input';
import { convertMessagesToWire } from './convert-messages';
import { convertCompletionToGeneration } from './convert-response';
import type { RoutifyRequestBody } from './invocation-params';
import { withLangChainErrorCode } from './routify-error-fields';
import { VERSION } from './version';
import type { WireChunk } from './wire-types';

/** Settings of the underlying `@routify/core` client. */
export interface TransportSettings {
  apiKey?: string;
  baseURL?: string;
  timeout?: number;
  idleTimeout?: number;
  defaultHeaders?: Record<string, string>;
  fetch?: typeof fetch;
}

/** What the transport needs from the chat model. */
export interface TransportModel {
  caller: AsyncCaller;
  streamUsage: boolean;
  invocationParams(options?: ChatRoutifyCallOptions): RoutifyRequestBody;
}

/**
 * The one place ChatRoutify talks to the network, through a `@routify/core` client built with
 * `maxRetries: 0` (a missing key fails at the first call, not here); its User-Agent gains
 * `routify-js/langchain/<version>`. Every request is
 * wrapped in the model's `AsyncCaller` (`callWithOptions({ signal, maxRetries })`): the caller
 * retries opening a request (until the response headers), never a stream after it started.
 * The call's `signal` reaches the HTTP request. Errors keep core's classes and gain
 * LangChain's `lc_error_code` (`withLangChainErrorCode`).
 */
export class RoutifyTransport {
  // JS-private, so that printing a model (util.inspect) never shows the key.
  readonly #client: Routify;

  /** @throws TypeError / RangeError from `@routify/core` for an invalid `baseURL`, timeout or `fetch`. */
  constructor(settings: TransportSettings) {
    this.#client = new Routify({
      ...settings,
      maxRetries: 0,
      userAgentSuffix: `routify-js/langchain/${VERSION}`,
    });
  }

  /** Sends a non-streaming request and converts the completion. */
  async complete(
    model: TransportModel,
    messages: BaseMessage[],
    options: ChatRoutifyCallOptions,
  ): Promise<ChatGeneration> {
    return convertCompletionToGeneration(await this.completion(model, messages, options));
  }

  /** Sends a non-streaming request and returns the completion as the wire gave it. */
  async completion(
    model: TransportModel,
    messages: BaseMessage[],
    options: ChatRoutifyCallOptions,
  ): Promise<ChatCompletion> {
    // `stream` is never in the params (a reserved key); taken out for the type.
    const { stream: _stream, ...params } = model.invocationParams(options);
    const body: ChatCompletionCreateParamsNonStreaming = {
      ...params,
      messages: convertMessagesToWire(messages),
    };
    return this.call(model, options, () =>
      this.#client.chat.completions.create(body, requestOptions(options)),
    );
  }

  /**
   * Opens a streaming request (`stream: true`, and `stream_options: { include_usage: true }` when
   * `streamUsage`, unless the call sets `stream_options`) and returns its chunks. Errors thrown
   * while reading (a cut stream, an error chunk) keep their class and gain `lc_error_code`.
   */
  async stream(
    model: TransportModel,
    messages: BaseMessage[],
    options: ChatRoutifyCallOptions,
  ): Promise<AsyncIterable<WireChunk>> {
    const streamUsage = options.streamUsage ?? model.streamUsage;
    const params = model.invocationParams(options);
    // `modelKwargs` are spread last and override everything, `stream_options` included.
    const streamOptions =
      params.stream_options ??
      options.stream_options ??
      (streamUsage ? { include_usage: true } : undefined);
    const body: ChatCompletionCreateParamsStreaming = {
      ...params,
      messages: convertMessagesToWire(messages),
      stream: true,
      ...(streamOptions ? { stream_options: streamOptions } : {}),
    };
    const stream = await this.call(model, options, () =>
      this.#client.chat.completions.create(body, requestOptions(options)),
    );
    return rethrowWithErrorCodes(stream, options.signal);
  }

  private async call<T>(
    model: TransportModel,
    options: ChatRoutifyCallOptions,
    request: () => Promise<T>,
  ): Promise<T> {
    try {
      return await model.caller.callWithOptions(
        { signal: options.signal, maxRetries: options.maxRetries },
        async () => {
          try {
            return await request();
          } catch (error) {
            throw withLangChainErrorCode(error);
          }
        },
      );
    } catch (error) {
      throw withLangChainErrorCode(error);
    }
  }
}

function requestOptions(options: ChatRoutifyCallOptions): {
  signal?: AbortSignal;
  headers?: Record<string, string>;
} {
  return {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
  };
}

/**
 * Re-throws what reading a stream throws with `lc_error_code` added; when the call's `signal`
 * was aborted, throws the signal's reason instead (an `AbortError`, or LangChain's
 * `TimeoutError` for its `timeout` call option), as `invoke()` and `stream()` do in
 * `@langchain/core`, so every path reports an abort the same way.
 */
async function* rethrowWithErrorCodes(
  stream: AsyncIterable<WireChunk>,
  signal: AbortSignal | undefined,
): AsyncGenerator<WireChunk> {
  try {
    yield* stream;
  } catch (error) {
    if (signal?.aborted && signal.reason instanceof Error) throw signal.reason;
    throw withLangChainErrorCode(error);
  }
}
