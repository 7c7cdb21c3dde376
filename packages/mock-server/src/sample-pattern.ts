import type { Schema } from './resolve-schema';

/** The schema's `pattern` as a RegExp (`u` flag), if it has a valid one. */
export function patternOf(schema: Schema): RegExp | undefined {
  if (typeof schema.pattern !== 'string') return undefined;
  try {
    return new RegExp(schema.pattern, 'u');
  } catch {
    return undefined;
  }
}

/** True when the value matches the schema's `pattern` (or it has none). */
export function matchesPattern(value: string, schema: Schema): boolean {
  return patternOf(schema)?.test(value) ?? true;
}

/** A sample for simple patterns: `\d`→0, `\w`/`.`→a, `[…]`→its first character, quantifiers at their minimum (1 for `+`). */
export function samplePattern(pattern: string): string | undefined {
  let out = '';
  let i = 0;
  const source = pattern.replace(/^\^/, '').replace(/\$$/, '');
  while (i < source.length) {
    let atom: string;
    const char = source[i] as string;
    if (char === '\\') {
      const next = source[i + 1] ?? '';
      atom = next === 'd' ? '0' : next === 'w' ? 'a' : next === 's' ? ' ' : next;
      i += 2;
    } else if (char === '[') {
      const end = source.indexOf(']', i + 1);
      if (end === -1) return undefined;
      const body = source.slice(i + 1, end).replace(/^\^/, '');
      atom = body.startsWith('\\d') ? '0' : (body[0] ?? 'a');
      i = end + 1;
    } else if ('()|'.includes(char)) {
      return undefined;
    } else {
      atom = char === '.' ? 'a' : char;
      i += 1;
    }
    let count = 1;
    const quantifier = /^(?:\{(\d+)(?:,(\d*))?\}|[+*?])/.exec(source.slice(i));
    if (quantifier) {
      count = quantifier[1] !== undefined ? Number(quantifier[1]) : quantifier[0] === '+' ? 1 : 0;
      i += quantifier[0].length;
    }
    out += atom.repeat(count);
  }
  return out;
}
