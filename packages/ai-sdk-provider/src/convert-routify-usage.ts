import type { JSONObject, LanguageModelV4Usage } from '@ai-sdk/provider';
import type { RoutifyUsage } from './routify-api-types';

/**
 * Converts Routify's `usage` object to `LanguageModelV4Usage` (`@ai-sdk/provider` 4.0.38), the
 * mapping of `@ai-sdk/openai`'s chat usage (vercel/ai `convert-openai-chat-usage.ts`) with
 * Routify's token accounting (`routify-api.md`): `prompt_tokens` counts every input token, so
 *
 * - `inputTokens.total` = `prompt_tokens`; `cacheRead` = `prompt_tokens_details.cached_tokens`
 *   (0 when absent); `cacheWrite` = `prompt_tokens_details.cache_write_tokens` (undefined when
 *   absent); `noCache` = total − cacheRead − cacheWrite (never below 0);
 * - `outputTokens.total` = `completion_tokens` (reasoning included); `reasoning` =
 *   `completion_tokens_details.reasoning_tokens` (0 when absent); `text` = total − reasoning;
 * - `raw` = the usage object verbatim.
 *
 * All counts are tokens. No usage at all (a stream sent without `include_usage`) gives every
 * field `undefined`, never invented zeros.
 */
export function convertRoutifyUsage(usage: RoutifyUsage | null | undefined): LanguageModelV4Usage {
  if (usage == null) {
    return {
      inputTokens: {
        total: undefined,
        noCache: undefined,
        cacheRead: undefined,
        cacheWrite: undefined,
      },
      outputTokens: { total: undefined, text: undefined, reasoning: undefined },
    };
  }
  const promptTokens = usage.prompt_tokens ?? undefined;
  const completionTokens = usage.completion_tokens ?? undefined;
  const cacheRead = usage.prompt_tokens_details?.cached_tokens ?? 0;
  const cacheWrite = usage.prompt_tokens_details?.cache_write_tokens ?? undefined;
  const reasoning = usage.completion_tokens_details?.reasoning_tokens ?? 0;
  return {
    inputTokens: {
      total: promptTokens,
      noCache:
        promptTokens == null
          ? undefined
          : Math.max(0, promptTokens - cacheRead - (cacheWrite ?? 0)),
      cacheRead,
      cacheWrite,
    },
    outputTokens: {
      total: completionTokens,
      text: completionTokens == null ? undefined : Math.max(0, completionTokens - reasoning),
      reasoning,
    },
    raw: usage as JSONObject,
  };
}
