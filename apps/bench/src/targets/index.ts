import {
  createCompatibleProviderTarget,
  createCompatibleStreamTextTarget,
  createRoutifyProviderTarget,
  createRoutifyStreamTextTarget,
} from './ai-sdk-targets';
import { createCoreTarget } from './core-target';
import { createChatOpenAITarget, createChatRoutifyTarget } from './langchain-targets';
import { createOpenAITarget } from './openai-target';
import { createRawTarget } from './raw-target';
import type { Target, TargetContext } from './target';

/** Every target, in table order: the baseline, then each of ours followed by its peer. */
export function createTargets(context: TargetContext): Target[] {
  return [
    createRawTarget(context),
    createCoreTarget(context),
    createOpenAITarget(context),
    createRoutifyProviderTarget(context),
    createCompatibleProviderTarget(context),
    createRoutifyStreamTextTarget(context),
    createCompatibleStreamTextTarget(context),
    createChatRoutifyTarget(context),
    createChatOpenAITarget(context),
  ];
}

/** The peer each of our targets is compared with (`raw` has none). */
export const PEERS: Record<string, string> = {
  core: 'openai',
  'routify-provider': 'compatible-provider',
  'routify-streamtext': 'compatible-streamtext',
  'chat-routify': 'chat-openai',
};

/**
 * Targets that are compared with each other, run back to back in every round: the raw baseline,
 * core and the `openai` SDK; then each of our adapters with its peer.
 */
export const TARGET_GROUPS: readonly (readonly string[])[] = [
  ['raw', 'core', 'openai'],
  ['routify-provider', 'compatible-provider'],
  ['routify-streamtext', 'compatible-streamtext'],
  ['chat-routify', 'chat-openai'],
];
