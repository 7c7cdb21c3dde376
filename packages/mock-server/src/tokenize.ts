/**
 * The mock's tokenizer: a word piece of at most 6 letters/digits with its leading whitespace,
 * one other character (punctuation, symbol, emoji code point) with its leading whitespace, or
 * trailing whitespace. `tokenize(text).join('') === text` always holds, and no token splits a
 * Unicode code point, so every streamed delta is valid UTF-8 on its own.
 */
const TOKEN = /\s*[\p{L}\p{M}\p{N}_]{1,6}|\s*[^\s\p{L}\p{M}\p{N}_]|\s+/gu;

/** Splits text into the mock's tokens (see the README, "Tokens"). */
export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** Number of mock tokens in `text`. */
export function countTokens(text: string): number {
  return tokenize(text).length;
}
