export type { RoutifyChatConfig } from './routify-chat-language-model';
export { RoutifyChatLanguageModel } from './routify-chat-language-model';
export type { RoutifyProvider, RoutifyProviderSettings } from './routify-provider';
export { createRoutify, routify } from './routify-provider';
export type { RoutifyChatModelId, RoutifyProviderOptions } from './routify-provider-options';
export { routifyProviderOptionsSchema } from './routify-provider-options';
export { VERSION } from './version';
