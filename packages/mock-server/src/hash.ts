const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** cyrb53: a fast, well-distributed 53-bit string hash (public domain, bryc). */
function cyrb53(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * A deterministic id of `length` base-62 characters derived from `text` (not cryptographic:
 * only used so that the same request on a fresh server gives the same ids).
 */
export function hashId(text: string, length: number): string {
  let out = '';
  for (let seed = 1; out.length < length; seed++) {
    let value = cyrb53(text, seed);
    for (let i = 0; i < 8 && out.length < length; i++) {
      out += BASE62[value % 62];
      value = Math.floor(value / 62);
    }
  }
  return out;
}

/** A deterministic lower-case hex string of `length` characters derived from `text`. */
export function hashHex(text: string, length: number): string {
  let out = '';
  for (let seed = 101; out.length < length; seed++) {
    out += cyrb53(text, seed).toString(16).padStart(14, '0');
  }
  return out.slice(0, length);
}
