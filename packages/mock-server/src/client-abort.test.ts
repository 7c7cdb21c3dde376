import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockRoutify, startMockServer } from './index';
import type { MockServer } from './node-server';
import { AUTH, KEY } from './test-helper.test-helper';

// Reports 3 and 4 of the mock-server review: a client that leaves before the response headers
// (during a slow `respond` hook, `latency` or `delay-headers`) must be seen at once, and
// `connections` must drop; Node's fetch may keep a spare socket (undici), `activeRequests` not.

let server: MockServer;
let release: (() => void) | undefined;
beforeAll(async () => {
  server = await startMockServer({
    respond: async ({ body }) => {
      const last = body.messages.at(-1)?.content;
      if (last === 'hold') await new Promise<void>((resolve) => (release = resolve));
      return undefined;
    },
  });
});
afterAll(() => server.close());

// Generous: a loaded CI machine (every suite in parallel on 2 cores) is slow; a wrong state still fails.
const until = async (check: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

const body = (content: string) =>
  JSON.stringify({ model: 'gpt-4.1', messages: [{ role: 'user', content }] });

/** Opens a raw socket and sends one complete request; resolves once it is written. */
async function rawRequest(text: string, headers: Record<string, string> = {}): Promise<Socket> {
  const { port } = new URL(server.url);
  const socket = connect(Number(port), '127.0.0.1');
  socket.on('error', () => {});
  await new Promise((resolve) => socket.once('connect', resolve));
  const extra = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  socket.write(
    `POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${KEY}\r\n${extra}` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
  );
  return socket;
}

describe('a client that leaves before the response headers (report 3)', () => {
  it('is marked clientClosed while the respond hook is still pending, and its socket is dropped', async () => {
    server.reset();
    const socket = await rawRequest(body('hold'));
    await until(() => server.requests.length === 1 && release !== undefined);
    expect(server.activeRequests).toBe(1);
    socket.destroy();
    await until(() => server.requests[0]?.clientClosed === true && server.connections === 0);
    // The reply was never produced: the hook still waits.
    expect(server.requests[0]?.status).toBeUndefined();
    expect(server.requests[0]?.clientClosedAt).toEqual(expect.any(Number));
    expect(server.activeRequests).toBe(0);
    release?.();
    release = undefined;
  });

  it('is marked clientClosed during a delay-headers fault, with no reply bytes sent', async () => {
    server.reset();
    const socket = await rawRequest(body('hi'), { 'x-mock-fault': 'delay-headers; ms=60000' });
    let received = '';
    socket.on('data', (data) => {
      received += data.toString();
    });
    await until(() => server.requests.length === 1);
    socket.destroy();
    await until(() => server.requests[0]?.clientClosed === true && server.connections === 0);
    expect(server.activeRequests).toBe(0);
    expect(received).toBe('');
  });
});

describe('Node fetch aborted before headers (report 4)', () => {
  it('marks clientClosed at once; activeRequests drops to 0 even when undici keeps a spare socket', async () => {
    server.reset();
    const controller = new AbortController();
    const pending = fetch(`${server.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { ...AUTH, 'x-mock-fault': 'delay-headers; ms=60000' },
      body: body('hi'),
      signal: controller.signal,
    });
    await until(() => server.requests.length === 1);
    controller.abort();
    await expect(pending).rejects.toThrow(/abort/i);
    await until(() => server.requests[0]?.clientClosed === true && server.activeRequests === 0);
    // `connections` may still count undici's idle spare socket here (nodejs/undici#5845): it
    // carries no request, which is why tests assert `activeRequests` / `clientClosed` instead.
    expect(server.requests).toHaveLength(1);
  });
});

describe('createMockRoutify aborted before the response (report 3)', () => {
  const chat = (mock: ReturnType<typeof createMockRoutify>, init: RequestInit) =>
    mock('http://mock/v1/chat/completions', { method: 'POST', headers: AUTH, ...init });

  it('rejects at once and marks clientClosed while the respond hook is pending', async () => {
    let resolveHook: (() => void) | undefined;
    const mock = createMockRoutify({
      respond: () => new Promise<string>((resolve) => (resolveHook = () => resolve('late'))),
    });
    const controller = new AbortController();
    const pending = chat(mock, { body: body('x'), signal: controller.signal });
    await until(() => resolveHook !== undefined);
    controller.abort(new Error('user left'));
    await expect(pending).rejects.toThrow('user left');
    expect(mock.requests[0]).toMatchObject({ clientClosed: true });
    expect(mock.requests[0]?.status).toBeUndefined();
    resolveHook?.();
  });

  it.each([
    ['latency', { latency: 60_000 }, {}],
    ['delay-headers', {}, { 'x-mock-fault': 'delay-headers; ms=60000' }],
  ])('rejects at once and marks clientClosed during %s', async (_name, options, headers) => {
    const mock = createMockRoutify(options);
    const controller = new AbortController();
    const pending = chat(mock, {
      body: body('x'),
      headers: { ...AUTH, ...headers },
      signal: controller.signal,
    });
    await until(() => mock.requests.length === 1);
    controller.abort(new Error('gone'));
    await expect(pending).rejects.toThrow('gone');
    expect(mock.requests[0]).toMatchObject({ clientClosed: true });
  });
});
