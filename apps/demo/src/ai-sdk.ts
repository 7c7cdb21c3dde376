import { createRoutify } from '@routify/ai-sdk-provider';
import {
  Output as AiOutput,
  isStepCount,
  type LanguageModelUsage,
  streamText,
  type TextStreamPart,
  type ToolSet,
  tool,
} from 'ai';
import type { DemoContext } from './demo-context';
import {
  fahrenheitTool,
  type ReportedToolCall,
  type ReportedToolResult,
  TOOL_PROMPT,
  weatherTool,
} from './demo-tools';
import type { Output, StreamPrinter } from './output';
import { SectionRecorder, type StepOutcome } from './section-recorder';
import type { SectionResult, TokenUsage } from './step-result';
import { BOOK_PROMPT, bookSchema } from './structured-schema';
import { type Stopwatch, startStopwatch } from './timing';

/** The prompts of the AI SDK section. */
export const AI_SDK_PROMPTS = {
  text: 'Write one sentence about streaming with the Vercel AI SDK.',
  reasoning: 'Is 1009 a prime number? Think it through, then answer in one line.',
} as const;

/** AI SDK usage → the demo's token counts (`null` when the provider reported none). */
export function fromAiUsage(usage: LanguageModelUsage | undefined): TokenUsage | null {
  if (!usage || (usage.inputTokens === undefined && usage.outputTokens === undefined)) return null;
  return {
    input: usage.inputTokens ?? 0,
    output: usage.outputTokens ?? 0,
    cached: usage.inputTokenDetails?.cacheReadTokens ?? 0,
  };
}

/** What one `streamText` run delivered, read from its `fullStream`. */
interface StreamedRun {
  text: string;
  reasoning: string;
  toolCalls: ReportedToolCall[];
  toolResults: ReportedToolResult[];
  steps: number;
  finishReason: string | null;
  usage: TokenUsage | null;
  /** Output tokens spent on reasoning, when the provider reported them. */
  reasoningTokens: number | null;
}

const compact = (value: unknown): string => JSON.stringify(value);

/**
 * Reads a `streamText` full stream: prints text and reasoning deltas as they arrive (reasoning
 * apart), each tool call and tool result on its own line, and throws the first `error` part (the
 * AI SDK reports failures as parts, not as a rejected stream).
 */
async function readFullStream<TOOLS extends ToolSet>(
  stream: AsyncIterable<TextStreamPart<TOOLS>>,
  printer: StreamPrinter,
  stopwatch: Stopwatch,
  output: Output,
): Promise<StreamedRun> {
  const run: StreamedRun = {
    text: '',
    reasoning: '',
    toolCalls: [],
    toolResults: [],
    steps: 0,
    finishReason: null,
    usage: null,
    reasoningTokens: null,
  };
  const { cyan, green } = output.colors;
  for await (const part of stream) {
    switch (part.type) {
      case 'text-delta':
        stopwatch.firstToken();
        run.text += part.text;
        printer.write(part.text, 'text');
        break;
      case 'reasoning-delta':
        stopwatch.firstToken();
        run.reasoning += part.text;
        printer.write(part.text, 'reasoning');
        break;
      case 'tool-input-start':
        stopwatch.firstToken();
        break;
      case 'tool-call':
        run.toolCalls.push({ name: part.toolName, args: part.input });
        printer.line(cyan(`→ ${part.toolName}(${compact(part.input)})`));
        break;
      case 'tool-result':
        run.toolResults.push({ name: part.toolName, result: part.output });
        printer.line(green(`← ${part.toolName}: ${compact(part.output)}`));
        break;
      case 'tool-error':
        throw part.error;
      case 'finish-step':
        run.steps += 1;
        if (part.finishReason === 'tool-calls') printer.wait('waiting for the next step…');
        break;
      case 'finish':
        run.finishReason = part.finishReason;
        run.usage = fromAiUsage(part.totalUsage);
        run.reasoningTokens = part.totalUsage.outputTokenDetails?.reasoningTokens ?? null;
        break;
      case 'error':
        throw part.error;
      case 'abort':
        throw new Error(`The stream was aborted${part.reason ? `: ${part.reason}` : ''}.`);
      default:
        break;
    }
  }
  printer.end();
  return run;
}

/**
 * Section 3, the Vercel AI SDK with `@routify/ai-sdk-provider`: `streamText`, a tool loop ended by
 * `stopWhen`, structured output with a zod schema, and a reasoning model whose reasoning is
 * printed apart from its answer.
 */
export async function runAiSdkSection(context: DemoContext): Promise<SectionResult> {
  const { output } = context;
  const section = new SectionRecorder(
    'ai-sdk',
    '3. @routify/ai-sdk-provider — Vercel AI SDK',
    output,
  );
  const routify = createRoutify({ apiKey: context.apiKey, baseURL: context.baseURL });
  // streamText reports failures as `error` parts (thrown by readFullStream); its default
  // onError would print them a second time.
  const onError = () => {};
  const timeout = { firstChunkMs: context.timeoutMs, chunkMs: context.timeoutMs };

  /** Starts a `streamText` run, prints its full stream, and measures it. */
  const measure = async <
    TOOLS extends ToolSet,
    RESULT extends {
      fullStream: AsyncIterable<TextStreamPart<TOOLS>>;
      response: PromiseLike<{ modelId: string }>;
    },
  >(
    start: () => RESULT,
    model: string,
  ): Promise<{ run: StreamedRun; result: RESULT; metrics: StepOutcome['metrics'] }> => {
    const stopwatch = startStopwatch();
    const result = start();
    const printer = output.startStream();
    const run = await readFullStream(result.fullStream, printer, stopwatch, output);
    const response = await result.response;
    return {
      run,
      result,
      metrics: {
        model: response.modelId || model,
        ...stopwatch.stop(),
        usage: run.usage,
        finishReason: run.finishReason,
      },
    };
  };

  await section.step(
    {
      id: 'stream-text',
      label: 'streamText',
      title: `streamText({ model: routify('${context.model}') })`,
    },
    async () => {
      output.detail(output.colors.dim(`prompt: ${AI_SDK_PROMPTS.text}`));
      const { run, metrics } = await measure(
        () =>
          streamText({
            model: routify(context.model),
            prompt: AI_SDK_PROMPTS.text,
            onError,
            timeout,
          }),
        context.model,
      );
      return { metrics, data: { prompt: AI_SDK_PROMPTS.text, text: run.text } };
    },
  );

  await section.step(
    {
      id: 'tool-loop',
      label: 'tool loop',
      title: 'streamText with two tools and stopWhen: isStepCount(5)',
    },
    async () => {
      output.detail(output.colors.dim(`prompt: ${TOOL_PROMPT}`));
      const tools = {
        [weatherTool.name]: tool({
          description: weatherTool.description,
          inputSchema: weatherTool.schema,
          execute: async (input) => weatherTool.run(input),
        }),
        [fahrenheitTool.name]: tool({
          description: fahrenheitTool.description,
          inputSchema: fahrenheitTool.schema,
          execute: async (input) => fahrenheitTool.run(input),
        }),
      };
      const { run, metrics } = await measure(
        () =>
          streamText({
            model: routify(context.model),
            tools,
            stopWhen: isStepCount(5),
            prompt: TOOL_PROMPT,
            onError,
            timeout,
          }),
        context.model,
      );
      return {
        metrics,
        data: {
          prompt: TOOL_PROMPT,
          modelCalls: run.steps,
          toolCalls: run.toolCalls,
          toolResults: run.toolResults,
          text: run.text,
        },
      };
    },
  );

  await section.step(
    {
      id: 'structured-output',
      label: 'Output.object',
      title: 'streamText with output: Output.object({ schema: zodSchema })',
    },
    async () => {
      output.detail(output.colors.dim(`prompt: ${BOOK_PROMPT}`));
      const { result, metrics } = await measure(
        () =>
          streamText({
            model: routify(context.model),
            output: AiOutput.object({ schema: bookSchema }),
            prompt: BOOK_PROMPT,
            onError,
            timeout,
          }),
        context.model,
      );
      // Read only after the stream succeeded: a failed stream rejects `output` as well.
      const parsed = await result.output;
      output.detail(output.colors.green('✓ parsed and validated against the zod schema'));
      return { metrics, data: { prompt: BOOK_PROMPT, object: parsed } };
    },
  );

  await section.step(
    {
      id: 'reasoning',
      label: 'reasoning',
      title: `streamText({ model: routify('${context.reasoningModel}') }) — reasoning apart from the answer`,
    },
    async () => {
      output.detail(output.colors.dim(`prompt: ${AI_SDK_PROMPTS.reasoning}`));
      const { run, metrics } = await measure(
        () =>
          streamText({
            model: routify(context.reasoningModel),
            prompt: AI_SDK_PROMPTS.reasoning,
            reasoning: 'medium',
            onError,
            timeout,
          }),
        context.reasoningModel,
      );
      if (run.reasoning === '') {
        // Some upstreams reason without returning the text: say so rather than show nothing.
        output.detail(
          output.colors.dim(
            `(no reasoning text came back; reasoning tokens: ${run.reasoningTokens ?? 'not reported'})`,
          ),
        );
      }
      return {
        metrics,
        data: {
          prompt: AI_SDK_PROMPTS.reasoning,
          reasoning: run.reasoning,
          reasoningTokens: run.reasoningTokens,
          text: run.text,
        },
      };
    },
  );

  return section.result();
}
