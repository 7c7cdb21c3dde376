import {
  InvalidResponseDataError,
  type JSONObject,
  type LanguageModelV4,
  type LanguageModelV4CallOptions,
  type LanguageModelV4Content,
  type LanguageModelV4GenerateResult,
  type LanguageModelV4StreamPart,
  type LanguageModelV4StreamResult,
} from '@ai-sdk/provider';
import { generateId } from '@ai-sdk/provider-utils';
import {
  APIUserAbortError,
  type ChatCompletionCreateParamsBase,
  type ChatCompletionStream,
  type Routify,
  StreamError,
} from '@routify/core';
import { convertRoutifyContent } from './convert-routify-content';
import { convertRoutifyUsage } from './convert-routify-usage';
import { mapRoutifyFinishReason } from './map-routify-finish-reason';
import { prepareCallArgs } from './prepare-call-args';
import type {
  RoutifyChatCompletion,
  RoutifyChatCompletionChunk,
  RoutifyUsage,
} from './routify-api-types';
import type { RoutifyChatModelId } from './routify-provider-options';
import { RoutifyStreamTransformer } from './routify-stream-transformer';
import { headersToRecord, toApiCallError, toStreamErrorPayload } from './to-api-call-error';
import { toolArgumentsText } from './tool-arguments-text';

/** What a chat model needs from its provider. */
export interface RoutifyChatConfig {
  /** `<name>.chat`, e.g. `routify.chat`. */
  provider: string;
  /** The provider name: the `providerOptions` / `providerMetadata` key. */
  providerName: string;
  /** The API base URL, without a trailing slash (for `APICallError.url` and `request.url`). */
  baseURL: () => string;
  /**
   * The core client (built with `maxRetries: 0`). Called at each request, so a missing key
   * throws `LoadAPIKeyError` then, not when the provider is created.
   */
  client: () => Routify;
}

/**
 * A Routify chat model implementing `LanguageModelV4` (`@ai-sdk/provider` 4.0.38) on top of
 * `@routify/core`: `POST /chat/completions`, JSON for `doGenerate`, server-sent events for
 * `doStream`. Build it with `routify(modelId)` / `createRoutify(...)`.
 *
 * No retries happen here (core runs with `maxRetries: 0`): `ai` retries the `APICallError`s
 * whose `isRetryable` is true (408, 409, 429, ≥ 500, connection failures), honouring
 * `retry-after`. Image URLs are passed to Routify as URLs (`supportedUrls`), not downloaded.
 */
export class RoutifyChatLanguageModel implements LanguageModelV4 {
  readonly specificationVersion = 'v4' as const;
  readonly modelId: RoutifyChatModelId;
  /** `http(s)` image URLs go to Routify as `image_url`; other URLs are downloaded by `ai`. */
  readonly supportedUrls: Record<string, RegExp[]> = { 'image/*': [/^https?:\/\/.*$/] };
  private readonly config: RoutifyChatConfig;

  constructor(modelId: RoutifyChatModelId, config: RoutifyChatConfig) {
    this.modelId = modelId;
    this.config = config;
  }

  get provider(): string {
    return this.config.provider;
  }

  private get url(): string {
    return `${this.config.baseURL()}/chat/completions`;
  }

  private async send(body: Record<string, unknown>, options: LanguageModelV4CallOptions) {
    const client = this.config.client();
    // A per-call `user-agent` (such as `ai`'s own `ai/<v>`) is appended to the client's User-Agent
    // (core's `userAgentSuffix`) instead of replacing it.
    const headers: Record<string, string> = {};
    let userAgentSuffix: string | undefined;
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      if (value === undefined) continue;
      if (name.toLowerCase() === 'user-agent') userAgentSuffix = value;
      else headers[name] = value;
    }
    try {
      return await client.chat.completions
        .create(body as unknown as ChatCompletionCreateParamsBase, {
          signal: options.abortSignal,
          headers,
          userAgentSuffix,
        })
        .withResponse();
    } catch (error) {
      throw this.mapError(error, body, options.abortSignal);
    }
  }

  private mapError(
    error: unknown,
    body: Record<string, unknown>,
    signal: AbortSignal | undefined,
  ): unknown {
    if (APIUserAbortError.isInstance(error)) return abortReason(signal, error);
    return toApiCallError(error, { url: this.url, requestBodyValues: body });
  }

  /**
   * Sends a non-streaming chat completion.
   * @throws APICallError for HTTP errors and connection failures (`isRetryable` per core);
   *   `LoadAPIKeyError` without a key; `InvalidArgumentError` for bad `providerOptions`;
   *   `UnsupportedFunctionalityError` for prompt files Routify cannot take;
   *   `InvalidResponseDataError` for a completion without choices; the signal's reason on abort.
   */
  async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    const { body, warnings } = await prepareCallArgs({
      options,
      modelId: this.modelId,
      providerName: this.config.providerName,
      stream: false,
    });
    const { data, response } = await this.send(body, options);
    const completion = data as unknown as RoutifyChatCompletion;
    const choice = completion.choices?.[0];
    if (choice == null) {
      throw new InvalidResponseDataError({
        data,
        message: 'Routify returned a chat completion without choices.',
      });
    }
    const message = choice.message ?? {};
    const content: LanguageModelV4Content[] = [];
    // `||`, not `??`: some upstreams send an empty `reasoning_content` next to a filled `reasoning`
    const reasoning = message.reasoning_content || message.reasoning;
    if (reasoning) content.push({ type: 'reasoning', text: reasoning });
    for (const piece of convertRoutifyContent(message.content)) content.push(piece);
    const hasRefusal = Boolean(message.refusal);
    if (message.refusal) content.push({ type: 'text', text: message.refusal });
    const usedToolCallIds = new Set<string>();
    for (const toolCall of message.tool_calls ?? []) {
      const name = toolCall.function?.name;
      if (!name) {
        throw new InvalidResponseDataError({
          data: toolCall,
          message: 'Routify returned a tool call without a function name; it cannot be called.',
        });
      }
      const input = toolArgumentsText(toolCall.function?.arguments);
      // a missing or repeated id (some upstreams send '' or number calls per type) gets a fresh
      // one: ai pairs results with calls by id
      let toolCallId =
        toolCall.id && !usedToolCallIds.has(toolCall.id) ? toolCall.id : generateId();
      while (usedToolCallIds.has(toolCallId)) toolCallId = generateId();
      usedToolCallIds.add(toolCallId);
      content.push({
        type: 'tool-call',
        toolCallId,
        toolName: name,
        input: input.trim() === '' ? '{}' : input,
      });
    }
    const hasToolCalls = content.some((part) => part.type === 'tool-call');
    return {
      content,
      finishReason: {
        unified: mapRoutifyFinishReason(choice.finish_reason, { hasToolCalls, hasRefusal }),
        raw: choice.finish_reason ?? undefined,
      },
      usage: convertRoutifyUsage(completion.usage),
      providerMetadata: {
        [this.config.providerName]: metadata(response.requestId, completion.usage),
      },
      request: { url: this.url, body },
      response: {
        ...(completion.id ? { id: completion.id } : {}),
        ...(completion.model ? { modelId: completion.model } : {}),
        ...(completion.created ? { timestamp: new Date(completion.created * 1000) } : {}),
        headers: headersToRecord(response.headers),
        body: data,
      },
      warnings,
    };
  }

  /**
   * Sends a streaming chat completion and returns the V4 stream parts (see
   * `RoutifyStreamTransformer`). HTTP errors before the first byte throw like `doGenerate`;
   * failures inside the stream become an `error` part followed by `finish` (`error` for an
   * error chunk, `interrupted` for a cut stream). Aborting `abortSignal` closes the connection
   * and errors the stream with the signal's reason.
   */
  async doStream(options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    const { body, warnings } = await prepareCallArgs({
      options,
      modelId: this.modelId,
      providerName: this.config.providerName,
      stream: true,
    });
    const { data, response } = await this.send(body, options);
    const coreStream = data as ChatCompletionStream;
    const iterator = coreStream[Symbol.asyncIterator]();
    const url = this.url;
    const signal = options.abortSignal;
    let transformer: RoutifyStreamTransformer;
    let enqueued = 0;
    let cancelled = false;

    const stream = new ReadableStream<LanguageModelV4StreamPart>({
      start: (controller) => {
        transformer = new RoutifyStreamTransformer({
          enqueue: (part) => {
            enqueued++;
            controller.enqueue(part);
          },
          warnings,
          includeRawChunks: options.includeRawChunks,
          providerName: this.config.providerName,
          metadata: metadata(response.requestId, undefined),
        });
        transformer.start();
      },
      pull: async (controller) => {
        try {
          // a pull must enqueue something (or end the stream): chunks such as a role-only delta
          // or the usage chunk produce no part, and the stream would wait for a pull never made
          const before = enqueued;
          while (enqueued === before) {
            const next = await iterator.next();
            if (next.done) {
              transformer.end();
              controller.close();
              return;
            }
            transformer.chunk(next.value as RoutifyChatCompletionChunk);
          }
        } catch (error) {
          if (cancelled) return; // the consumer cancelled: the stream is already closed
          if (APIUserAbortError.isInstance(error)) {
            controller.error(abortReason(signal, error));
            return;
          }
          if (StreamError.isInstance(error)) {
            transformer.fail({ error: toStreamErrorPayload(error), reason: 'error' });
          } else {
            transformer.fail({
              error: toApiCallError(error, { url, requestBodyValues: body }),
              reason: 'interrupted',
            });
          }
          controller.close();
        }
      },
      cancel: async () => {
        cancelled = true;
        coreStream.abort();
        await iterator.return?.();
      },
    });

    return {
      stream,
      request: { url, body },
      response: { headers: headersToRecord(response.headers) },
    };
  }
}

function metadata(
  requestId: string | undefined,
  usage: RoutifyUsage | null | undefined,
): JSONObject {
  const result: JSONObject = {};
  if (requestId) result.requestId = requestId;
  const details = usage?.completion_tokens_details;
  if (details?.accepted_prediction_tokens != null)
    result.acceptedPredictionTokens = details.accepted_prediction_tokens;
  if (details?.rejected_prediction_tokens != null)
    result.rejectedPredictionTokens = details.rejected_prediction_tokens;
  return result;
}

/** What `fetch` rejects with on abort: the signal's reason, else an `AbortError`. */
function abortReason(signal: AbortSignal | undefined, error: Error): unknown {
  if (signal?.aborted && signal.reason !== undefined) return signal.reason;
  const abortError = new DOMException(error.message, 'AbortError');
  return abortError;
}
