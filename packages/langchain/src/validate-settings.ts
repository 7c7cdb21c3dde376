import type { ChatRoutifyInput, ChatRoutifyRequestSettings } from './chat-routify-input';

const REASONING_EFFORTS = ['low', 'medium', 'high', 'xhigh'];
const VERBOSITIES = ['low', 'medium', 'high'];
const REASONING_SUMMARIES = ['auto', 'detail', 'concise'];

/** Routify accepts at most this many stop sequences (`routify-api.md`). */
export const MAX_STOP_SEQUENCES = 4;

/** The settings that may be given per call as well as to the constructor. */
export type CallSettings = ChatRoutifyRequestSettings & {
  stop?: string[];
  modelKwargs?: Record<string, unknown>;
};

/**
 * Checks the request settings shared by the constructor and the call options, so a wrong value
 * fails before any request rather than as a 400 (or, worse, as a silently different request):
 *
 * @throws RangeError for `temperature` outside 0–2, `topP` outside 0–1, `maxTokens` not an
 *   integer ≥ 1, more than 4 stop sequences; TypeError for an unknown `reasoningEffort` /
 *   `verbosity` / `reasoningSummary`, `stop` that is not a list of strings, `streamUsage` that
 *   is not a boolean, `modelKwargs` that is not a plain object. Each message names the field.
 */
export function validateCallSettings(settings: CallSettings, where = 'ChatRoutify'): void {
  range(where, 'temperature', settings.temperature, 0, 2, false);
  range(where, 'topP', settings.topP, 0, 1, false);
  range(where, 'maxTokens', settings.maxTokens, 1, Number.MAX_SAFE_INTEGER, true);
  oneOf(where, 'reasoningEffort', settings.reasoningEffort, REASONING_EFFORTS);
  oneOf(where, 'verbosity', settings.verbosity, VERBOSITIES);
  oneOf(where, 'reasoningSummary', settings.reasoningSummary, REASONING_SUMMARIES);
  boolean(where, 'streamUsage', settings.streamUsage);
  stopList(where, 'stop', settings.stop);
  plainObject(where, 'modelKwargs', settings.modelKwargs);
}

/**
 * Checks the constructor fields of ChatRoutify (everything {@link validateCallSettings} checks,
 * plus the model-only fields), so a wrong value fails when the model is built.
 *
 * @throws TypeError for a `model` that is not a non-empty string, `stopSequences` that is not a
 *   list of strings, `streaming` that is not a boolean, `defaultHeaders` that is not an object of
 *   string values, `configuration` that is not an object; RangeError for `maxRetries` not an
 *   integer ≥ 0, `maxConcurrency` not an integer ≥ 1 (or `Infinity`), more than 4 stop
 *   sequences; and what {@link validateCallSettings} throws.
 */
export function validateSettings(input: ChatRoutifyInput): void {
  const where = 'ChatRoutify';
  const model = input.model ?? input.modelName;
  if (model !== undefined && (typeof model !== 'string' || model.trim() === '')) {
    throw new TypeError('ChatRoutify: `model` must be a model id such as "gpt-4.1".');
  }
  validateCallSettings(input, where);
  stopList(where, 'stopSequences', input.stopSequences);
  range(where, 'maxRetries', input.maxRetries, 0, Number.MAX_SAFE_INTEGER, true);
  if (input.maxConcurrency !== Number.POSITIVE_INFINITY) {
    range(where, 'maxConcurrency', input.maxConcurrency, 1, Number.MAX_SAFE_INTEGER, true);
  }
  boolean(where, 'streaming', input.streaming);
  headers(where, 'defaultHeaders', input.defaultHeaders);
  plainObject(where, 'configuration', input.configuration);
  headers(where, 'configuration.defaultHeaders', input.configuration?.defaultHeaders);
}

function range(
  where: string,
  name: string,
  value: unknown,
  min: number,
  max: number,
  integer: boolean,
): void {
  if (value === undefined) return;
  if (
    typeof value !== 'number' ||
    Number.isNaN(value) ||
    value < min ||
    value > max ||
    (integer && !Number.isInteger(value))
  ) {
    const what = integer ? `an integer ≥ ${min}` : `a number from ${min} to ${max}`;
    throw new RangeError(`${where}: \`${name}\` must be ${what}; got ${String(value)}.`);
  }
}

function oneOf(where: string, name: string, value: unknown, allowed: readonly string[]): void {
  if (value === undefined || allowed.includes(value as string)) return;
  throw new TypeError(
    `${where}: \`${name}\` must be one of ${allowed.map((entry) => `"${entry}"`).join(', ')}; got ${JSON.stringify(value)}.`,
  );
}

function boolean(where: string, name: string, value: unknown): void {
  if (value === undefined || typeof value === 'boolean') return;
  throw new TypeError(`${where}: \`${name}\` must be true or false; got ${JSON.stringify(value)}.`);
}

function stopList(where: string, name: string, value: unknown): void {
  if (value === undefined) return;
  if (!Array.isArray(value) || value.some((entry) => typeof entry !== 'string')) {
    throw new TypeError(
      `${where}: \`${name}\` must be a list of strings such as ["\\n"]; got ${JSON.stringify(value)}.`,
    );
  }
  if (value.length > MAX_STOP_SEQUENCES) {
    throw new RangeError(
      `${where}: Routify accepts at most ${MAX_STOP_SEQUENCES} stop sequences; got ${value.length}. Pass fewer in \`${name}\`.`,
    );
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function plainObject(where: string, name: string, value: unknown): void {
  if (value === undefined || isPlainObject(value)) return;
  throw new TypeError(
    `${where}: \`${name}\` must be a plain object such as { seed: 1 }; got ${typeof value === 'string' ? JSON.stringify(value) : Array.isArray(value) ? 'an array' : String(value)}.`,
  );
}

function headers(where: string, name: string, value: unknown): void {
  if (value === undefined) return;
  if (isPlainObject(value) && Object.values(value).every((entry) => typeof entry === 'string')) {
    return;
  }
  throw new TypeError(
    `${where}: \`${name}\` must be an object of header names to string values, such as { "x-team": "search" }.`,
  );
}
