import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_BASE_URL, loadSettings, readEnv } from './load-settings';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('loadSettings', () => {
  it('uses the documented defaults', () => {
    vi.stubEnv('ROUTIFY_API_KEY', '');
    vi.stubEnv('ROUTIFY_BASE_URL', '');
    expect(loadSettings()).toEqual({
      apiKey: undefined,
      baseURL: DEFAULT_BASE_URL,
      timeout: 600_000,
      idleTimeout: undefined,
      maxRetries: 2,
      maxRetryDelay: 60,
      fetch: undefined,
      defaultHeaders: undefined,
      userAgentSuffix: undefined,
    });
    expect(DEFAULT_BASE_URL).toBe('https://api.routify.ru/v1');
  });

  it('reads ROUTIFY_API_KEY and ROUTIFY_BASE_URL, and options win over them', () => {
    vi.stubEnv('ROUTIFY_API_KEY', 'sk-env');
    vi.stubEnv('ROUTIFY_BASE_URL', 'http://localhost:1234/v1/');
    expect(loadSettings()).toMatchObject({ apiKey: 'sk-env', baseURL: 'http://localhost:1234/v1' });
    expect(
      loadSettings({ apiKey: 'sk-option', baseURL: 'https://example.test/api' }),
    ).toMatchObject({ apiKey: 'sk-option', baseURL: 'https://example.test/api' });
  });

  it('never throws for a missing key', () => {
    vi.stubEnv('ROUTIFY_API_KEY', '');
    expect(loadSettings({ apiKey: '' }).apiKey).toBeUndefined();
  });

  it('rejects invalid numbers with a RangeError naming the option', () => {
    expect(() => loadSettings({ timeout: 0 })).toThrow(/`timeout` must be a positive number/);
    expect(() => loadSettings({ timeout: Number.NaN })).toThrow(RangeError);
    expect(() => loadSettings({ idleTimeout: -1 })).toThrow(/`idleTimeout`/);
    expect(() => loadSettings({ maxRetries: 1.5 })).toThrow(/`maxRetries` must be an integer/);
    expect(() => loadSettings({ maxRetries: -1 })).toThrow(RangeError);
    expect(() => loadSettings({ maxRetryDelay: -1 })).toThrow(/`maxRetryDelay`/);
    expect(
      loadSettings({ timeout: Number.POSITIVE_INFINITY, maxRetries: 0, maxRetryDelay: 0 }),
    ).toMatchObject({ timeout: Number.POSITIVE_INFINITY, maxRetries: 0, maxRetryDelay: 0 });
  });

  it('rejects a baseURL that is not an absolute http(s) URL, naming where it came from', () => {
    expect(() => loadSettings({ baseURL: 'api.routify.ru/v1' })).toThrow(
      /`baseURL` must be an absolute/,
    );
    expect(() => loadSettings({ baseURL: 'ftp://x/v1' })).toThrow(TypeError);
    vi.stubEnv('ROUTIFY_BASE_URL', 'nope');
    expect(() => loadSettings()).toThrow(/ROUTIFY_BASE_URL/);
  });

  it('readEnv trims and treats empty as unset', () => {
    vi.stubEnv('ROUTIFY_TEST_VAR', '  value \n');
    expect(readEnv('ROUTIFY_TEST_VAR')).toBe('value');
    vi.stubEnv('ROUTIFY_TEST_VAR', '   ');
    expect(readEnv('ROUTIFY_TEST_VAR')).toBeUndefined();
  });
});
