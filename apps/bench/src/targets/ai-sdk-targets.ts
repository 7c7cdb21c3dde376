import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { createRoutify } from '@routify/ai-sdk-provider';
import { generateText, streamText } from 'ai';
import type { Target, TargetContext } from './target';
import { PROMPT_TEXT } from './target';

/** `LanguageModelV4` (from `@ai-sdk/provider`, not a direct dependency of the bench). */
type LanguageModel = ReturnType<ReturnType<typeof createOpenAICompatible>['chatModel']>;
type CallOptions = Parameters<LanguageModel['doStream']>[0];

const CALL_OPTIONS: CallOptions = {
  prompt: [{ role: 'user', content: [{ type: 'text', text: PROMPT_TEXT }] }],
};

type ModelFactory = (modelId: string) => LanguageModel;

function memoize(factory: ModelFactory): ModelFactory {
  const models = new Map<string, LanguageModel>();
  return (modelId) => {
    let model = models.get(modelId);
    if (model === undefined) {
      model = factory(modelId);
      models.set(modelId, model);
    }
    return model;
  };
}

function routifyModels(context: TargetContext): ModelFactory {
  const provider = createRoutify({
    apiKey: context.apiKey,
    baseURL: context.baseURL,
    ...(context.fetch === undefined ? {} : { fetch: context.fetch }),
  });
  return memoize((modelId) => provider(modelId));
}

function compatibleModels(context: TargetContext): ModelFactory {
  const provider = createOpenAICompatible({
    name: 'bench',
    apiKey: context.apiKey,
    baseURL: context.baseURL,
    includeUsage: true,
    ...(context.fetch === undefined ? {} : { fetch: context.fetch }),
  });
  return memoize((modelId) => provider.chatModel(modelId));
}

async function doStream(model: LanguageModel, onText: (text: string) => void): Promise<void> {
  const { stream } = await model.doStream(CALL_OPTIONS);
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    if (value.type === 'text-delta') onText(value.delta);
    else if (value.type === 'error') throw value.error;
  }
}

async function doGenerate(model: LanguageModel): Promise<string> {
  const result = await model.doGenerate(CALL_OPTIONS);
  let text = '';
  for (const part of result.content) if (part.type === 'text') text += part.text;
  return text;
}

async function viaStreamText(model: LanguageModel, onText: (text: string) => void): Promise<void> {
  let failure: unknown;
  const result = streamText({
    model,
    prompt: PROMPT_TEXT,
    maxRetries: 0,
    onError: ({ error }) => {
      failure ??= error;
    },
  });
  for await (const text of result.textStream) onText(text);
  if (failure !== undefined) throw failure;
}

async function viaGenerateText(model: LanguageModel): Promise<string> {
  const result = await generateText({ model, prompt: PROMPT_TEXT, maxRetries: 0 });
  return result.text;
}

/** `@routify/ai-sdk-provider`: the model's `doStream` / `doGenerate`, called directly. */
export function createRoutifyProviderTarget(context: TargetContext): Target {
  const models = routifyModels(context);
  return {
    id: 'routify-provider',
    layer: 'provider',
    streamLabel: '@routify/ai-sdk-provider doStream',
    requestLabel: '@routify/ai-sdk-provider doGenerate',
    ours: true,
    stream: (model, onText) => doStream(models(model), onText),
    request: (model) => doGenerate(models(model)),
  };
}

/** `@ai-sdk/openai-compatible` (the peer): the chat model's `doStream` / `doGenerate`. */
export function createCompatibleProviderTarget(context: TargetContext): Target {
  const models = compatibleModels(context);
  return {
    id: 'compatible-provider',
    layer: 'provider',
    streamLabel: '@ai-sdk/openai-compatible doStream',
    requestLabel: '@ai-sdk/openai-compatible doGenerate',
    ours: false,
    stream: (model, onText) => doStream(models(model), onText),
    request: (model) => doGenerate(models(model)),
  };
}

/** `streamText` / `generateText` of `ai` over `@routify/ai-sdk-provider`. */
export function createRoutifyStreamTextTarget(context: TargetContext): Target {
  const models = routifyModels(context);
  return {
    id: 'routify-streamtext',
    layer: 'streamText',
    streamLabel: 'streamText(routify)',
    requestLabel: 'generateText(routify)',
    ours: true,
    stream: (model, onText) => viaStreamText(models(model), onText),
    request: (model) => viaGenerateText(models(model)),
  };
}

/** `streamText` / `generateText` of `ai` over `@ai-sdk/openai-compatible` (the peer). */
export function createCompatibleStreamTextTarget(context: TargetContext): Target {
  const models = compatibleModels(context);
  return {
    id: 'compatible-streamtext',
    layer: 'streamText',
    streamLabel: 'streamText(openai-compatible)',
    requestLabel: 'generateText(openai-compatible)',
    ours: false,
    stream: (model, onText) => viaStreamText(models(model), onText),
    request: (model) => viaGenerateText(models(model)),
  };
}
