import type { ChatRoutifyInput } from './chat-routify-input';

const REASONING_EFFORTS = ['low', 'medium', 'high', 'xhigh'];
const VERBOSITIES = ['low', 'medium', 'high'];
const REASONING_SUMMARIES = ['auto', 'detail', 'concise'];

/**
 * Checks the constructor fields of ChatRoutify, so a wrong value fails when the model is built
 * rather than as a 400 at the first call.
 *
 * @throws TypeError for a `model` that is not a non-empty string, or an unknown
 *   `reasoningEffort` / `verbosity` / `reasoningSummary`; RangeError for `temperature` outside
 *   0–2, `topP` outside 0–1, `maxTokens` not an integer ≥ 1, `maxRetries` not an integer ≥ 0.
 */
export function validateSettings(input: ChatRoutifyInput): void {
  const model = input.model ?? input.modelName;
  if (model !== undefined && (typeof model !== 'string' || model.trim() === '')) {
    throw new TypeError('ChatRoutify: `model` must be a model id such as "gpt-4.1".');
  }
  range('temperature', input.temperature, 0, 2, false);
  range('topP', input.topP, 0, 1, false);
  range('maxTokens', input.maxTokens, 1, Number.MAX_SAFE_INTEGER, true);
  range('maxRetries', input.maxRetries, 0, Number.MAX_SAFE_INTEGER, true);
  oneOf('reasoningEffort', input.reasoningEffort, REASONING_EFFORTS);
  oneOf('verbosity', input.verbosity, VERBOSITIES);
  oneOf('reasoningSummary', input.reasoningSummary, REASONING_SUMMARIES);
}

function range(name: string, value: unknown, min: number, max: number, integer: boolean): void {
  if (value === undefined) return;
  if (
    typeof value !== 'number' ||
    Number.isNaN(value) ||
    value < min ||
    value > max ||
    (integer && !Number.isInteger(value))
  ) {
    const what = integer ? `an integer ≥ ${min}` : `a number from ${min} to ${max}`;
    throw new RangeError(`ChatRoutify: \`${name}\` must be ${what}; got ${String(value)}.`);
  }
}

function oneOf(name: string, value: unknown, allowed: readonly string[]): void {
  if (value === undefined || allowed.includes(value as string)) return;
  throw new TypeError(
    `ChatRoutify: \`${name}\` must be one of ${allowed.map((entry) => `"${entry}"`).join(', ')}; got ${JSON.stringify(value)}.`,
  );
}
