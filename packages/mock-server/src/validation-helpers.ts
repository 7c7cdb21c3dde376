import { badRequest, type MockRequestError } from './error-reply';

/** A JSON object. */
export type Json = Record<string, unknown>;

/** True for a non-null, non-array object. */
export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** OpenAI's wording for a JSON value's type (`an integer`, `a string`, …). */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a decimal';
  if (typeof value === 'boolean') return 'a boolean';
  return typeof value;
}

/** `'a', 'b' and 'c'`. */
export function list(values: readonly string[]): string {
  const quoted = values.map((value) => `'${value}'`);
  return quoted.length > 1
    ? `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`
    : (quoted[0] ?? '');
}

/** 400 `invalid_type` for `param`. */
export function invalidType(param: string, expected: string, value: unknown): MockRequestError {
  return badRequest(
    `Invalid type for '${param}': expected ${expected}, but got ${typeName(value)} instead.`,
    param,
    'invalid_type',
  );
}

/** 400 `missing_required_parameter` for `param`. */
export function missing(param: string): MockRequestError {
  return badRequest(`Missing required parameter: '${param}'.`, param, 'missing_required_parameter');
}
