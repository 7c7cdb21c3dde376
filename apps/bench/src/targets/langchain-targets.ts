import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ChatOpenAI } from '@langchain/openai';
import { ChatRoutify } from '@routify/langchain';
import type { Target, TargetContext } from './target';
import { PROMPT_TEXT } from './target';

type ModelFactory = (modelId: string) => BaseChatModel;

function memoize(factory: ModelFactory): ModelFactory {
  const models = new Map<string, BaseChatModel>();
  return (modelId) => {
    let model = models.get(modelId);
    if (model === undefined) {
      model = factory(modelId);
      models.set(modelId, model);
    }
    return model;
  };
}

async function stream(model: BaseChatModel, onText: (text: string) => void): Promise<void> {
  for await (const chunk of await model.stream(PROMPT_TEXT)) {
    const text = chunk.text;
    if (text) onText(text);
  }
}

async function invoke(model: BaseChatModel): Promise<string> {
  return (await model.invoke(PROMPT_TEXT)).text;
}

/** `@routify/langchain` `ChatRoutify`: `.stream()` / `.invoke()`. */
export function createChatRoutifyTarget(context: TargetContext): Target {
  const models = memoize(
    (model) =>
      new ChatRoutify({
        model,
        apiKey: context.apiKey,
        baseURL: context.baseURL,
        maxRetries: 0,
        ...(context.fetch === undefined ? {} : { fetch: context.fetch }),
      }),
  );
  return {
    id: 'chat-routify',
    layer: 'langchain',
    streamLabel: 'ChatRoutify.stream()',
    requestLabel: 'ChatRoutify.invoke()',
    ours: true,
    stream: (model, onText) => stream(models(model), onText),
    request: (model) => invoke(models(model)),
  };
}

/** `@langchain/openai` `ChatOpenAI` (the peer): `.stream()` / `.invoke()` (Chat Completions). */
export function createChatOpenAITarget(context: TargetContext): Target {
  const models = memoize(
    (model) =>
      new ChatOpenAI({
        model,
        apiKey: context.apiKey,
        maxRetries: 0,
        useResponsesApi: false,
        streamUsage: true,
        configuration: {
          baseURL: context.baseURL,
          ...(context.fetch === undefined ? {} : { fetch: context.fetch }),
        },
      }),
  );
  return {
    id: 'chat-openai',
    layer: 'langchain',
    streamLabel: 'ChatOpenAI.stream()',
    requestLabel: 'ChatOpenAI.invoke()',
    ours: false,
    stream: (model, onText) => stream(models(model), onText),
    request: (model) => invoke(models(model)),
  };
}
