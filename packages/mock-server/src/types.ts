import type { MockFaultsOption } from './faults/index';

/** What a model of the mock catalog can do; capabilities decide which parameters it accepts. */
export interface MockModelCapabilities {
  /** Accepts `tools`, `tool_choice` and `parallel_tool_calls`. */
  tools: boolean;
  /** Accepts `response_format: {type: "json_schema"}`. */
  jsonSchema: boolean;
  /** Accepts `response_format: {type: "json_object"}`. */
  jsonObject: boolean;
  /** Accepts `image_url` content parts. */
  vision: boolean;
  /**
   * Accepts `file` content parts (PDF input: `{type:"file", file:{filename?, file_data | file_id}}`).
   * Default: the value of `vision` (OpenAI takes PDFs only on models with image input).
   */
  files?: boolean;
  /** Accepts `input_audio` content parts (`{type:"input_audio", input_audio:{data, format}}`). Default false. */
  audio?: boolean;
  /** Thinks before answering: streams `reasoning_content`, accepts `reasoning_effort` / `reasoningSummary`. */
  reasoning: boolean;
  /**
   * Refuses (400) a tool-call follow-up whose assistant tool-call messages of the current turn
   * lack `reasoning_content`, as DeepSeek's thinking mode does. Default false.
   */
  requiresReasoningContent?: boolean;
}

/** One model of the mock catalog (`GET /v1/models`). */
export interface MockModel {
  /** Model id, as sent in `model`. */
  id: string;
  /** `owned_by` in the model list. */
  ownedBy: string;
  /** Upstream provider name, used in capability refusals ("Provider yandex does not support …"). */
  provider: string;
  /** `created` in the model list, Unix seconds. */
  created: number;
  capabilities: MockModelCapabilities;
  /**
   * Canned reply: every chat completion for this model gets this reply instead of the generated
   * one (framed like the mock's own replies, JSON or SSE). A string is the assistant text.
   */
  reply?: MockReplySpec | string;
}

/**
 * One request as the mock saw it. Objects are live: `clientClosed`, `status` and `completedAt`
 * are filled in while and after the response is sent.
 */
export interface RecordedRequest {
  /** HTTP method, upper case. */
  method: string;
  /** Path with query string, e.g. `/v1/chat/completions`. */
  path: string;
  /**
   * Request headers, lower-case names. `authorization` is redacted to `Bearer ***` (or `***`),
   * `api-key` / `x-api-key` to `***`: the key itself is never stored.
   */
  headers: Record<string, string>;
  /** The body parsed as JSON; the raw text when it is not JSON; `undefined` when empty. */
  body: unknown;
  /** When the request arrived, ms since the epoch (from the `now` clock). */
  receivedAt: number;
  /** The `x-request-id` the mock answered with. */
  requestId: string;
  /** Response status, once the handler produced a response. */
  status?: number;
  /** The client closed the connection (or cancelled the body) before the response ended. */
  clientClosed: boolean;
  /** When the client closed early, ms since the epoch (from the `now` clock). */
  clientClosedAt?: number;
  /** When the last byte of the response was handed to the client, ms since the epoch. */
  completedAt?: number;
  /** The faults applied to this request, normalized (`'crlf, reset; after=2'`); see README § Faults. */
  fault?: string;
}

/** A tool call in a scripted reply. */
export interface MockToolCallSpec {
  /** Tool (function) name. */
  name: string;
  /**
   * Arguments: an object is serialized with `JSON.stringify`, a string is sent as is. May be
   * left out when `fragments` is given (then it is their concatenation).
   */
  arguments?: unknown;
  /**
   * The streamed `function.arguments` pieces, one fragment per chunk (default: pieces of 8
   * characters). Their concatenation is the JSON reply's `arguments`; with both given they must
   * agree (else the hook's 500).
   */
  fragments?: string[];
  /** Tool call id; default `call_` + a hash of the request. */
  id?: string;
}

/** Token counts that override the computed usage of a scripted reply. */
export interface MockUsageSpec {
  prompt_tokens?: number;
  completion_tokens?: number;
  cached_tokens?: number;
  cache_write_tokens?: number;
  reasoning_tokens?: number;
}

/**
 * A scripted reply: framed by the mock exactly like its own (JSON or SSE as the request asks,
 * ids, usage, `[DONE]`). `error` instead returns an OpenAI error envelope with that status.
 */
export interface MockReplySpec {
  /** Assistant text (default: none when `toolCalls` are given, else the generated text). */
  content?: string | null;
  /** Reasoning text, streamed as `reasoning_content` (or `reasoningField`) deltas before the content. */
  reasoning?: string;
  /** Tool calls; `finish_reason` becomes `tool_calls`. */
  toolCalls?: MockToolCallSpec[];
  /**
   * `finish_reason` (default: `tool_calls` with tool calls, else `stop`): any string — also one
   * a client does not know — or `null` (JSON: `"finish_reason": null`; stream: no chunk carries a
   * non-null one).
   */
  finishReason?: 'stop' | 'length' | 'tool_calls' | 'content_filter' | (string & {}) | null;
  /** Leave the `finish_reason` key out of the JSON choice and of every chunk. Default false. */
  omitFinishReason?: boolean;
  /**
   * The field that carries `reasoning`, in `message` and in deltas: `reasoning_content`
   * (default; DeepSeek, the mock) or `reasoning` (OpenRouter, vLLM).
   */
  reasoningField?: 'reasoning_content' | 'reasoning';
  /**
   * Stream only: `true` sends the usage-only chunk (`choices: []`) even without
   * `stream_options.include_usage` (as some routers always do); `false` never sends it.
   * Default: as the request asks.
   */
  usageChunk?: boolean;
  /** Overrides of the computed token counts. */
  usage?: MockUsageSpec;
  /** Reply with an error envelope instead. `status` default 400. */
  error?: {
    status?: number;
    message: string;
    type?: string;
    code?: string | null;
    param?: string | null;
  };
  /** Extra response headers. */
  headers?: Record<string, string>;
}

/** What the `respond` hook receives. */
export interface MockChatRequest {
  /** The validated request body (`model`, `messages`, …, unknown keys included). */
  body: ChatRequestBody;
  /** The catalog entry of `body.model`. */
  model: MockModel;
  /** The recorded request (headers redacted). */
  record: RecordedRequest;
}

/** The `respond` hook result: a scripted reply, a text, a `Response` sent as is, or `undefined` for the default. */
export type MockRespondResult = MockReplySpec | string | Response | undefined;

/** Options of `createMockRoutify` and `startMockServer`. */
export interface MockRoutifyOptions {
  /**
   * The accepted API key. Default: any non-empty Bearer key. A missing key, or a different key
   * when set, gets a 401.
   */
  apiKey?: string;
  /** Delay before response headers, ms. Default 0. */
  latency?: number;
  /** Clock, ms since the epoch. Default `Date.now`. Drives `created`, `receivedAt` and the `date` header. */
  now?: () => number;
  /**
   * Script replies to `POST /v1/chat/completions` (called after authentication and validation).
   * Return `undefined` for the mock's own reply. May be async.
   */
  respond?: (request: MockChatRequest) => MockRespondResult | Promise<MockRespondResult>;
  /**
   * The catalog: an array of models merged over the defaults by `id` (same id replaces, new id
   * adds), or a function from the defaults to the catalog to use.
   */
  models?: MockModel[] | ((defaults: MockModel[]) => MockModel[]);
  /**
   * Prompt caching: a prompt of at least this many tokens writes its uncached part to the cache
   * (`cache_write_tokens`). Default 1024.
   */
  cacheWriteThreshold?: number;
  /**
   * Faults on demand (README, "Faults"): rules or a function choosing a fault list per request.
   * An `x-mock-fault` request header overrides it.
   */
  faults?: MockFaultsOption;
}

/** Options of `startMockServer`: the handler options plus where to listen. */
export interface MockServerOptions extends MockRoutifyOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind. Default `127.0.0.1`. */
  host?: string;
}

/** A chat completion request body as the mock reads it (unknown keys are kept). */
export interface ChatRequestBody {
  model: string;
  messages: ChatMessage[];
  stream?: boolean;
  [key: string]: unknown;
}

/** One message of `messages`. */
export interface ChatMessage {
  role: 'system' | 'developer' | 'user' | 'assistant' | 'tool';
  content?: string | ContentPart[] | null;
  name?: string;
  tool_calls?: WireToolCall[];
  tool_call_id?: string;
  reasoning_content?: string;
  [key: string]: unknown;
}

/** A content part of a message. */
export type ContentPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string; detail?: string } }
  | { type: 'file'; file: { filename?: string; file_data?: string; file_id?: string } }
  | { type: 'input_audio'; input_audio: { data: string; format: 'wav' | 'mp3' } }
  | { type: string; [key: string]: unknown };

/** A tool call on the wire. */
export interface WireToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/**
 * A reply before it is rendered to bytes. `json`: a JSON body. `sse`: chunk objects, each sent
 * as `data: <json>\n\n`; a string event is sent as `data: <string>\n\n` (the last one is the
 * `'[DONE]'` marker).
 */
export type MockReply =
  | { status: number; headers: Record<string, string>; kind: 'json'; body: unknown }
  | { status: number; headers: Record<string, string>; kind: 'sse'; events: unknown[] };

/** Live state of one mock (shared by its handler and server); `reset()` clears it. */
export interface MockServerState {
  /** Every request since the last `reset()`, in arrival order. */
  readonly requests: RecordedRequest[];
  /** The resolved catalog. */
  readonly models: readonly MockModel[];
  /** The clock. */
  now(): number;
  /**
   * Scratch space for extensions (faults use it for "fail N times" counters); cleared by
   * `reset()`.
   */
  readonly store: Map<string, unknown>;
}

/**
 * Takes over rendering of a reply: return a `Response` to send instead, or `undefined` for the
 * normal rendering. Used by `src/faults/`.
 */
export type MockReplyTransform = (
  reply: MockReply,
  request: RecordedRequest,
  state: MockServerState,
  /** Aborts when the client goes away (ends fault delays and stalls early). */
  signal?: AbortSignal,
) => Response | Promise<Response> | undefined;
