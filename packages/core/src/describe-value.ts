/**
 * A received value for an error message, with its type when that is not a plain number:
 * `the string "30000"`, `the boolean true`, `null`, `an array`, `an object`, `a function`;
 * numbers as written (`-5`, `NaN`, `1.5`). Strings are cut to 40 characters.
 */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'number':
      return String(value);
    case 'string': {
      const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
      return `the string ${JSON.stringify(shown)}`;
    }
    case 'boolean':
      return `the boolean ${String(value)}`;
    case 'bigint':
      return `the bigint ${String(value)}n`;
    case 'undefined':
      return 'undefined';
    case 'function':
      return 'a function';
    case 'symbol':
      return 'a symbol';
    default:
      if (value === null) return 'null';
      return Array.isArray(value) ? 'an array' : 'an object';
  }
}
