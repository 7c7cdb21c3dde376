import { inspect } from 'node:util';
import { type MockServer, startMockServer } from '@routify/mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Routify } from './index';

const KEY = 'sk-routify-base-url-0123456789';
const params = { model: 'gpt-4.1', messages: [{ role: 'user' as const, content: 'Hello' }] };

let server: MockServer;

beforeAll(async () => {
  server = await startMockServer({ apiKey: KEY });
});

afterAll(async () => {
  await server.close();
});

describe('baseURL', () => {
  it('regression: a query string stays at the end of the request URL (the path goes before it)', async () => {
    const client = new Routify({ apiKey: KEY, baseURL: `${server.baseURL}/?api-version=2024` });
    expect(client.baseURL).toBe(`${server.baseURL}?api-version=2024`);
    const completion = await client.chat.completions.create(params);
    expect(completion.object).toBe('chat.completion');
    expect(server.requests.at(-1)?.path).toBe('/v1/chat/completions?api-version=2024');
  });

  it('regression: credentials in the URL are rejected at construction, without echoing them', () => {
    const build = () =>
      new Routify({ apiKey: KEY, baseURL: `http://user:${KEY}@127.0.0.1:1/v1`, maxRetries: 0 });
    expect(build).toThrow(TypeError);
    expect(build).toThrow(/must not contain credentials/);
    expect(build).not.toThrow(new RegExp(KEY));
  });

  it('an invalid baseURL that contains the key is not echoed', () => {
    expect(() => new Routify({ apiKey: KEY, baseURL: `${KEY}/v1` })).toThrow(
      /got \(a value that contains the API key\)/,
    );
  });

  it('regression: JSON.stringify(client) and inspect(client) hide a key or token in the query', () => {
    const token = 'tok-0123456789abcdef';
    const client = new Routify({
      apiKey: 'sk-other-0123456789',
      baseURL: `https://proxy.example/v1?key=${KEY}&token=${token}&region=eu`,
    });
    const shown = [JSON.stringify(client), inspect(client, { showHidden: true, depth: 5 })];
    for (const text of shown) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain(token);
      expect(text).toContain('region=eu');
    }
  });
});
