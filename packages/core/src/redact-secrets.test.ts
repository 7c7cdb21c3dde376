import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets } from './redact-secrets';

const KEY = 'sk-routify-0123456789abcdef';

describe('redactSecrets', () => {
  it('removes the key, its URL-encoded form and any Bearer token from strings', () => {
    expect(redactSecrets(`key ${KEY}!`, [KEY])).toBe(`key ${REDACTED}!`);
    const odd = 'sk+/=key with space';
    expect(redactSecrets(`?k=${encodeURIComponent(odd)}`, [odd])).toBe(`?k=${REDACTED}`);
    expect(redactSecrets('Authorization: Bearer other-token-123', [])).toBe(
      `Authorization: Bearer ${REDACTED}`,
    );
  });

  it('does not garble text for very short secrets', () => {
    expect(redactSecrets('a cat sat', ['a'])).toBe('a cat sat');
  });

  it('copies objects, arrays and Headers only when they hold a secret', () => {
    const clean = { error: { message: 'fine', list: [1, 'two'] } };
    expect(redactSecrets(clean, [KEY])).toBe(clean);
    const dirty = { error: { message: `bad key ${KEY}`, list: [KEY] } };
    expect(redactSecrets(dirty, [KEY])).toEqual({
      error: { message: `bad key ${REDACTED}`, list: [REDACTED] },
    });
    expect(dirty.error.message).toContain(KEY);
    const headers = new Headers({ 'x-echo': `Bearer ${KEY}`, 'x-ok': '1' });
    const redacted = redactSecrets(headers, [KEY]);
    expect(redacted).not.toBe(headers);
    expect(redacted.get('x-echo')).toBe(`Bearer ${REDACTED}`);
    expect(redacted.get('x-ok')).toBe('1');
  });

  it('keeps an error as it is unless it leaks, then copies it with its prototype and cause chain', () => {
    const safe = new TypeError('fetch failed', { cause: new Error('ECONNREFUSED') });
    expect(redactSecrets(safe, [KEY])).toBe(safe);

    const inner = Object.assign(new Error(`connect https://x/?key=${KEY}`), { code: 'ECONNRESET' });
    const outer = new TypeError('fetch failed', { cause: inner });
    const copy = redactSecrets(outer, [KEY]);
    expect(copy).not.toBe(outer);
    expect(copy).toBeInstanceOf(TypeError);
    expect(copy.message).toBe('fetch failed');
    const cause = copy.cause as Error & { code: string };
    expect(cause.message).toBe(`connect https://x/?key=${REDACTED}`);
    expect(cause.code).toBe('ECONNRESET');
    expect(cause.stack).not.toContain(KEY);
  });

  it('survives cycles', () => {
    const cyclic: Record<string, unknown> = { message: KEY };
    cyclic.self = cyclic;
    const copy = redactSecrets(cyclic, [KEY]);
    expect(copy.message).toBe(REDACTED);
  });
});
