import { describe, expect, it } from 'vitest';
import { buildHeaders, checkUserAgentSuffix, USER_AGENT } from './build-headers';
import { VERSION } from './version';

describe('buildHeaders', () => {
  it('sends auth, content type, accept and the user agent', () => {
    const headers = buildHeaders({ apiKey: 'sk-1234', accept: 'application/json', hasBody: true });
    expect(Object.fromEntries(headers)).toEqual({
      authorization: 'Bearer sk-1234',
      'content-type': 'application/json',
      accept: 'application/json',
      'user-agent': `routify-js/core/${VERSION}`,
    });
    expect(USER_AGENT).toBe(`routify-js/core/${VERSION}`);
    expect(
      buildHeaders({ apiKey: 'sk-1234', accept: 'text/event-stream', hasBody: false }).has(
        'content-type',
      ),
    ).toBe(false);
  });

  it('applies default headers, then call headers last; null removes a header', () => {
    const headers = buildHeaders({
      apiKey: 'sk-1234',
      accept: 'application/json',
      hasBody: true,
      defaultHeaders: { 'X-App': 'default', 'X-Both': 'default', 'User-Agent': 'mine/1' },
      headers: new Headers({ 'x-both': 'call' }),
    });
    expect(headers.get('x-app')).toBe('default');
    expect(headers.get('x-both')).toBe('call');
    expect(headers.get('user-agent')).toBe('mine/1');
    const removed = buildHeaders({
      apiKey: 'sk-1234',
      accept: 'application/json',
      hasBody: false,
      defaultHeaders: [['x-pair', '1']],
      headers: { 'user-agent': null, 'x-pair': undefined },
    });
    expect(removed.has('user-agent')).toBe(false);
    expect(removed.has('x-pair')).toBe(false);
  });

  it('appends User-Agent suffixes in order, after a User-Agent the headers replaced', () => {
    const base = { apiKey: 'sk-1234', accept: 'application/json', hasBody: false };
    expect(
      buildHeaders({ ...base, userAgentSuffixes: ['adapter/2', undefined, 'ai/7'] }).get(
        'user-agent',
      ),
    ).toBe(`routify-js/core/${VERSION} adapter/2 ai/7`);
    expect(
      buildHeaders({
        ...base,
        defaultHeaders: { 'User-Agent': 'mine/1' },
        userAgentSuffixes: ['adapter/2'],
      }).get('user-agent'),
    ).toBe('mine/1 adapter/2');
    expect(
      buildHeaders({
        ...base,
        headers: { 'user-agent': null },
        userAgentSuffixes: ['adapter/2'],
      }).get('user-agent'),
    ).toBe('adapter/2');
    expect(buildHeaders({ ...base, userAgentSuffixes: [] }).get('user-agent')).toBe(USER_AGENT);
  });

  it('checkUserAgentSuffix trims, treats blank as none and names the option on bad input', () => {
    expect(checkUserAgentSuffix('userAgentSuffix', ' app/1 \n')).toBe('app/1');
    expect(checkUserAgentSuffix('userAgentSuffix', '  ')).toBeUndefined();
    expect(checkUserAgentSuffix('userAgentSuffix', undefined)).toBeUndefined();
    expect(() => checkUserAgentSuffix('userAgentSuffix', 'app/1\r\nX-Evil: 1')).toThrow(
      /`userAgentSuffix` contains characters not allowed in an HTTP header/,
    );
    expect(() => checkUserAgentSuffix('userAgentSuffix', 'приложение/1')).toThrow(TypeError);
    expect(() => checkUserAgentSuffix('userAgentSuffix', 42)).toThrow(
      /`userAgentSuffix` must be a string of User-Agent product tokens .*; got number/,
    );
  });

  it('rejects a key that cannot be a header value without showing it', () => {
    const key = 'sk-line\nbreak-secret';
    let caught: unknown;
    try {
      buildHeaders({ apiKey: key, accept: 'application/json', hasBody: false });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TypeError);
    expect((caught as Error).message).toMatch(/The API key contains characters not allowed/);
    expect((caught as Error).message).not.toContain('secret');
    expect(() =>
      buildHeaders({ apiKey: 'sk-ключ', accept: 'application/json', hasBody: false }),
    ).toThrow(TypeError);
    // A trailing newline (a key read from a file) is dropped like Headers does.
    expect(
      buildHeaders({ apiKey: 'sk-1234\n', accept: 'application/json', hasBody: false }).get(
        'authorization',
      ),
    ).toBe('Bearer sk-1234');
  });
});
