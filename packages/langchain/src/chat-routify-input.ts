import type {
  BaseChatModelCallOptions,
  BaseChatModelParams,
  BindToolsInput,
} from '@langchain/core/language_models/chat_models';
import type { ReasoningEffort, ReasoningSummary, Verbosity } from '@routify/core';

/** Reasoning effort for reasoning models (wire `reasoning_effort`): `low` | `medium` | `high` | `xhigh`. */
export type RoutifyReasoningEffort = ReasoningEffort;

/** Answer length hint (wire `verbosity`): `low` | `medium` | `high`. */
export type RoutifyVerbosity = Verbosity;

/** Reasoning summary style (wire `reasoningSummary`, sent in camelCase exactly so): `auto` | `detail` | `concise`. */
export type RoutifyReasoningSummary = ReasoningSummary;

/**
 * A `tool_choice` as ChatRoutify accepts it: `'auto'`, `'none'`, `'required'`, `'any'` (sent as
 * `'required'`), a tool name (sent as `{ type: 'function', function: { name } }`), or an
 * OpenAI-format object sent as is.
 */
export type RoutifyToolChoice =
  | 'auto'
  | 'none'
  | 'required'
  | 'any'
  | (string & {})
  | { type: 'function'; function: { name: string } }
  | Record<string, unknown>;

/**
 * Settings shared by the constructor and the call options of {@link ChatRoutify}: anything set
 * per call (`invoke(input, { temperature })`, `withConfig`, `bindTools(tools, kwargs)`) overrides
 * the constructor value for that request. Unset values are left out of the request body.
 */
export interface ChatRoutifyRequestSettings {
  /** Sampling temperature, 0–2 (wire `temperature`). Unset: the model's default. */
  temperature?: number;
  /** Upper bound on generated tokens (wire `max_tokens`). Unset: the model's default. */
  maxTokens?: number;
  /** Nucleus sampling, 0–1 (wire `top_p`). Unset: the model's default. */
  topP?: number;
  /** Reasoning effort for reasoning models (wire `reasoning_effort`); never gated by model name. */
  reasoningEffort?: RoutifyReasoningEffort;
  /** Answer verbosity (wire `verbosity`). */
  verbosity?: RoutifyVerbosity;
  /** Reasoning summary style (wire `reasoningSummary`). */
  reasoningSummary?: RoutifyReasoningSummary;
  /**
   * Whether streaming requests ask for a final usage chunk (`stream_options.include_usage`).
   * Default `true`. Turn it off only for an upstream that rejects `stream_options`.
   */
  streamUsage?: boolean;
}

/**
 * Constructor fields of {@link ChatRoutify}, in LangChain's camelCase.
 *
 * Everything is optional: `new ChatRoutify()` talks to `gpt-4.1` with the key from
 * `ROUTIFY_API_KEY` and the base URL from `ROUTIFY_BASE_URL` (else `https://api.routify.ru/v1`).
 */
export interface ChatRoutifyInput extends BaseChatModelParams, ChatRoutifyRequestSettings {
  /** Model id as listed by `GET /v1/models`. Default `'gpt-4.1'`. */
  model?: string;
  /** @deprecated Use `model`. */
  modelName?: string;
  /**
   * Routify API key. Default: `configuration.apiKey`, else the `ROUTIFY_API_KEY` environment
   * variable. Never serialized, never an own property of the model.
   */
  apiKey?: string;
  /** API base URL. Default `ROUTIFY_BASE_URL`, else `https://api.routify.ru/v1`. */
  baseURL?: string;
  /**
   * Client settings in `ChatOpenAI`'s shape, each read when the top-level field is unset:
   * `apiKey` (never serialized), `baseURL`, `defaultHeaders`, `fetch`.
   */
  configuration?: {
    apiKey?: string;
    baseURL?: string;
    defaultHeaders?: Record<string, string>;
    fetch?: typeof fetch;
  };
  /** Stop sequences (wire `stop`, up to 4). */
  stop?: string[];
  /** Alias of `stop` (`ChatOpenAI`'s name). */
  stopSequences?: string[];
  /**
   * `true`: `invoke()` streams internally (same result, one request with `stream: true`).
   * `false` (explicit): streaming disabled, `stream()` yields the whole answer as one chunk.
   * Unset: `invoke()` does not stream, `stream()` streams.
   */
  streaming?: boolean;
  /** Milliseconds to wait for the response headers, per attempt (core `timeout`). Default 600 000. */
  timeout?: number;
  /** Milliseconds allowed between two body reads of a stream (core `idleTimeout`). Default: `timeout`. */
  idleTimeout?: number;
  /** Retries by LangChain's caller on retryable errors (429, 5xx, network). Default 2. */
  maxRetries?: number;
  /** Extra request-body fields, spread last (they override everything else). */
  modelKwargs?: Record<string, unknown>;
  /** Headers added to every request. */
  defaultHeaders?: Record<string, string>;
  /** A `fetch` implementation for the HTTP client (tests, proxies, edge runtimes). */
  fetch?: typeof fetch;
}

/**
 * Call options of {@link ChatRoutify} (`invoke(input, options)`, `withConfig`, `bindTools` kwargs).
 *
 * Besides LangChain's standard options (`stop`, `signal`, `timeout` as a total deadline in ms,
 * `maxRetries`, `tool_choice`, callbacks…), every request setting may be overridden per call.
 * Any other snake_case key (`response_format`, `parallel_tool_calls`, `seed`, `user`, …) is sent in
 * the request body as is; other camelCase keys are ignored, because LangChain and `createAgent`
 * put their own keys there (`outputConfig`, `promptIndex`…). Use `modelKwargs` for anything else.
 */
export interface ChatRoutifyCallOptions
  extends BaseChatModelCallOptions,
    ChatRoutifyRequestSettings {
  /** Tools the model may call; any `bindTools` input kind. */
  tools?: BindToolsInput[];
  /** Which tool the model must call: `'auto'`, `'none'`, `'required'`, `'any'`, a tool name or an object. */
  tool_choice?: RoutifyToolChoice;
  /** Sets `strict` on every converted tool. */
  strict?: boolean;
  /** Wire `response_format` (`{ type: 'json_object' }` or `{ type: 'json_schema', json_schema }`). */
  response_format?: Record<string, unknown>;
  /** Wire `parallel_tool_calls`. */
  parallel_tool_calls?: boolean;
  /** Wire `stream_options`; overrides what `streamUsage` would send. */
  stream_options?: Record<string, unknown>;
  /** Wire `seed`. */
  seed?: number;
  /** Wire `user`. */
  user?: string;
  /** Extra request-body fields for this call, spread last (merged over the constructor's). */
  modelKwargs?: Record<string, unknown>;
  /** Extra headers for this request. */
  headers?: Record<string, string>;
}
