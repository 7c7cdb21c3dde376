import { type ChatCompletionChunk, Routify } from '@routify/core';
import { type DemoContext, REQUEST_TIMEOUT_MS } from './demo-context';
import type { StreamPrinter } from './output';
import { SectionRecorder, type StepOutcome } from './section-recorder';
import type { SectionResult, TokenUsage } from './step-result';
import { startStopwatch } from './timing';

/** The prompts of the two streamed completions. */
export const CORE_PROMPTS = {
  russian: 'Объясни в двух предложениях, зачем нужен маршрутизатор LLM.',
  english: 'In two sentences, why would an app use an LLM router?',
} as const;

/** Wire usage (`prompt_tokens`, …) → the demo's token counts. */
export function fromWireUsage(usage: ChatCompletionChunk['usage']): TokenUsage | null {
  if (!usage) return null;
  return {
    input: usage.prompt_tokens,
    output: usage.completion_tokens,
    cached: usage.prompt_tokens_details?.cached_tokens ?? 0,
  };
}

async function streamCompletion(
  client: Routify,
  context: DemoContext,
  prompt: string,
  printer: StreamPrinter,
): Promise<StepOutcome> {
  const stopwatch = startStopwatch();
  const stream = await client.chat.completions.create({
    model: context.model,
    messages: [{ role: 'user', content: prompt }],
    stream: true,
    stream_options: { include_usage: true },
  });
  let text = '';
  let model = context.model;
  let finishReason: string | null = null;
  let usage: TokenUsage | null = null;
  let chunks = 0;
  for await (const chunk of stream) {
    chunks += 1;
    if (chunk.model) model = chunk.model;
    if (chunk.usage) usage = fromWireUsage(chunk.usage);
    const choice = chunk.choices[0];
    if (!choice) continue;
    const delta = choice.delta?.content ?? '';
    if (delta !== '') {
      stopwatch.firstToken();
      text += delta;
      printer.write(delta);
    }
    if (choice.finish_reason) finishReason = choice.finish_reason;
  }
  printer.end();
  const timing = stopwatch.stop();
  return {
    metrics: { model, ...timing, usage, finishReason },
    data: { prompt, text, chunks },
  };
}

/**
 * Section 1, plain TypeScript with `@routify/core`: lists the models, then streams a completion
 * in Russian and one in English (deltas printed as they arrive, usage from the final chunk).
 */
export async function runCoreSection(context: DemoContext): Promise<SectionResult> {
  const { output } = context;
  const section = new SectionRecorder('core', '1. @routify/core — plain TypeScript', output);
  const client = new Routify({
    apiKey: context.apiKey,
    baseURL: context.baseURL,
    timeout: REQUEST_TIMEOUT_MS,
    idleTimeout: REQUEST_TIMEOUT_MS,
  });

  await section.step(
    { id: 'models', label: 'models.list', title: 'client.models.list()' },
    async () => {
      const stopwatch = startStopwatch();
      const list = await client.models.list();
      const { totalMs } = stopwatch.stop();
      const ids = list.data.map((model) => model.id);
      output.detail(
        `${ids.length} models (${Math.round(totalMs)} ms): ${ids.map((id) => output.colors.cyan(id)).join(', ')}`,
      );
      return { metrics: null, data: { models: ids } };
    },
  );

  await section.step(
    {
      id: 'stream-russian',
      label: 'stream (ru)',
      title: 'chat.completions.create({ stream: true }) — по-русски',
    },
    async () => {
      output.detail(output.colors.dim(`user: ${CORE_PROMPTS.russian}`));
      return streamCompletion(client, context, CORE_PROMPTS.russian, output.startStream());
    },
  );

  await section.step(
    {
      id: 'stream-english',
      label: 'stream (en)',
      title: 'chat.completions.create({ stream: true }) — in English',
    },
    async () => {
      output.detail(output.colors.dim(`user: ${CORE_PROMPTS.english}`));
      return streamCompletion(client, context, CORE_PROMPTS.english, output.startStream());
    },
  );

  return section.result();
}
