import type { ModelProfile } from '@langchain/core/language_models/profile';

/** What every chat model behind Routify's Chat Completions endpoint shares. */
const CHAT_COMPLETIONS: ModelProfile = {
  imageToolMessage: false,
  pdfToolMessage: false,
  imageOutputs: false,
  audioOutputs: false,
  videoOutputs: false,
  videoInputs: false,
  midConversationSystemMessages: true,
};

const GENERAL: ModelProfile = {
  ...CHAT_COMPLETIONS,
  toolCalling: true,
  toolChoice: true,
  structuredOutput: true,
  imageInputs: true,
  imageUrlInputs: true,
  pdfInputs: true,
  audioInputs: false,
  reasoningOutput: false,
};

const REASONING: ModelProfile = { ...GENERAL, reasoningOutput: true };

/**
 * Capabilities of the Routify model ids ChatRoutify knows, in `@langchain/core`'s `ModelProfile`
 * shape (token limits from the upstream providers' model pages). `createAgent` uses
 * `structuredOutput` to choose native JSON-schema output; summarization reads `maxInputTokens`.
 */
export const MODEL_PROFILES: Readonly<Record<string, ModelProfile>> = {
  'gpt-4.1': { ...GENERAL, maxInputTokens: 1_047_576, maxOutputTokens: 32_768 },
  'gpt-4.1-mini': { ...GENERAL, maxInputTokens: 1_047_576, maxOutputTokens: 32_768 },
  'gpt-4.1-nano': { ...GENERAL, maxInputTokens: 1_047_576, maxOutputTokens: 32_768 },
  'gpt-4o': { ...GENERAL, maxInputTokens: 128_000, maxOutputTokens: 16_384 },
  'gpt-4o-mini': { ...GENERAL, maxInputTokens: 128_000, maxOutputTokens: 16_384 },
  'gpt-5': { ...REASONING, maxInputTokens: 400_000, maxOutputTokens: 128_000 },
  'gpt-5-mini': { ...REASONING, maxInputTokens: 400_000, maxOutputTokens: 128_000 },
  'gpt-5-nano': { ...REASONING, maxInputTokens: 400_000, maxOutputTokens: 128_000 },
  o3: { ...REASONING, maxInputTokens: 200_000, maxOutputTokens: 100_000 },
  'o4-mini': { ...REASONING, maxInputTokens: 200_000, maxOutputTokens: 100_000 },
  'yandexgpt-lite': {
    ...GENERAL,
    toolCalling: false,
    toolChoice: false,
    structuredOutput: false,
    imageInputs: false,
    imageUrlInputs: false,
    pdfInputs: false,
  },
  'deepseek-reasoner': {
    ...REASONING,
    imageInputs: false,
    imageUrlInputs: false,
    pdfInputs: false,
    structuredOutput: false,
    maxInputTokens: 128_000,
    maxOutputTokens: 64_000,
  },
};

/** The profile of `model` (an id, optionally `provider/`-prefixed), or `{}` when unknown. */
export function getModelProfile(model: string): ModelProfile {
  const profile = MODEL_PROFILES[model] ?? MODEL_PROFILES[model.slice(model.lastIndexOf('/') + 1)];
  return profile ? { ...profile } : {};
}
