import { type MockServer, startMockServer } from '@routify/mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeValue } from './describe-value';
import type { RequestOptions, RoutifyOptions } from './index';
import { Routify } from './routify';

// Regression (new-user trial): `new Routify({ timeout: '30000' })` said "must be a positive
// number of milliseconds (or Infinity); got 30000." — the string looked like a valid number.

let server: MockServer;

beforeAll(async () => {
  server = await startMockServer();
});

afterAll(async () => {
  await server.close();
});

const API_KEY = 'sk-test-describe-0123';
const params = { model: 'gpt-4.1', messages: [{ role: 'user' as const, content: 'Hi' }] };

describe('numeric settings name the received value with its type', () => {
  it.each([
    [
      'timeout',
      '30000',
      /`timeout` must be a positive number of milliseconds.*; got the string "30000"\.$/,
    ],
    ['idleTimeout', '5000', /`idleTimeout` must be .*; got the string "5000"\.$/],
    ['maxRetries', '2', /`maxRetries` must be an integer ≥ 0; got the string "2"\.$/],
    ['maxRetryDelay', '60', /`maxRetryDelay` must be .*; got the string "60"\.$/],
    ['timeout', null, /got null\.$/],
    ['maxRetries', true, /got the boolean true\.$/],
    ['idleTimeout', [1000], /got an array\.$/],
    ['timeout', -5, /got -5\.$/],
    ['maxRetries', 1.5, /got 1\.5\.$/],
  ])('new Routify({ %s: %j })', (name, value, message) => {
    const options = { apiKey: API_KEY, baseURL: server.baseURL, [name]: value };
    expect(() => new Routify(options as unknown as RoutifyOptions)).toThrow(RangeError);
    expect(() => new Routify(options as unknown as RoutifyOptions)).toThrow(message);
  });

  it.each([
    ['timeout', '30000', /`timeout` .*; got the string "30000"\.$/],
    ['idleTimeout', '5000', /`idleTimeout` .*; got the string "5000"\.$/],
    ['maxRetries', '2', /`maxRetries` .*; got the string "2"\.$/],
  ])(
    'per call: create(params, { %s: %j }) rejects before sending',
    async (name, value, message) => {
      const client = new Routify({ apiKey: API_KEY, baseURL: server.baseURL });
      server.reset();
      const options = { [name]: value } as unknown as RequestOptions;
      const call = async () => client.chat.completions.create(params, options);
      await expect(call()).rejects.toThrow(RangeError);
      await expect(call()).rejects.toThrow(message);
      expect(server.requests).toHaveLength(0);
    },
  );
});

describe('describeValue', () => {
  it.each([
    [30000, '30000'],
    [Number.NaN, 'NaN'],
    ['30000', 'the string "30000"'],
    ['', 'the string ""'],
    ['x'.repeat(50), `the string "${'x'.repeat(40)}…"`],
    [false, 'the boolean false'],
    [10n, 'the bigint 10n'],
    [undefined, 'undefined'],
    [null, 'null'],
    [{}, 'an object'],
    [[], 'an array'],
    [() => 1, 'a function'],
  ])('%# → %s', (value, text) => {
    expect(describeValue(value)).toBe(text);
  });
});
