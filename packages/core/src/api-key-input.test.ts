import { type MockServer, startMockServer } from '@routify/mock-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MissingAPIKeyError, Routify } from './index';

const KEY = 'sk-routify-key-input-0123456789';
const params = { model: 'gpt-4.1', messages: [{ role: 'user' as const, content: 'Hello' }] };

let server: MockServer;

beforeAll(async () => {
  server = await startMockServer({ apiKey: KEY });
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.reset();
});

describe('the apiKey option', () => {
  it('a key pasted with surrounding whitespace or a newline is sent trimmed', async () => {
    const client = new Routify({ apiKey: `  ${KEY}\n`, baseURL: server.baseURL, maxRetries: 0 });
    const completion = await client.chat.completions.create(params);
    expect(completion.object).toBe('chat.completion');
  });

  it('regression: a blank key is no key: MissingAPIKeyError before any request', async () => {
    const client = new Routify({ apiKey: ' \n ', baseURL: server.baseURL, maxRetries: 0 });
    expect(client.hasApiKey).toBe(false);
    const error = await client.chat.completions.create(params).catch((e: unknown) => e);
    expect(MissingAPIKeyError.isInstance(error)).toBe(true);
    expect(server.requests).toHaveLength(0);
  });

  it('a key that is not a string is a TypeError naming the option', () => {
    expect(() => new Routify({ apiKey: 42 as unknown as string })).toThrow(
      /`apiKey` must be a string/,
    );
  });
});
