import { type MockServer, startMockServer } from '@routify/mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Routify } from './index';

const KEY = 'sk-routify-headers-0123456789';
const params = { model: 'gpt-4.1', messages: [{ role: 'user' as const, content: 'Hello' }] };

/** A Headers implementation from another library or realm: not `instanceof Headers`. */
class ForeignHeaders {
  readonly #map = new Map<string, string>();
  constructor(init: Record<string, string>) {
    for (const [name, value] of Object.entries(init)) this.#map.set(name.toLowerCase(), value);
  }
  get(name: string): string | null {
    return this.#map.get(name.toLowerCase()) ?? null;
  }
  has(name: string): boolean {
    return this.#map.has(name.toLowerCase());
  }
  forEach(callback: (value: string, name: string) => void): void {
    this.#map.forEach((value, name) => {
      callback(value, name);
    });
  }
}

let server: MockServer;

beforeAll(async () => {
  server = await startMockServer({ apiKey: KEY });
});

afterAll(async () => {
  await server.close();
});

describe('headers from another Headers implementation', () => {
  it('regression: foreign Headers in defaultHeaders are sent (they were silently dropped), Authorization included', async () => {
    const defaultHeaders = new ForeignHeaders({
      authorization: `Bearer ${KEY}`,
      'x-trace-id': 'trace-1',
    }) as unknown as Headers;
    const client = new Routify({ apiKey: undefined, baseURL: server.baseURL, defaultHeaders });
    const completion = await client.chat.completions.create(params);
    expect(completion.object).toBe('chat.completion');
    expect(server.requests.at(-1)?.headers['x-trace-id']).toBe('trace-1');
  });

  it('regression: foreign Headers as per-call headers are sent', async () => {
    const client = new Routify({ apiKey: KEY, baseURL: server.baseURL });
    const headers = new ForeignHeaders({ 'x-trace-id': 'trace-2' }) as unknown as Headers;
    await client.chat.completions.create(params, { headers });
    expect(server.requests.at(-1)?.headers['x-trace-id']).toBe('trace-2');
  });
});
