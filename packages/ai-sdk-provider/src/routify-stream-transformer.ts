import {
  InvalidResponseDataError,
  type JSONObject,
  type LanguageModelV4FinishReason,
  type LanguageModelV4StreamPart,
  type SharedV4Warning,
} from '@ai-sdk/provider';
import { createProviderStreamError, generateId as defaultGenerateId } from '@ai-sdk/provider-utils';
import { convertRoutifyContent } from './convert-routify-content';
import { convertRoutifyUsage } from './convert-routify-usage';
import { mapRoutifyFinishReason } from './map-routify-finish-reason';
import type {
  RoutifyChatCompletionChunk,
  RoutifyToolCallDelta,
  RoutifyUsage,
} from './routify-api-types';
import { toolArgumentsText } from './tool-arguments-text';

interface TrackedToolCall {
  /** The wire index (or the position, for index-less fragments). */
  index: number;
  /** The id used in the stream parts, once the call has started. */
  id: string | undefined;
  wireId: string | undefined;
  name: string | undefined;
  /** Every `function.arguments` fragment concatenated. */
  arguments: string;
  /** Whether `tool-input-start` was emitted (it waits for the name). */
  started: boolean;
}

/** How a stream that did not end properly failed. */
export type RoutifyStreamFailure = {
  /** The payload of the `error` part (an `APICallError` or a provider stream error object). */
  error: unknown;
  /**
   * `error`: the server reported an error in the stream. `interrupted`: the stream was cut
   * (clean end or connection loss) before a finish reason.
   */
  reason: 'error' | 'interrupted';
};

/**
 * Turns Routify chat-completion chunks into `LanguageModelV4StreamPart`s (the stream-part
 * protocol of `@ai-sdk/provider` 4.0.38), in order:
 *
 * 1. `stream-start` with the call's warnings; one `response-metadata` (id, model, `created` as a
 *    Date) from the first chunk that has any; a `raw` part per chunk when `includeRawChunks`.
 * 2. Reasoning (`reasoning_content`, else `reasoning`) and text (`content`, `refusal`) as blocks
 *    with stable ids (`reasoning-0`, `text-0`, …); a reasoning block is closed before text or a
 *    tool input starts, and text is closed before a tool input starts.
 * 3. Tool calls merged by `index` (a named fragment with a new id at a used index starts a new
 *    call; fragments without an index continue the call with their id, else the latest):
 *    `tool-input-start` once the name is known (it may arrive after the id and some arguments),
 *    `tool-input-delta` per non-empty fragment, and, only when the stream ended properly,
 *    `tool-input-end` + `tool-call` (empty arguments → `{}`). A repeated fragment after
 *    completion (an empty delta, or the whole arguments again) is ignored; a call cut by a
 *    failure is never turned into a `tool-call`.
 * 4. Exactly one `finish`, last: the mapped finish reason `{unified, raw}` (missing or unknown
 *    with tool calls → `tool-calls`; missing without tool calls, even after `[DONE]` → an
 *    `error` part and `error`; a raw `error` also gets an `error` part), the last usage chunk
 *    seen, and `providerMetadata`.
 *
 * Call `start()`, then `chunk()` per chunk, then either `end()` (the stream ended properly) or
 * `fail()` (it did not: an `error` part, then `finish` with unified `error` or `interrupted`).
 */
export class RoutifyStreamTransformer {
  private readonly enqueue: (part: LanguageModelV4StreamPart) => void;
  private readonly warnings: SharedV4Warning[];
  private readonly includeRawChunks: boolean;
  private readonly providerName: string;
  private readonly generateId: () => string;
  private readonly metadata: JSONObject;

  private metadataSent = false;
  private usage: RoutifyUsage | undefined;
  private rawFinishReason: string | undefined;
  private hasRefusal = false;
  private textId: string | undefined;
  private reasoningId: string | undefined;
  private blockCount = { text: 0, reasoning: 0 };
  private readonly toolCalls: TrackedToolCall[] = [];
  private readonly usedToolCallIds = new Set<string>();
  private finished = false;

  constructor(options: {
    enqueue: (part: LanguageModelV4StreamPart) => void;
    warnings: SharedV4Warning[];
    includeRawChunks?: boolean;
    /** The `providerMetadata` key (the provider's `name`). */
    providerName: string;
    /** Extra `providerMetadata[providerName]` entries for `finish` (e.g. the request id). */
    metadata?: JSONObject;
    /** Ids for tool calls that arrive without one (or with a repeated one). */
    generateId?: () => string;
  }) {
    this.enqueue = options.enqueue;
    this.warnings = options.warnings;
    this.includeRawChunks = options.includeRawChunks ?? false;
    this.providerName = options.providerName;
    this.metadata = options.metadata ?? {};
    this.generateId = options.generateId ?? defaultGenerateId;
  }

  /** Emits `stream-start` with the warnings. */
  start(): void {
    this.enqueue({ type: 'stream-start', warnings: this.warnings });
  }

  /** Processes one chunk (first choice only). */
  chunk(chunk: RoutifyChatCompletionChunk): void {
    if (this.finished) return;
    if (this.includeRawChunks) this.enqueue({ type: 'raw', rawValue: chunk });
    if (!this.metadataSent && (chunk.id || chunk.model || chunk.created)) {
      this.metadataSent = true;
      this.enqueue({
        type: 'response-metadata',
        ...(chunk.id ? { id: chunk.id } : {}),
        ...(chunk.model ? { modelId: chunk.model } : {}),
        ...(chunk.created ? { timestamp: new Date(chunk.created * 1000) } : {}),
      });
    }
    if (chunk.usage != null) this.usage = chunk.usage;
    const choice = chunk.choices?.find((candidate) => (candidate.index ?? 0) === 0);
    if (choice == null) return;
    const delta = choice.delta;
    if (delta != null) {
      // `||`, not `??`: an empty `reasoning_content` may sit next to a filled `reasoning`
      const reasoning = delta.reasoning_content || delta.reasoning;
      if (reasoning) this.reasoningDelta(reasoning);
      for (const piece of convertRoutifyContent(delta.content)) {
        if (piece.type === 'text') this.textDelta(piece.text);
        else this.reasoningDelta(piece.text);
      }
      if (delta.refusal) {
        this.hasRefusal = true;
        this.textDelta(delta.refusal);
      }
      for (const toolCallDelta of delta.tool_calls ?? []) this.toolCallDelta(toolCallDelta);
    }
    if (choice.finish_reason != null) this.rawFinishReason = choice.finish_reason;
  }

  /**
   * The stream ended properly (`[DONE]`, or a finish reason then a clean end): closes open
   * blocks, completes every named tool call and emits `finish`. A tool call that never got a
   * name but has arguments cannot be called: it gives an `error` part and the finish reason
   * `error` (a nameless fragment without arguments is ignored).
   */
  end(): void {
    if (this.finished) return;
    this.closeReasoning();
    this.closeText();
    let unnamed = false;
    for (const toolCall of this.toolCalls) {
      if (!toolCall.started || toolCall.id == null || toolCall.name == null) {
        // a stray fragment with neither name nor arguments (some servers repeat an empty
        // delta after the calls) carries nothing to call
        if (toolCall.arguments.trim() === '') continue;
        unnamed = true;
        this.enqueue({
          type: 'error',
          error: new InvalidResponseDataError({
            data: { index: toolCall.index, id: toolCall.wireId, arguments: toolCall.arguments },
            message: `Routify streamed a tool call (index ${toolCall.index}) without a function name; it cannot be called.`,
          }),
        });
        continue;
      }
      this.enqueue({ type: 'tool-input-end', id: toolCall.id });
      this.enqueue({
        type: 'tool-call',
        toolCallId: toolCall.id,
        toolName: toolCall.name,
        input: toolCall.arguments.trim() === '' ? '{}' : toolCall.arguments,
      });
    }
    const hasToolCalls = this.toolCalls.some((toolCall) => toolCall.started);
    const raw = this.rawFinishReason;
    if (raw === 'error' || raw === 'insufficient_system_resource') {
      // routers end a choice with `error` when the upstream failed mid-answer, DeepSeek with
      // `insufficient_system_resource` when its servers are overloaded: the text may be cut
      this.enqueue({
        type: 'error',
        error: createProviderStreamError({
          message: `Routify ended the response with finish_reason "${raw}": the upstream provider failed mid-answer.`,
          type: 'upstream_error',
          isRetryable: true,
          data: { finish_reason: raw },
        }),
      });
    }
    // `[DONE]` without any finish reason: the server never said the answer was complete (it may
    // be cut), so it is not reported as a success (vercel/ai#19165); tool calls report
    // `tool-calls` instead (some upstreams omit the reason after them)
    const noFinishReason = this.rawFinishReason == null && !hasToolCalls && !unnamed;
    if (noFinishReason) {
      this.enqueue({
        type: 'error',
        error: new InvalidResponseDataError({
          data: undefined,
          message:
            'Routify ended the stream without a finish reason: the answer may be incomplete.',
        }),
      });
    }
    this.finish({
      unified:
        unnamed || noFinishReason
          ? 'error'
          : mapRoutifyFinishReason(this.rawFinishReason, {
              hasToolCalls,
              hasRefusal: this.hasRefusal,
            }),
      raw: this.rawFinishReason,
    });
  }

  /**
   * The stream failed. When a finish reason had already arrived (only the tail, e.g. the usage
   * chunk, was lost), open blocks are closed and the error part is followed by the normal end.
   * Otherwise open text and reasoning blocks are closed, started tool calls are abandoned (never
   * called), and `error` is followed by `finish` with unified `reason`.
   */
  fail({ error, reason }: RoutifyStreamFailure): void {
    if (this.finished) return;
    this.closeReasoning();
    this.closeText();
    this.enqueue({ type: 'error', error });
    if (this.rawFinishReason != null && reason === 'interrupted') {
      this.end();
      return;
    }
    this.finish({ unified: reason, raw: this.rawFinishReason });
  }

  private finish(finishReason: LanguageModelV4FinishReason): void {
    this.finished = true;
    const details = this.usage?.completion_tokens_details;
    const metadata: JSONObject = { ...this.metadata };
    if (details?.accepted_prediction_tokens != null)
      metadata.acceptedPredictionTokens = details.accepted_prediction_tokens;
    if (details?.rejected_prediction_tokens != null)
      metadata.rejectedPredictionTokens = details.rejected_prediction_tokens;
    this.enqueue({
      type: 'finish',
      finishReason,
      usage: convertRoutifyUsage(this.usage),
      providerMetadata: { [this.providerName]: metadata },
    });
  }

  private reasoningDelta(delta: string): void {
    this.closeText();
    if (this.reasoningId == null) {
      this.reasoningId = `reasoning-${this.blockCount.reasoning++}`;
      this.enqueue({ type: 'reasoning-start', id: this.reasoningId });
    }
    this.enqueue({ type: 'reasoning-delta', id: this.reasoningId, delta });
  }

  private textDelta(delta: string): void {
    this.closeReasoning();
    if (this.textId == null) {
      this.textId = `text-${this.blockCount.text++}`;
      this.enqueue({ type: 'text-start', id: this.textId });
    }
    this.enqueue({ type: 'text-delta', id: this.textId, delta });
  }

  private closeReasoning(): void {
    if (this.reasoningId == null) return;
    this.enqueue({ type: 'reasoning-end', id: this.reasoningId });
    this.reasoningId = undefined;
  }

  private closeText(): void {
    if (this.textId == null) return;
    this.enqueue({ type: 'text-end', id: this.textId });
    this.textId = undefined;
  }

  private findToolCall(delta: RoutifyToolCallDelta): TrackedToolCall | undefined {
    if (delta.index != null) {
      const byIndex = this.toolCalls.filter((toolCall) => toolCall.index === delta.index).at(-1);
      // some upstreams give every parallel call index 0: a named fragment with another wire id
      // starts a new call
      const starts = Boolean(delta.id && delta.function?.name?.trim());
      if (starts && byIndex?.wireId != null && delta.id !== byIndex.wireId) return undefined;
      return byIndex;
    }
    if (delta.id) return this.toolCalls.find((toolCall) => toolCall.wireId === delta.id);
    // neither index nor id: a continuation of the latest call
    return this.toolCalls.at(-1);
  }

  private toolCallDelta(delta: RoutifyToolCallDelta): void {
    const name = delta.function?.name?.trim() ? delta.function.name : undefined;
    const fragment = toolArgumentsText(delta.function?.arguments);
    let toolCall = this.findToolCall(delta);
    if (toolCall == null) {
      toolCall = {
        index: delta.index ?? this.toolCalls.length,
        id: undefined,
        wireId: delta.id || undefined,
        name,
        arguments: '',
        started: false,
      };
      this.toolCalls.push(toolCall);
    } else {
      toolCall.wireId ??= delta.id || undefined;
      toolCall.name ??= name;
      // a repeat of the complete arguments (some backends resend them with the finish reason)
      if (
        fragment.trimStart().startsWith('{') &&
        fragment === toolCall.arguments &&
        isCompleteJson(fragment)
      )
        return;
    }
    toolCall.arguments += fragment;

    if (!toolCall.started) {
      if (toolCall.name == null) return; // buffer until the name arrives
      this.closeReasoning();
      this.closeText();
      toolCall.id = this.uniqueToolCallId(toolCall.wireId);
      toolCall.started = true;
      this.enqueue({ type: 'tool-input-start', id: toolCall.id, toolName: toolCall.name });
      if (toolCall.arguments !== '') {
        this.enqueue({ type: 'tool-input-delta', id: toolCall.id, delta: toolCall.arguments });
      }
      return;
    }
    if (fragment !== '' && toolCall.id != null) {
      this.enqueue({ type: 'tool-input-delta', id: toolCall.id, delta: fragment });
    }
  }

  private uniqueToolCallId(wireId: string | undefined): string {
    let id = wireId && !this.usedToolCallIds.has(wireId) ? wireId : this.generateId();
    while (this.usedToolCallIds.has(id)) id = this.generateId();
    this.usedToolCallIds.add(id);
    return id;
  }
}

function isCompleteJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
