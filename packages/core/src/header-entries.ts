import type { HeadersLike } from './load-settings';

/**
 * A `Headers` object from any realm or library (undici, node-fetch, a polyfill, another
 * copy of the runtime's own): anything with `forEach` and `get`, which `instanceof Headers`
 * misses. A `Map` of names to values qualifies too.
 */
const isHeadersLike = (value: object): value is Headers =>
  typeof (value as Headers).forEach === 'function' && typeof (value as Headers).get === 'function';

/**
 * The `[name, value]` pairs of a {@link HeadersLike}, in order: a `Headers` (or Headers-like)
 * object, an array of pairs, or a record (where `null` / `undefined` mean "remove").
 */
export function headerEntries(
  source: HeadersLike,
): Array<readonly [string, string | null | undefined]> {
  if (Array.isArray(source)) return [...(source as ReadonlyArray<readonly [string, string]>)];
  if (isHeadersLike(source)) {
    const entries: Array<readonly [string, string]> = [];
    source.forEach((value, name) => {
      entries.push([name, value]);
    });
    return entries;
  }
  return Object.entries(source as Record<string, string | null | undefined>);
}
