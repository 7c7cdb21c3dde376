import type { BaseLanguageModelInput } from '@langchain/core/language_models/base';
import type { ChatModelStream } from '@langchain/core/language_models/stream';
import type { AIMessageChunk } from '@langchain/core/messages';
import { mergeConfigs, RunnableBinding } from '@langchain/core/runnables';
import type { StreamEvent } from '@langchain/core/tracers/log_stream';
import type { IterableReadableStream } from '@langchain/core/utils/stream';
import type { ChatRoutifyCallOptions } from './chat-routify-input';

/** What the binding needs from the model it wraps: the content-block `streamEvents`. */
interface StreamEventsModel {
  streamEvents(
    input: BaseLanguageModelInput,
    options?: Partial<ChatRoutifyCallOptions>,
  ): ChatModelStream;
}

/**
 * The runnable `ChatRoutify.bindTools()` and `withConfig()` return: LangChain's
 * `RunnableBinding` (so LangGraph's `createReactAgent` still reads the bound tools from
 * `config.tools`), plus the chat model's content-block `streamEvents(input, options?)` without a
 * `version`. LangChain's own binding only knows the legacy `version: "v1" | "v2"` events and
 * throws a `TypeError` ("reading 'version'") without options; this one merges its bound call
 * options (tools, `tool_choice`, …) with the call's and returns the model's `ChatModelStream`.
 * With a `version`, the legacy events as before.
 */
export class ChatRoutifyBinding extends RunnableBinding<
  BaseLanguageModelInput,
  AIMessageChunk,
  ChatRoutifyCallOptions
> {
  /** Binds more call options (merged over this binding's), keeping a {@link ChatRoutifyBinding}. */
  override withConfig(config: Partial<ChatRoutifyCallOptions>): ChatRoutifyBinding {
    return new ChatRoutifyBinding({
      bound: this.bound,
      kwargs: this.kwargs,
      config: { ...this.config, ...config },
    });
  }

  override streamEvents(
    input: BaseLanguageModelInput,
    options: Partial<ChatRoutifyCallOptions> & { version: 'v1' | 'v2' },
    streamOptions?: Record<string, unknown>,
  ): IterableReadableStream<StreamEvent>;
  override streamEvents(
    input: BaseLanguageModelInput,
    options: Partial<ChatRoutifyCallOptions> & {
      version: 'v1' | 'v2';
      encoding: 'text/event-stream';
    },
    streamOptions?: Record<string, unknown>,
  ): IterableReadableStream<Uint8Array>;
  override streamEvents(
    input: BaseLanguageModelInput,
    options?: Partial<ChatRoutifyCallOptions>,
  ): ChatModelStream;
  override streamEvents(
    input: BaseLanguageModelInput,
    options?: Partial<ChatRoutifyCallOptions> & { version?: 'v1' | 'v2'; encoding?: string },
    streamOptions?: Record<string, unknown>,
  ): IterableReadableStream<StreamEvent> | IterableReadableStream<Uint8Array> | ChatModelStream {
    if (options?.version === 'v1' || options?.version === 'v2') {
      return super.streamEvents(input, options as never, streamOptions);
    }
    const merged = mergeConfigs<ChatRoutifyCallOptions>(
      this.config as ChatRoutifyCallOptions,
      options,
      this.kwargs as ChatRoutifyCallOptions,
    );
    return (this.bound as unknown as StreamEventsModel).streamEvents(input, merged);
  }
}
