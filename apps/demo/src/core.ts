import { type ChatCompletionPartial, Routify } from '@routify/core';
import type { DemoContext } from './demo-context';
import { SectionRecorder, type StepOutcome } from './section-recorder';
import type { SectionResult, TokenUsage } from './step-result';
import { startStopwatch } from './timing';

/** The prompts of the two streamed completions. */
export const CORE_PROMPTS = {
  russian: 'Объясни в двух предложениях, зачем нужен маршрутизатор LLM.',
  english: 'In two sentences, why would an app use an LLM router?',
} as const;

/** How many model ids the models step prints. */
const MODELS_SHOWN = 12;

/** Wire usage (`prompt_tokens`, …) → the demo's token counts. */
export function fromWireUsage(usage: ChatCompletionPartial['usage'] | null): TokenUsage | null {
  if (!usage) return null;
  return {
    input: usage.prompt_tokens,
    output: usage.completion_tokens,
    cached: usage.prompt_tokens_details?.cached_tokens ?? 0,
  };
}

/** Streams one completion, printing deltas as they arrive; measures it from the request on. */
async function streamCompletion(
  client: Routify,
  context: DemoContext,
  prompt: string,
): Promise<StepOutcome> {
  const { output } = context;
  output.detail(output.colors.dim(`user: ${prompt}`));
  const printer = output.startStream();
  const stopwatch = startStopwatch();
  const stream = await client.chat.completions.create({
    model: context.model,
    messages: [{ role: 'user', content: prompt }],
    stream: true,
    stream_options: { include_usage: true },
  });
  let chunks = 0;
  for await (const chunk of stream) {
    chunks += 1;
    const delta = chunk.choices[0]?.delta?.content ?? '';
    if (delta !== '') {
      stopwatch.firstToken();
      printer.write(delta);
    }
  }
  printer.end();
  const timing = stopwatch.stop();
  // What the stream assembled: the whole text, the model, the finish reason, the usage chunk.
  const { partial } = stream;
  const requestId = stream.response.requestId ?? null;
  if (requestId) printer.line(output.colors.dim(`x-request-id: ${requestId}`));
  return {
    metrics: {
      model: partial.model ?? context.model,
      ...timing,
      usage: fromWireUsage(partial.usage),
      finishReason: partial.finish_reason ?? null,
    },
    data: { prompt, text: partial.content, chunks, requestId },
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
    timeout: context.timeoutMs,
    idleTimeout: context.timeoutMs,
  });

  await section.step(
    { id: 'models', label: 'models.list', title: 'client.models.list()' },
    async () => {
      const stopwatch = startStopwatch();
      const list = await client.models.list();
      const { totalMs } = stopwatch.stop();
      const ids = list.data.map((model) => model.id);
      // A real catalog can hold hundreds of models: print the first ones (the report has all).
      const shown = ids.slice(0, MODELS_SHOWN).map((id) => output.colors.cyan(id));
      const more = ids.length > MODELS_SHOWN ? `, … and ${ids.length - MODELS_SHOWN} more` : '';
      output.detail(`${ids.length} models (${Math.round(totalMs)} ms): ${shown.join(', ')}${more}`);
      return { metrics: null, data: { models: ids } };
    },
  );

  await section.step(
    {
      id: 'stream-russian',
      label: 'stream (ru)',
      title: 'chat.completions.create({ stream: true }) — по-русски',
    },
    () => streamCompletion(client, context, CORE_PROMPTS.russian),
  );

  await section.step(
    {
      id: 'stream-english',
      label: 'stream (en)',
      title: 'chat.completions.create({ stream: true }) — in English',
    },
    () => streamCompletion(client, context, CORE_PROMPTS.english),
  );

  return section.result();
}
