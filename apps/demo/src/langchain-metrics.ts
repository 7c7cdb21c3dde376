import { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import type { AIMessage } from '@langchain/core/messages';
import type { ChatGeneration, ChatGenerationChunk, LLMResult } from '@langchain/core/outputs';
import type { StepMetrics, TokenUsage } from './step-result';
import { addUsage } from './step-result';
import { type Stopwatch, startStopwatch } from './timing';

/**
 * A LangChain callback handler that measures a step made of one or more chat-model calls (a
 * chain, an agent loop): time to the first streamed token of any call, total time, token usage
 * summed over every call (from `usage_metadata`), and the model and finish reason of the last
 * call (from `response_metadata`). Awaited by LangChain (`awaitHandlers`), so the numbers are
 * complete when the step's promise resolves.
 */
export class LangChainMetrics extends BaseCallbackHandler {
  name = 'routify-demo-metrics';
  override awaitHandlers = true;
  /** Number of chat-model calls seen. */
  calls = 0;
  /** Called with every streamed chunk (e.g. to print tool-call arguments as they arrive). */
  onChunk: ((chunk: ChatGenerationChunk) => void) | undefined;
  private readonly stopwatch: Stopwatch = startStopwatch();
  private usage: TokenUsage | null = null;
  private model: string;
  private finishReason: string | null = null;

  constructor(defaultModel: string) {
    super();
    this.model = defaultModel;
  }

  override handleChatModelStart(): void {
    this.calls += 1;
  }

  override handleLLMNewToken(
    _token: string,
    _index: unknown,
    _runId: string,
    _parentRunId?: string,
    _tags?: string[],
    fields?: { chunk?: unknown },
  ): void {
    this.stopwatch.firstToken();
    if (fields?.chunk && this.onChunk) this.onChunk(fields.chunk as ChatGenerationChunk);
  }

  override handleLLMEnd(output: LLMResult): void {
    const generation = output.generations[0]?.[0] as ChatGeneration | undefined;
    const message = generation?.message as AIMessage | undefined;
    if (!message) return;
    const usage = message.usage_metadata;
    if (usage) {
      this.usage = addUsage(this.usage, {
        input: usage.input_tokens,
        output: usage.output_tokens,
        cached: usage.input_token_details?.cache_read ?? 0,
      });
    }
    const metadata = message.response_metadata as Record<string, unknown> | undefined;
    const model = metadata?.model_name ?? metadata?.model;
    if (typeof model === 'string' && model !== '') this.model = model;
    const finishReason = metadata?.finish_reason;
    if (typeof finishReason === 'string') this.finishReason = finishReason;
  }

  /** Marks the first token by hand (for output that does not come through `handleLLMNewToken`). */
  firstToken(): void {
    this.stopwatch.firstToken();
  }

  /** Stops the clock and returns the step's metrics. */
  finish(): StepMetrics {
    return {
      model: this.model,
      ...this.stopwatch.stop(),
      usage: this.usage,
      finishReason: this.finishReason,
    };
  }
}
