import {
  FIXED_CITY,
  findDate,
  findEmail,
  findNumbers,
  findPlace,
  findQuoted,
  findUrl,
  type PromptValue,
  zoneOf,
} from './prompt-values';
import { isSchema, resolve, type Schema, typeOf } from './resolve-schema';
import { matchesPattern, patternOf, samplePattern } from './sample-pattern';

/** Values that earlier tool results offer to later calls (README, "Tools": stages and tool arguments). */
export interface ResultValues {
  /** Normalized key (lower case, letters and digits only) → value, from JSON results. */
  byKey: Map<string, unknown>;
  /** Results that are not JSON objects, in order. */
  plain: string[];
}

/** Where argument values come from. */
export interface ValueSources {
  /** The part of the prompt about this tool: numbers and quoted strings come only from here. */
  segment: string;
  /** The whole last user message (places are looked up here after the segment). */
  prompt: string;
  results: ResultValues;
}

interface Context {
  root: Schema;
  sources: ValueSources;
  numbers: PromptValue<number>[];
  quotes: PromptValue<string>[];
  /** Normalized property names of the whole schema: values next to one belong to it. */
  names: Set<string>;
  plainUsed: number;
}

function labelledFor(value: PromptValue<unknown>, key: string): boolean {
  const plural = (word: string) => word === key || word === `${key}s` || `${word}s` === key;
  return plural(value.before) || plural(value.after);
}

/**
 * The next prompt value for property `name`: one written next to the property's name
 * (`code "LIS"`, `5 nights`, `budget: 1200`) first, else the first one not next to another
 * property's name. Taken values are removed.
 */
function take<T>(
  values: PromptValue<T>[],
  name: string,
  ctx: Context,
  fits: (value: T) => boolean = () => true,
): T | undefined {
  const key = normalizeKey(name);
  let index = values.findIndex((value) => labelledFor(value, key) && fits(value.value));
  if (index === -1) {
    index = values.findIndex(
      (value) =>
        fits(value.value) &&
        ![...ctx.names].some((other) => other !== key && labelledFor(value, other)),
    );
  }
  if (index === -1) return undefined;
  const [taken] = values.splice(index, 1);
  return taken?.value;
}

function collectNames(node: unknown, into: Set<string>, depth = 0): void {
  if (depth > 20 || typeof node !== 'object' || node === null) return;
  if (Array.isArray(node)) {
    for (const item of node) collectNames(item, into, depth + 1);
    return;
  }
  const record = node as Record<string, unknown>;
  if (isSchema(record.properties)) {
    for (const key of Object.keys(record.properties)) into.add(normalizeKey(key));
  }
  for (const value of Object.values(record)) collectNames(value, into, depth + 1);
}

/** Property names of location fields (README, "Tools", tool arguments). */
export const LOCATION = /city|location|place|town|region|country|address|destination|where/i;
/** Property names of time-zone fields. */
export const ZONE = /timezone|time_zone|tz$|zone/i;
const QUERY = /^(query|q|search|text|prompt|question|input|message|content|topic|term|keywords?)$/i;
const ID = /(^id$|_id$|[a-z]Id$|^uid$)/;
const UUID = '00000000-0000-4000-8000-000000000000';
const PATTERN_TRIES = ['example', 'abc', 'ABC', 'a', 'A', '0', '123', 'a1', 'abc123', 'AB12'];

/** Lower case, letters and digits only: `user_id`, `userId` and `UserID` are one key. */
export function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}
function resultFor(name: string, ctx: Context): unknown {
  const byKey = ctx.sources.results.byKey;
  const direct = byKey.get(normalizeKey(name));
  if (direct !== undefined) return direct;
  if (LOCATION.test(name)) {
    for (const [key, value] of byKey) if (LOCATION.test(key)) return value;
  }
  return undefined;
}

function fitString(value: string, schema: Schema): string {
  let out = value;
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Number.POSITIVE_INFINITY;
  if (out.length < min) out = out.padEnd(min, 'x');
  if (out.length > max) out = out.slice(0, max);
  const pattern = patternOf(schema);
  if (pattern && !pattern.test(out)) {
    const sample = samplePattern(schema.pattern as string);
    out =
      [sample, ...PATTERN_TRIES].find(
        (candidate): candidate is string => candidate !== undefined && pattern.test(candidate),
      ) ?? out;
  }
  return out;
}

function formatted(schema: Schema, ctx: Context): string | undefined {
  const { segment, prompt } = ctx.sources;
  switch (schema.format) {
    case 'date':
      return findDate(segment) ?? findDate(prompt) ?? '2025-01-01';
    case 'date-time': {
      const date = findDate(segment) ?? findDate(prompt) ?? '2025-01-01';
      return `${date}T00:00:00Z`;
    }
    case 'time':
      return '12:00:00Z';
    case 'email':
      return findEmail(segment) ?? findEmail(prompt) ?? 'user@example.com';
    case 'uri':
    case 'url':
      return findUrl(segment) ?? findUrl(prompt) ?? 'https://example.com';
    case 'uuid':
      return UUID;
    default:
      return undefined;
  }
}

/** A string the prompt or the results give for this field, if any. */
function knownString(schema: Schema, name: string, ctx: Context, required: boolean) {
  const { segment, prompt } = ctx.sources;
  if (typeof schema.format === 'string') {
    const value = formatted(schema, ctx);
    if (value !== undefined) return value;
  }
  if (ZONE.test(name)) {
    const place = findPlace(segment) ?? findPlace(prompt);
    if (place) return zoneOf(place);
    const result = resultFor(name, ctx);
    if (typeof result === 'string') return result;
    for (const [key, value] of ctx.sources.results.byKey) {
      if (LOCATION.test(key) && typeof value === 'string') return zoneOf(value);
    }
    return undefined;
  }
  if (LOCATION.test(name)) {
    const place = findPlace(segment) ?? findPlace(prompt);
    if (place) return place;
  }
  const result = resultFor(name, ctx);
  if (typeof result === 'string' || typeof result === 'number') return String(result);
  const quoted = take(ctx.quotes, name, ctx, (value) => matchesPattern(value, schema));
  if (quoted !== undefined) return quoted;
  if (ID.test(name)) {
    const number = take(ctx.numbers, name, ctx);
    if (number !== undefined) return String(number);
  }
  if (QUERY.test(name)) return prompt.replace(/\s+/g, ' ').trim();
  if (required && ctx.plainUsed < ctx.sources.results.plain.length) {
    return ctx.sources.results.plain[ctx.plainUsed++];
  }
  return undefined;
}

function fitNumber(value: number, schema: Schema, integer: boolean): number {
  let out = integer ? Math.round(value) : value;
  const step = integer ? 1 : 1;
  if (typeof schema.minimum === 'number' && out < schema.minimum) out = schema.minimum;
  if (typeof schema.exclusiveMinimum === 'number' && out <= schema.exclusiveMinimum) {
    out = schema.exclusiveMinimum + step;
  }
  if (typeof schema.maximum === 'number' && out > schema.maximum) out = schema.maximum;
  if (typeof schema.exclusiveMaximum === 'number' && out >= schema.exclusiveMaximum) {
    out = schema.exclusiveMaximum - step;
  }
  if (typeof schema.multipleOf === 'number' && schema.multipleOf > 0) {
    out = Math.ceil(out / schema.multipleOf) * schema.multipleOf;
    if (typeof schema.maximum === 'number' && out > schema.maximum) out -= schema.multipleOf;
  }
  if (integer) out = Math.round(out);
  return out;
}

function fallback(schema: Schema, type: string): { ok: boolean; value: unknown } {
  if (schema.default !== undefined) return { ok: true, value: schema.default };
  if (Array.isArray(schema.examples) && schema.examples.length > 0) {
    return { ok: true, value: schema.examples[0] };
  }
  return { ok: false, value: type };
}

type Built = { value: unknown; known: boolean } | undefined;

function build(raw: unknown, name: string, ctx: Context, required: boolean, depth: number): Built {
  const schema = resolve(isSchema(raw) ? raw : {}, ctx.root);
  if ('const' in schema) return required ? { value: schema.const, known: false } : undefined;
  const type = typeOf(schema);
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    const values = schema.enum;
    const result = resultFor(name, ctx);
    if (values.includes(result)) return { value: result, known: true };
    const segment = ctx.sources.segment.toLowerCase();
    const hit = values.find(
      (value) =>
        typeof value === 'string' &&
        new RegExp(
          `(?:^|[^\\p{L}\\p{N}])${value.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:$|[^\\p{L}\\p{N}])`,
          'u',
        ).test(segment),
    );
    if (hit !== undefined) return { value: hit, known: true };
    return required ? { value: values[0], known: false } : undefined;
  }
  switch (type) {
    case 'null':
      return required ? { value: null, known: false } : undefined;
    case 'object':
      return buildObject(schema, ctx, required, depth);
    case 'array':
      return buildArray(schema, name, ctx, required, depth);
    case 'integer':
    case 'number': {
      const integer = type === 'integer';
      const result = resultFor(name, ctx);
      const number = take(ctx.numbers, name, ctx);
      if (number !== undefined) return { value: fitNumber(number, schema, integer), known: true };
      if (typeof result === 'number')
        return { value: fitNumber(result, schema, integer), known: true };
      if (!required) return undefined;
      const given = fallback(schema, type);
      if (given.ok) return { value: given.value, known: false };
      const min = typeof schema.minimum === 'number' ? schema.minimum : 1;
      return { value: fitNumber(min, schema, integer), known: false };
    }
    case 'boolean': {
      const result = resultFor(name, ctx);
      if (typeof result === 'boolean') return { value: result, known: true };
      if (!required) return undefined;
      const given = fallback(schema, type);
      return { value: given.ok ? given.value : true, known: false };
    }
    default: {
      const known = knownString(schema, name, ctx, required);
      if (known !== undefined) return { value: fitString(known, schema), known: true };
      if (!required) return undefined;
      const given = fallback(schema, type);
      if (given.ok) return { value: given.value, known: false };
      const value = ZONE.test(name) ? 'UTC' : LOCATION.test(name) ? FIXED_CITY : 'example';
      return { value: fitString(value, schema), known: false };
    }
  }
}

function buildObject(schema: Schema, ctx: Context, required: boolean, depth: number): Built {
  const out: Record<string, unknown> = {};
  let known = false;
  if (depth > 8) return required ? { value: out, known } : undefined;
  const properties = isSchema(schema.properties) ? schema.properties : {};
  const requiredKeys = Array.isArray(schema.required) ? schema.required : [];
  for (const [key, property] of Object.entries(properties)) {
    const built = build(property, key, ctx, requiredKeys.includes(key), depth + 1);
    if (!built) continue;
    out[key] = built.value;
    known ||= built.known;
  }
  if (!required && !known) return undefined;
  return { value: out, known };
}

function buildArray(
  schema: Schema,
  name: string,
  ctx: Context,
  required: boolean,
  depth: number,
): Built {
  const result = resultFor(name, ctx);
  if (Array.isArray(result)) return { value: result, known: true };
  const items = isSchema(schema.items) ? resolve(schema.items, ctx.root) : {};
  const min = typeof schema.minItems === 'number' ? schema.minItems : 1;
  const max = typeof schema.maxItems === 'number' ? schema.maxItems : Number.POSITIVE_INFINITY;
  const plainStrings =
    typeOf(items) === 'string' && items.enum === undefined && items.format === undefined;
  let count = Math.min(Math.max(min, 1), max);
  if (plainStrings && !LOCATION.test(name))
    count = Math.min(Math.max(count, ctx.quotes.length), max);
  const values: unknown[] = [];
  let known = false;
  for (let i = 0; i < count; i++) {
    const built = build(items, name, ctx, true, depth + 1);
    if (!built) break;
    values.push(built.value);
    known ||= built.known;
  }
  if (schema.uniqueItems === true) {
    const seen = new Set<string>();
    values.forEach((value, i) => {
      let unique = value;
      for (let n = 1; seen.has(JSON.stringify(unique)); n++) {
        unique =
          typeof value === 'number'
            ? value + n
            : typeof value === 'string'
              ? `${value} ${i + n}`
              : unique;
        if (typeof value !== 'number' && typeof value !== 'string') break;
      }
      values[i] = unique;
      seen.add(JSON.stringify(unique));
    });
  }
  if (!required && !known) return undefined;
  return { value: values, known };
}

/**
 * A value for a JSON schema, following the README rules ("Tool arguments"): values taken from
 * the prompt segment (numbers, quoted strings, places, dates, e-mails, URLs, enum words) and from
 * earlier tool results (same key), else defaults (`default`, `examples[0]`, the first enum value,
 * `minimum` or 1, `true`, `"Paris"` for location fields, `"UTC"` for time-zone fields, else
 * `"example"`). Optional properties appear only when a value is known. Supports `$ref` (local),
 * `allOf`, `anyOf` / `oneOf` (first non-null option), `const`, `enum`, string length / pattern
 * (best effort) / formats, number bounds and `multipleOf`, array `minItems` / `maxItems` /
 * `uniqueItems`, nested objects.
 */
export function schemaValue(schema: unknown, sources: ValueSources): unknown {
  const root = isSchema(schema) ? schema : {};
  const names = new Set<string>();
  collectNames(root, names);
  const ctx: Context = {
    root,
    sources,
    numbers: findNumbers(sources.segment),
    quotes: findQuoted(sources.segment),
    names,
    plainUsed: 0,
  };
  const type = typeOf(resolve(root, root));
  const built = build(root, 'value', ctx, true, 0);
  if (built) return built.value;
  return type === 'object' ? {} : null;
}
