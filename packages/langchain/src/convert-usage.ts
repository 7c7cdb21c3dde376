import type { UsageMetadata } from '@langchain/core/messages';
import type { WireUsage } from './wire-types';

type InputTokenDetails = NonNullable<UsageMetadata['input_token_details']>;
type OutputTokenDetails = NonNullable<UsageMetadata['output_token_details']>;

/**
 * Maps Routify's `usage` to LangChain's `UsageMetadata`.
 *
 * - `input_tokens` = `prompt_tokens`, which already counts cached reads and cache writes
 *   (`routify-api.md`; the convention LangChain settled on in langchainjs#9519);
 * - `input_token_details.cache_read` = `prompt_tokens_details.cached_tokens`,
 *   `cache_creation` = `prompt_tokens_details.cache_write_tokens`, `audio` = `audio_tokens`;
 * - `output_token_details.reasoning` = `completion_tokens_details.reasoning_tokens`
 *   (already inside `output_tokens`), `audio` = `audio_tokens`;
 * - `total_tokens` = the wire value, else input + output.
 *
 * Detail objects are left out when they would be empty. Returns `undefined` for no usage.
 */
export function convertUsage(usage: WireUsage | null | undefined): UsageMetadata | undefined {
  if (usage == null || typeof usage !== 'object') return undefined;
  const inputTokens = numberOr(usage.prompt_tokens, 0);
  const outputTokens = numberOr(usage.completion_tokens, 0);
  const result: UsageMetadata = {
    input_tokens: inputTokens,
    output_tokens: outputTokens,
    total_tokens: numberOr(usage.total_tokens, inputTokens + outputTokens),
  };
  const inputDetails: InputTokenDetails = {};
  const promptDetails = usage.prompt_tokens_details;
  if (isNumber(promptDetails?.cached_tokens)) inputDetails.cache_read = promptDetails.cached_tokens;
  if (isNumber(promptDetails?.cache_write_tokens)) {
    inputDetails.cache_creation = promptDetails.cache_write_tokens;
  }
  if (isNumber(promptDetails?.audio_tokens)) inputDetails.audio = promptDetails.audio_tokens;
  const outputDetails: OutputTokenDetails = {};
  const completionDetails = usage.completion_tokens_details;
  if (isNumber(completionDetails?.reasoning_tokens)) {
    outputDetails.reasoning = completionDetails.reasoning_tokens;
  }
  if (isNumber(completionDetails?.audio_tokens))
    outputDetails.audio = completionDetails.audio_tokens;
  if (Object.keys(inputDetails).length > 0) result.input_token_details = inputDetails;
  if (Object.keys(outputDetails).length > 0) result.output_token_details = outputDetails;
  return result;
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function numberOr(value: unknown, fallback: number): number {
  return isNumber(value) ? value : fallback;
}
