import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import type {
  BaseLanguageModelInput,
  StructuredOutputMethodOptions,
} from '@langchain/core/language_models/base';
import {
  BaseChatModel,
  type BindToolsInput,
  type LangSmithParams,
} from '@langchain/core/language_models/chat_models';
import type { ChatModelStreamEvent } from '@langchain/core/language_models/event';
import type { ModelProfile } from '@langchain/core/language_models/profile';
import { AIMessage, type AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import { ChatGenerationChunk, type ChatResult } from '@langchain/core/outputs';
import type { Runnable } from '@langchain/core/runnables';
import { getEnvironmentVariable } from '@langchain/core/utils/env';
import type { SerializableSchema } from '@langchain/core/utils/standard_schema';
import type { ZodV3Like, ZodV4Like } from '@langchain/core/utils/types';
import { ChatRoutifyBinding } from './chat-routify-binding';
import type { ChatRoutifyCallOptions, ChatRoutifyInput } from './chat-routify-input';
import { completionToChunks } from './completion-to-chunks';
import { convertStreamToEvents } from './convert-events';
import { convertTool } from './convert-tools';
import { buildInvocationParams, type RoutifyRequestBody } from './invocation-params';
import { getModelProfile } from './model-profiles';
import { registerRoutifyBlockTranslator } from './routify-block-translator';
import { routifyFailedAttemptHandler } from './routify-error-fields';
import { RoutifyTransport } from './routify-transport';
import { headerSecrets, redactHeaders } from './secret-headers';
import { streamToChunks } from './stream-to-chunks';
import { buildStructuredOutput } from './structured-output';
import { validateSettings } from './validate-settings';

// biome-ignore lint/suspicious/noExplicitAny: mirrors BaseChatModel.withStructuredOutput's signature.
type AnyRecord = Record<string, any>;
type StructuredSchema<T extends AnyRecord> =
  | SerializableSchema<T>
  | ZodV4Like<T>
  | ZodV3Like<T>
  | AnyRecord;

/**
 * A LangChain chat model for the Routify LLM router (`@langchain/core` 1.4 `BaseChatModel`),
 * usable wherever `ChatOpenAI` is: chains, `streamEvents`, `bindTools`, `withStructuredOutput`,
 * LangGraph `createReactAgent` and `createAgent`.
 *
 * ```ts
 * const model = new ChatRoutify({ model: 'gpt-4.1', temperature: 0 });
 * const reply = await model.invoke('Hello!');
 * ```
 *
 * HTTP, SSE, timeouts and errors are `@routify/core`'s (its client runs with `maxRetries: 0`);
 * retries are LangChain's `AsyncCaller` (default 2), driven by each error's `isRetryable` and
 * `retryAfter`. Errors are core's classes (`AuthenticationError`, `RateLimitError`,
 * `StreamError`, …) with `status` and LangChain's `lc_error_code` where one applies.
 */
export class ChatRoutify
  extends BaseChatModel<ChatRoutifyCallOptions, AIMessageChunk>
  implements ChatRoutifyInput
{
  static override lc_name(): string {
    return 'ChatRoutify';
  }

  override lc_serializable = true;

  override get lc_secrets(): Record<string, string> {
    return { apiKey: 'ROUTIFY_API_KEY', ...this.#headerSecrets };
  }

  override get lc_aliases(): Record<string, string> {
    return { modelName: 'model', baseURL: 'base_url' };
  }

  /** Model id; default `'gpt-4.1'`. */
  model = 'gpt-4.1';
  /** Sampling temperature (0–2); unset: model default. */
  temperature?: number;
  /** Upper bound on generated tokens; unset: model default. */
  maxTokens?: number;
  /** Nucleus sampling (0–1); unset: model default. */
  topP?: number;
  /** Stop sequences (up to 4). */
  stop?: string[];
  /** Reasoning effort (`low` | `medium` | `high` | `xhigh`). */
  reasoningEffort?: ChatRoutifyInput['reasoningEffort'];
  /** Verbosity (`low` | `medium` | `high`). */
  verbosity?: ChatRoutifyInput['verbosity'];
  /** Reasoning summary (`auto` | `detail` | `concise`). */
  reasoningSummary?: ChatRoutifyInput['reasoningSummary'];
  /** `true`: `invoke()` streams; `false`: streaming disabled; unset: `stream()` streams. */
  streaming?: boolean;
  /** Ask streams for a usage chunk (`stream_options.include_usage`); default `true`. */
  streamUsage = true;
  /** Per-attempt ms until response headers (core `timeout`). */
  timeout?: number;
  /** Ms allowed between stream reads (core `idleTimeout`). */
  idleTimeout?: number;
  /** LangChain caller retries; default 2. */
  maxRetries: number;
  /** Extra body fields, spread last. */
  modelKwargs?: Record<string, unknown>;
  /** API base URL (`baseURL` ?? `configuration.baseURL` ?? `ROUTIFY_BASE_URL`). */
  baseURL?: string;
  // JS-private: not an own property, so neither `util.inspect` (even with `showHidden`) nor
  // `JSON.stringify`, `Object.getOwnPropertyNames` or a structured clone ever sees the key.
  #apiKey: string | undefined;
  // Private for the same reason: they may carry credentials (`Authorization`, `x-api-key`).
  #defaultHeaders: Record<string, string> | undefined;
  #headerSecrets: Record<string, string>;

  readonly #transport: RoutifyTransport;

  /**
   * The API key (`apiKey` ?? `configuration.apiKey` ?? `ROUTIFY_API_KEY`). Held in a private
   * field behind this getter: never an own property of the model, never serialized (`toJSON`
   * writes LangChain's secret marker `{ lc: 1, type: 'secret', id: ['ROUTIFY_API_KEY'] }`).
   */
  get apiKey(): string | undefined {
    return this.#apiKey;
  }

  /**
   * Headers added to every request (`defaultHeaders` ?? `configuration.defaultHeaders`). Held
   * privately like the key; in `toJSON()` credential headers (`Authorization`, `x-api-key`, …)
   * become secret markers (`ROUTIFY_HEADER_<NAME>`), and `lc_kwargs` shows them as `***`.
   */
  get defaultHeaders(): Record<string, string> | undefined {
    return this.#defaultHeaders;
  }

  /**
   * @param modelOrFields A model id, or the fields (see {@link ChatRoutifyInput}).
   * @param fields The fields, when the first argument is a model id.
   * @throws TypeError / RangeError for an invalid field (`validateSettings`), or from
   *   `@routify/core` for an invalid `baseURL`, `timeout`, `idleTimeout` or `fetch`. Never for a
   *   missing key: the first call fails with `MissingAPIKeyError` instead.
   */
  constructor(modelOrFields?: string | ChatRoutifyInput, fields?: ChatRoutifyInput) {
    const input: ChatRoutifyInput =
      typeof modelOrFields === 'string'
        ? { ...fields, model: modelOrFields }
        : { ...modelOrFields };
    validateSettings(input);
    const maxRetries = input.maxRetries ?? 2;
    super({
      ...input,
      maxRetries,
      onFailedAttempt: input.onFailedAttempt ?? routifyFailedAttemptHandler,
    });
    const { apiKey: _key, onFailedAttempt: _handler, ...serializable } = input;
    if (input.defaultHeaders !== undefined) {
      serializable.defaultHeaders = redactHeaders(input.defaultHeaders);
    }
    if (input.configuration !== undefined) {
      // `configuration.apiKey` (ChatOpenAI's shape) is a key too: never serialized.
      const { apiKey: _configKey, ...configuration } = input.configuration;
      if (configuration.defaultHeaders !== undefined) {
        configuration.defaultHeaders = redactHeaders(configuration.defaultHeaders);
      }
      serializable.configuration = configuration;
    }
    this.lc_kwargs = serializable;
    this.#headerSecrets = {
      ...headerSecrets('defaultHeaders', input.defaultHeaders),
      ...headerSecrets('configuration.defaultHeaders', input.configuration?.defaultHeaders),
    };
    registerRoutifyBlockTranslator();

    this.model = input.model ?? input.modelName ?? this.model;
    this.temperature = input.temperature;
    this.maxTokens = input.maxTokens;
    this.topP = input.topP;
    this.stop = input.stop ?? input.stopSequences;
    this.reasoningEffort = input.reasoningEffort;
    this.verbosity = input.verbosity;
    this.reasoningSummary = input.reasoningSummary;
    this.streaming = input.streaming;
    this.streamUsage = input.streamUsage ?? true;
    this.timeout = input.timeout;
    this.idleTimeout = input.idleTimeout;
    this.maxRetries = maxRetries;
    this.modelKwargs = input.modelKwargs;
    this.#defaultHeaders = input.defaultHeaders ?? input.configuration?.defaultHeaders;
    this.baseURL = input.baseURL ?? input.configuration?.baseURL;
    if (input.streaming === false) this.disableStreaming = true;
    this.#apiKey =
      input.apiKey ?? input.configuration?.apiKey ?? getEnvironmentVariable('ROUTIFY_API_KEY');
    this.#transport = new RoutifyTransport({
      apiKey: this.apiKey,
      baseURL: this.baseURL,
      timeout: this.timeout,
      idleTimeout: this.idleTimeout,
      defaultHeaders: this.defaultHeaders,
      fetch: input.fetch ?? input.configuration?.fetch,
    });
  }

  /** `'routify'`: the provider id in `lc_namespace`, cache keys and tracing. */
  _llmType(): string {
    return 'routify';
  }

  /** Capabilities of {@link model} (`{}` when unknown): tool calling, structured output, reasoning, limits. */
  override get profile(): ModelProfile {
    return getModelProfile(this.model);
  }

  /** The request body minus `messages` (and minus `stream`/`stream_options`, added per request). */
  override invocationParams(options?: this['ParsedCallOptions']): RoutifyRequestBody {
    return buildInvocationParams(this, options);
  }

  /** `model_name` plus the request settings: part of LangChain's cache key and `serialize()`. */
  override _identifyingParams(): Record<string, unknown> {
    return { model_name: this.model, ...this.invocationParams() };
  }

  /** The six LangSmith keys, `ls_provider: 'routify'`. */
  override getLsParams(options: this['ParsedCallOptions']): LangSmithParams {
    const params = this.invocationParams(options);
    return {
      ls_provider: 'routify',
      ls_model_name: this.model,
      ls_model_type: 'chat',
      ls_temperature: params.temperature ?? undefined,
      ls_max_tokens: params.max_tokens ?? undefined,
      ls_stop: options.stop ?? (Array.isArray(params.stop) ? params.stop : undefined),
    };
  }

  /**
   * Binds tools (LangChain tools, `{ name, description, schema }` with a zod or JSON schema,
   * OpenAI-format tools, `runnable.asTool()`), converting and validating them now. `kwargs` are
   * call options sent with every call (`tool_choice`, `strict`, `parallel_tool_calls`,
   * `response_format`, …).
   *
   * @throws InvalidToolError for an input that is not a tool.
   */
  override bindTools(
    tools: BindToolsInput[],
    kwargs?: Partial<ChatRoutifyCallOptions>,
  ): ChatRoutifyBinding {
    const converted = tools.map((tool) => convertTool(tool, kwargs?.strict));
    return this.withConfig({ ...kwargs, tools: converted } as Partial<ChatRoutifyCallOptions>);
  }

  /**
   * Binds call options (LangChain's `RunnableBinding`, whose `config` holds them), returning a
   * {@link ChatRoutifyBinding}: it also has the model's content-block `streamEvents(input)`.
   */
  override withConfig(config: Partial<ChatRoutifyCallOptions>): ChatRoutifyBinding {
    return new ChatRoutifyBinding({ bound: this, config, kwargs: {} });
  }

  override withStructuredOutput<RunOutput extends AnyRecord = AnyRecord>(
    outputSchema: StructuredSchema<RunOutput>,
    config?: StructuredOutputMethodOptions<false>,
  ): Runnable<BaseLanguageModelInput, RunOutput>;
  override withStructuredOutput<RunOutput extends AnyRecord = AnyRecord>(
    outputSchema: StructuredSchema<RunOutput>,
    config?: StructuredOutputMethodOptions<true>,
  ): Runnable<BaseLanguageModelInput, { raw: BaseMessage; parsed: RunOutput }>;
  /**
   * Structured output by `functionCalling` (default), `jsonSchema` or `jsonMode`, with zod,
   * Standard Schema or JSON schema; see `buildStructuredOutput` for the details.
   */
  override withStructuredOutput<RunOutput extends AnyRecord = AnyRecord>(
    outputSchema: StructuredSchema<RunOutput>,
    config?: StructuredOutputMethodOptions<boolean>,
  ):
    | Runnable<BaseLanguageModelInput, RunOutput>
    | Runnable<BaseLanguageModelInput, { raw: BaseMessage; parsed: RunOutput }> {
    return buildStructuredOutput(this, outputSchema as Record<string, unknown>, config);
  }

  /**
   * One non-streaming request (`streaming: true`: one streaming request, aggregated). Never calls
   * `handleLLMNewToken` on the JSON path, so LangGraph's "messages" stream receives the whole
   * message (tool calls included) from `handleLLMEnd`.
   */
  async _generate(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): Promise<ChatResult> {
    options.signal?.throwIfAborted();
    if (this.streaming === true) {
      let aggregate: ChatGenerationChunk | undefined;
      for await (const chunk of this._streamResponseChunks(messages, options, runManager)) {
        aggregate = aggregate === undefined ? chunk : aggregate.concat(chunk);
      }
      if (aggregate === undefined) throw new Error('The Routify stream ended without any chunk.');
      const message = aggregate.message;
      return {
        generations: [
          {
            text: aggregate.text,
            message: new AIMessage({
              content: message.content,
              id: message.id,
              additional_kwargs: message.additional_kwargs,
              response_metadata: message.response_metadata,
              tool_calls: (message as AIMessageChunk).tool_calls,
              invalid_tool_calls: (message as AIMessageChunk).invalid_tool_calls,
              usage_metadata: (message as AIMessageChunk).usage_metadata,
            }),
          },
        ],
      };
    }
    const generation = await this.#transport.complete(this, messages, options);
    return { generations: [generation] };
  }

  /**
   * One streaming request as `ChatGenerationChunk`s (see `ChunkConverter`); after yielding each,
   * calls `handleLLMNewToken(text, { prompt, completion: 0 }, …, { chunk })` so callbacks and
   * LangGraph's "messages" stream get the whole chunk (reasoning, tool-call chunks, usage).
   */
  override async *_streamResponseChunks(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    options.signal?.throwIfAborted();
    const stream = await this.#transport.stream(this, messages, options);
    const indices = {
      prompt: (options as { promptIndex?: number }).promptIndex ?? 0,
      completion: 0,
    };
    for await (const message of streamToChunks(stream)) {
      const chunk = new ChatGenerationChunk({
        message,
        text: typeof message.content === 'string' ? message.content : '',
      });
      yield chunk;
      await runManager?.handleLLMNewToken(chunk.text, indices, undefined, undefined, undefined, {
        chunk,
      });
    }
  }

  /**
   * One streaming request as LangChain content-block events (`streamEvents()` without a version,
   * LangGraph `version: "v3"`); see `convertStreamToEvents`. With streaming disabled
   * (`streaming: false`), one JSON request replayed as events.
   */
  override async *_streamChatModelEvents(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
    _runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatModelStreamEvent> {
    options.signal?.throwIfAborted();
    if (this.disableStreaming) {
      // `streaming: false`: a JSON request, replayed as one stream.
      const completion = await this.#transport.completion(this, messages, options);
      yield* convertStreamToEvents(completionToChunks(completion));
      return;
    }
    const stream = await this.#transport.stream(this, messages, options);
    yield* convertStreamToEvents(stream);
  }
}
