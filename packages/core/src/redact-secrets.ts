/** What a secret is replaced with. */
export const REDACTED = '[redacted]';

/** Secrets shorter than this are not searched for (replacing one or two letters would garble text). */
const MIN_SECRET_LENGTH = 4;

/** `Bearer <token>` as echoed by servers or proxies, whatever the token. */
const BEARER_PATTERN = /\b(Bearer\s+)[^\s"',;]+/gi;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A function that removes the given secrets (and their URL-encoded forms, and any
 * `Bearer <token>`) from a string.
 */
export function createRedactor(secrets: readonly (string | undefined)[]): (text: string) => string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
  }
  const pattern =
    forms.size === 0
      ? undefined
      : new RegExp(
          [...forms]
            .sort((a, b) => b.length - a.length)
            .map(escapeRegExp)
            .join('|'),
          'g',
        );
  return (text) => {
    const withoutBearer = text.replace(BEARER_PATTERN, `$1${REDACTED}`);
    return pattern === undefined ? withoutBearer : withoutBearer.replace(pattern, REDACTED);
  };
}

/**
 * Returns `value` with every secret removed from every string inside it: plain objects, arrays,
 * `Headers` and `Error`s (message, stack, own properties, `cause` chain) are copied with
 * redacted strings; values that contain no secret are returned as they are (same identity), so
 * an error's `cause` stays the original object unless it leaked a secret. Cycles are handled.
 */
export function redactSecrets<T>(value: T, secrets: readonly (string | undefined)[]): T {
  const redact = createRedactor(secrets);
  return redactValue(value, redact, new Map()) as T;
}

/** A `Headers` object, also one from another realm or a fetch polyfill. */
const isHeadersLike = (value: object): value is Headers =>
  (typeof Headers !== 'undefined' && value instanceof Headers) ||
  (typeof (value as Headers).forEach === 'function' &&
    typeof (value as Headers).get === 'function' &&
    typeof (value as Headers).has === 'function' &&
    typeof (value as Headers).append === 'function');

function redactValue(
  value: unknown,
  redact: (text: string) => string,
  seen: Map<object, unknown>,
): unknown {
  if (typeof value === 'string') return redact(value);
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return seen.get(value);
  seen.set(value, value);
  let result: unknown = value;
  if (Array.isArray(value)) {
    const copy = value.map((item) => redactValue(item, redact, seen));
    if (copy.some((item, index) => item !== value[index])) result = copy;
  } else if (isHeadersLike(value)) {
    let changed = false;
    const copy = new Headers();
    value.forEach((headerValue, name) => {
      const clean = redact(headerValue);
      if (clean !== headerValue) changed = true;
      copy.append(name, clean);
    });
    if (changed) result = copy;
  } else if (value instanceof Error) {
    result = redactError(value, redact, seen);
  } else {
    const prototype = Object.getPrototypeOf(value);
    if (prototype === Object.prototype || prototype === null) {
      const record = value as Record<string, unknown>;
      const copy: Record<string, unknown> = prototype === null ? Object.create(null) : {};
      let changed = false;
      for (const [key, item] of Object.entries(record)) {
        const clean = redactValue(item, redact, seen);
        if (clean !== item) changed = true;
        copy[redact(key)] = clean;
        if (redact(key) !== key) changed = true;
      }
      if (changed) result = copy;
    }
  }
  seen.set(value, result);
  return result;
}

function redactError(
  error: Error,
  redact: (text: string) => string,
  seen: Map<object, unknown>,
): Error {
  // `stack` is an own accessor on V8 errors and an inherited one elsewhere: read every own
  // property and `message` / `stack` through the object, and copy them as data properties.
  const names = new Set([...Object.getOwnPropertyNames(error), 'message', 'stack']);
  const entries: Array<{ name: string; value: unknown; clean: unknown; enumerable: boolean }> = [];
  let changed = false;
  for (const name of names) {
    const descriptor = Object.getOwnPropertyDescriptor(error, name);
    let value: unknown;
    try {
      value =
        descriptor !== undefined && 'value' in descriptor
          ? descriptor.value
          : Reflect.get(error, name);
    } catch {
      continue;
    }
    if (descriptor === undefined && value === undefined) continue;
    const clean = redactValue(value, redact, seen);
    if (clean !== value) changed = true;
    entries.push({ name, value, clean, enumerable: descriptor?.enumerable ?? false });
  }
  if (!changed) return error;
  const copy = Object.create(Object.getPrototypeOf(error)) as Error;
  for (const entry of entries) {
    Object.defineProperty(copy, entry.name, {
      value: entry.clean,
      writable: true,
      configurable: true,
      enumerable: entry.enumerable,
    });
  }
  return copy;
}
