import {
  type EmbeddingModelV4,
  type ImageModelV4,
  LoadAPIKeyError,
  NoSuchModelError,
  type ProviderV4,
} from '@ai-sdk/provider';
import { loadApiKey, loadOptionalSetting, withoutTrailingSlash } from '@ai-sdk/provider-utils';
import { type FetchFunction, Routify } from '@routify/core';
import { RoutifyChatLanguageModel } from './routify-chat-language-model';
import type { RoutifyChatModelId } from './routify-provider-options';
import { VERSION } from './version';

/** Settings of `createRoutify()`. Every one is optional. */
export interface RoutifyProviderSettings {
  /**
   * The Routify API key, sent as `Authorization: Bearer <key>`. Default: the `ROUTIFY_API_KEY`
   * environment variable, read at each call (so `routify` can be imported without a key). A
   * missing or empty key fails the call with `LoadAPIKeyError` before any network I/O.
   */
  apiKey?: string;
  /**
   * The API base URL. Default: `ROUTIFY_BASE_URL` (unless blank), else
   * `https://api.routify.ru/v1`. A trailing slash is removed; `/chat/completions` is appended.
   */
  baseURL?: string;
  /** Headers sent with every request (after the provider's own; per-call `headers` win). */
  headers?: Record<string, string>;
  /** A `fetch` implementation (tests, proxies, middleware). Default: the global `fetch`. */
  fetch?: FetchFunction;
  /**
   * The provider name (default `routify`): the key of `providerOptions` and `providerMetadata`,
   * and the prefix of the model's `provider` (`<name>.chat`).
   */
  name?: string;
}

/**
 * The Routify provider (`ProviderV4`, `@ai-sdk/provider` 4.0.38): callable as
 * `provider(modelId)`, same as `provider.languageModel(modelId)` and `provider.chat(modelId)`.
 */
export interface RoutifyProvider extends ProviderV4 {
  (modelId: RoutifyChatModelId): RoutifyChatLanguageModel;
  /** A chat model (`LanguageModelV4`) for a Routify model id such as `gpt-4.1`. */
  languageModel(modelId: RoutifyChatModelId): RoutifyChatLanguageModel;
  /** Same as `languageModel`. */
  chat(modelId: RoutifyChatModelId): RoutifyChatLanguageModel;
  /** Routify has no embedding models here: always throws `NoSuchModelError`. */
  embeddingModel(modelId: string): EmbeddingModelV4;
  /** Routify has no image models here: always throws `NoSuchModelError`. */
  imageModel(modelId: string): ImageModelV4;
}

const DEFAULT_BASE_URL = 'https://api.routify.ru/v1';

/**
 * Creates a Routify provider for the Vercel AI SDK 7 (`ai@7`, `LanguageModelV4`).
 *
 * ```ts
 * const routify = createRoutify({ apiKey: process.env.ROUTIFY_API_KEY });
 * const { text } = await generateText({ model: routify('gpt-4.1'), prompt: 'Hi' });
 * ```
 *
 * Requests go through `@routify/core` with its retries off (`maxRetries: 0`): `ai` retries
 * (default 2 retries, honouring `retry-after`). Nothing is read or checked until a model is
 * called: a missing key then throws `LoadAPIKeyError`.
 */
export function createRoutify(settings: RoutifyProviderSettings = {}): RoutifyProvider {
  const name = settings.name ?? 'routify';
  const baseURL = (): string => {
    const configured = loadOptionalSetting({
      settingValue: settings.baseURL,
      environmentVariableName: 'ROUTIFY_BASE_URL',
    });
    // a blank ROUTIFY_BASE_URL (`ROUTIFY_BASE_URL=` in a .env file) means unset, as in core
    const value =
      settings.baseURL === undefined && configured?.trim() === '' ? undefined : configured?.trim();
    return withoutTrailingSlash(value ?? DEFAULT_BASE_URL) as string;
  };
  let cached: { key: string; client: Routify } | undefined;

  const client = (): Routify => {
    const apiKey = loadApiKey({
      apiKey: settings.apiKey,
      environmentVariableName: 'ROUTIFY_API_KEY',
      description: 'Routify',
    });
    if (apiKey.trim() === '') {
      // loadApiKey lets an empty string through (from `apiKey: ''` or `ROUTIFY_API_KEY=`)
      throw new LoadAPIKeyError({
        message:
          "Routify API key is empty. Pass it using the 'apiKey' setting of createRoutify() or the ROUTIFY_API_KEY environment variable.",
      });
    }
    const url = baseURL();
    const key = `${url}\n${apiKey}`;
    if (cached?.key !== key) {
      // one client per key and base URL: a rotated key or URL replaces the old client
      cached = {
        key,
        client: new Routify({
          apiKey,
          baseURL: url,
          maxRetries: 0,
          fetch: settings.fetch,
          defaultHeaders: settings.headers,
          // core appends it to its own User-Agent, or to one set in `headers`
          userAgentSuffix: `routify-js/ai-sdk-provider/${VERSION}`,
        }),
      };
    }
    return cached.client;
  };

  const createChatModel = (modelId: RoutifyChatModelId) =>
    new RoutifyChatLanguageModel(modelId, {
      provider: `${name}.chat`,
      providerName: name,
      baseURL,
      client,
    });

  const provider = function (this: unknown, modelId: RoutifyChatModelId) {
    if (new.target) {
      throw new Error('The Routify provider is a function: call routify(modelId), without `new`.');
    }
    return createChatModel(modelId);
  } as RoutifyProvider;

  Object.assign(provider, {
    specificationVersion: 'v4' as const,
    languageModel: createChatModel,
    chat: createChatModel,
    embeddingModel: (modelId: string): never => {
      throw new NoSuchModelError({
        modelId,
        modelType: 'embeddingModel',
        message: `Routify has no embedding model "${modelId}" in this provider; use routify(modelId) for chat models.`,
      });
    },
    imageModel: (modelId: string): never => {
      throw new NoSuchModelError({
        modelId,
        modelType: 'imageModel',
        message: `Routify has no image model "${modelId}" in this provider; use routify(modelId) for chat models.`,
      });
    },
  });
  return provider;
}

/**
 * The default Routify provider: key from `ROUTIFY_API_KEY`, base URL from `ROUTIFY_BASE_URL` or
 * `https://api.routify.ru/v1`, both read when a model is called.
 */
export const routify: RoutifyProvider = createRoutify();
