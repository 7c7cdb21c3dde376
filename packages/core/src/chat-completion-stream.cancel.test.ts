import { type MockServer, startMockServer } from '@routify/mock-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatCompletionChunk } from './api-types';
import type { ChatCompletionStream } from './chat-completion-stream';
import { APIConnectionTimeoutError, APIUserAbortError } from './errors';
import { Routify } from './routify';

// Every request in this file is ended by the client while the server still holds the response
// open (a kept-open [DONE], a stall, a slow drip), so no socket ever returns to the keep-alive
// pool: the mock's `connections` must drop to 0 each time, proving the client closed it.

let server: MockServer;
let client: Routify;

beforeAll(async () => {
  server = await startMockServer();
  client = new Routify({ apiKey: 'sk-test-cancel', baseURL: server.baseURL, maxRetries: 0 });
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.reset();
});

const params = {
  model: 'gpt-4.1',
  messages: [{ role: 'user' as const, content: 'Привет, расскажи что-нибудь длинное' }],
  stream: true as const,
};

function open(fault: string, options: { idleTimeout?: number; signal?: AbortSignal } = {}) {
  return client.chat.completions.create(params, { ...options, headers: { 'x-mock-fault': fault } });
}

/**
 * Asserts the server saw this test's connection closed by the client (`clientClosed` is set by
 * the mock when the socket closes before the response ended; these responses never end).
 */
async function expectSocketClosedByClient(): Promise<void> {
  // A deadline, not a count of 10 ms sleeps: on a loaded machine the close may take seconds.
  const end = performance.now() + 10_000;
  while (!server.requests[0]?.clientClosed && performance.now() < end) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(server.requests).toHaveLength(1);
  expect(server.requests[0]?.clientClosed).toBe(true);
}

async function next(iterator: AsyncIterator<ChatCompletionChunk>, n: number) {
  for (let i = 0; i < n; i++) expect((await iterator.next()).done).toBe(false);
}

describe('the client closes the connection', () => {
  it('[DONE] on a kept-open socket: iteration ends at once and the socket is closed', async () => {
    const stream = await open('done-keep-open');
    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(2);
    expect(stream.partial.finish_reason).toBe('stop');
    expect(stream.controller.signal.aborted).toBe(false);
    await expectSocketClosedByClient();
  });

  it('idle timeout on a stall: APIConnectionTimeoutError with the partial, socket closed', async () => {
    const stream = await open('stall; after=2', { idleTimeout: 150 });
    const chunks: ChatCompletionChunk[] = [];
    const error = await (async () => {
      for await (const chunk of stream) chunks.push(chunk);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    const timeout = error as APIConnectionTimeoutError;
    expect(timeout.kind).toBe('idleTimeout');
    expect(timeout.timeout).toBe(150);
    expect(timeout.partial?.content).toBe(
      chunks.map((chunk) => chunk.choices[0]?.delta?.content ?? '').join(''),
    );
    expect(timeout.partial?.content.length).toBeGreaterThan(0);
    await expectSocketClosedByClient();
  });

  it("the caller's signal: APIUserAbortError with the partial, socket closed", async () => {
    const caller = new AbortController();
    const stream = await open('drip; ms=300', { signal: caller.signal });
    const iterator = stream[Symbol.asyncIterator]();
    await next(iterator, 2);
    const pending = iterator.next();
    caller.abort();
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect((error as APIUserAbortError).partial).toEqual(stream.partial);
    await expectSocketClosedByClient();
  });

  it('abort(): APIUserAbortError where the caller awaits, socket closed', async () => {
    const stream = await open('drip; ms=300');
    const iterator = stream[Symbol.asyncIterator]();
    await next(iterator, 2);
    const pending = iterator.next();
    stream.abort();
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    await expect(iterator.next()).rejects.toBe(error);
    await expectSocketClosedByClient();
  });

  it('break out of for await: ends quietly, socket closed', async () => {
    const stream: ChatCompletionStream = await open('drip; ms=300');
    let seen = 0;
    for await (const _chunk of stream) {
      if (++seen === 2) break;
    }
    expect(stream.ended).toBe(true);
    await expectSocketClosedByClient();
  });

  it('cancelling toReadableStream(): socket closed', async () => {
    const stream = await open('drip; ms=300');
    const reader = stream.toReadableStream().getReader();
    expect((await reader.read()).done).toBe(false);
    await reader.cancel();
    await expectSocketClosedByClient();
  });

  it('a signal aborted before the first read: APIUserAbortError, socket closed', async () => {
    const caller = new AbortController();
    const stream = await open('drip; ms=300', { signal: caller.signal });
    caller.abort();
    const error = await stream[Symbol.asyncIterator]()
      .next()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    await expectSocketClosedByClient();
  });

  it('afterwards no connection is left open: the mock counts 0', async () => {
    // Node's fetch (undici) may open one spare keep-alive socket after an aborted request and
    // closes it when idle (~3 s); the dripping responses above would keep theirs for 9 s.
    const end = performance.now() + 8000;
    while (server.connections > 0 && performance.now() < end) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(server.connections).toBe(0);
  });
});
