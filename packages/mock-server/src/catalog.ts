import type { MockModel } from './types';

const CREATED = 1_735_689_600; // 2025-01-01T00:00:00Z

/**
 * The default catalog of `GET /v1/models`. Capabilities decide what each model accepts (a
 * parameter a model lacks is refused with a 400 naming the provider and the parameter).
 */
export const DEFAULT_MODELS: readonly MockModel[] = Object.freeze([
  {
    id: 'gpt-4.1',
    ownedBy: 'openai',
    provider: 'openai',
    created: CREATED,
    capabilities: {
      tools: true,
      jsonSchema: true,
      jsonObject: true,
      vision: true,
      reasoning: false,
    },
  },
  {
    id: 'gpt-4.1-mini',
    ownedBy: 'openai',
    provider: 'openai',
    created: CREATED,
    capabilities: {
      tools: true,
      jsonSchema: true,
      jsonObject: true,
      vision: true,
      reasoning: false,
    },
  },
  {
    id: 'o4-mini',
    ownedBy: 'openai',
    provider: 'openai',
    created: CREATED,
    capabilities: {
      tools: true,
      jsonSchema: true,
      jsonObject: true,
      vision: true,
      reasoning: true,
    },
  },
  {
    id: 'deepseek-reasoner',
    ownedBy: 'deepseek',
    provider: 'deepseek',
    created: CREATED,
    capabilities: {
      tools: true,
      jsonSchema: false,
      jsonObject: true,
      vision: false,
      reasoning: true,
      requiresReasoningContent: true,
    },
  },
  {
    id: 'gpt-4o-audio-preview',
    ownedBy: 'openai',
    provider: 'openai',
    created: CREATED,
    capabilities: {
      tools: true,
      jsonSchema: false,
      jsonObject: false,
      vision: false,
      reasoning: false,
      files: false,
      audio: true,
    },
  },
  {
    id: 'yandexgpt-lite',
    ownedBy: 'yandex',
    provider: 'yandex',
    created: CREATED,
    capabilities: {
      tools: false,
      jsonSchema: false,
      jsonObject: false,
      vision: false,
      reasoning: false,
    },
  },
]);

/** Resolves the `models` option against the defaults. */
export function resolveCatalog(
  option: MockModel[] | ((defaults: MockModel[]) => MockModel[]) | undefined,
): MockModel[] {
  const defaults = DEFAULT_MODELS.map((model) => ({
    ...model,
    capabilities: { ...model.capabilities },
  }));
  if (option === undefined) return defaults;
  if (typeof option === 'function') return option(defaults);
  const byId = new Map(defaults.map((model) => [model.id, model]));
  for (const model of option) byId.set(model.id, model);
  return [...byId.values()];
}
