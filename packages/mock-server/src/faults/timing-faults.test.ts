import { once } from 'node:events';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMockRoutify, startMockServer } from '../index';
import type { MockServer } from '../node-server';
import {
  baseline,
  chatBody,
  cutAfter,
  dataOf,
  faulted,
  frame,
  NOW,
  OPEN_FOR,
  until,
} from './fault-test.test-helper';
import { MockSocketFault } from './mock-socket-fault';

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer({ now: () => NOW });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const streamBody = chatBody({ stream: true });
/**
 * Times are taken on the client from the moment it wrote the request, so a server delay of N ms
 * is a lower bound of what it sees (Node timers may fire up to ~1 ms early; the slack covers
 * that). Upper bounds are never asserted.
 */
const SLACK = 2;

describe('timing faults', () => {
  it('delay-headers; ms=N: nothing, not even the status line, for N ms', async () => {
    const data = dataOf((await baseline(server, streamBody)).body);
    const exchange = await faulted(server, 'delay-headers; ms=80', streamBody);
    expect(exchange.reads[0]?.at).toBeGreaterThanOrEqual(80 - SLACK);
    expect(exchange.body.toString()).toBe(frame(data));
  });

  it('a client that leaves during delay-headers ends the delay (no timer outlives it)', async () => {
    const { port, hostname } = new URL(server.url);
    const request = httpRequest({
      host: hostname,
      port,
      method: 'POST',
      path: '/v1/chat/completions',
      agent: false,
      headers: { authorization: 'Bearer sk-test', 'x-mock-fault': 'delay-headers; ms=60000' },
    });
    request.on('error', () => {});
    request.end(JSON.stringify(streamBody));
    await until(() => server.requests.length === 1);
    request.destroy();
    await until(() => server.requests[0]?.clientClosed === true);
    await until(() => server.connections === 0);
  });

  it('delay-first; ms=N: the headers at once, the first body byte N ms later', async () => {
    // 300 ms: a loaded client must not stall that long between reads, or the head and the
    // first chunk arrive in one read.
    const exchange = await faulted(server, 'delay-first; ms=300', streamBody);
    const head = exchange.reads[0]?.bytes.toString() ?? '';
    expect(head.startsWith('HTTP/1.1 200 OK\r\n')).toBe(true);
    expect(head.endsWith('\r\n\r\n')).toBe(true); // the first read is the head alone
    const first = exchange.chunks[0]?.at ?? 0;
    expect(exchange.headersAt).toBeLessThan(first);
    expect(first).toBeGreaterThanOrEqual(300 - SLACK);
  });

  it('delay-first on a JSON reply delays its body the same way', async () => {
    const exchange = await faulted(server, 'delay-first; ms=300', chatBody());
    expect(exchange.reads[0]?.bytes.toString().endsWith('\r\n\r\n')).toBe(true);
    expect(exchange.reads[1]?.at).toBeGreaterThanOrEqual(300 - SLACK);
    expect(exchange.status).toBe(200);
  });

  it('drip; ms=N: N ms between events', async () => {
    const data = dataOf((await baseline(server, streamBody)).body);
    const exchange = await faulted(server, 'drip; ms=10', streamBody);
    expect(exchange.body.toString()).toBe(frame(data));
    // One write per event (each its own chunk of the chunked encoding), in order.
    expect(exchange.chunks).toHaveLength(data.length);
    // The sleeps run one after the other on the server, after the request arrived: the last
    // event comes at least (events - 1) × 10 ms after the request. (Spacing seen by the client
    // is not asserted: a loaded client reads several chunks at once.)
    expect(exchange.chunks.at(-1)?.at).toBeGreaterThanOrEqual((data.length - 1) * 10 - SLACK);
  });

  it('heartbeat during delay-first: comments every N ms before the first event', async () => {
    const data = dataOf((await baseline(server, streamBody)).body);
    const exchange = await faulted(server, 'delay-first; ms=100, heartbeat; ms=30', streamBody);
    expect(exchange.body.toString()).toBe(`${': keep-alive\n\n'.repeat(3)}${frame(data)}`);
    expect(exchange.chunks.slice(0, 3).map((chunk) => chunk.bytes.toString())).toEqual(
      Array(3).fill(': keep-alive\n\n'),
    );
    expect(exchange.chunks[0]?.at).toBeGreaterThanOrEqual(30 - SLACK);
    expect(exchange.chunks[3]?.at).toBeGreaterThanOrEqual(100 - SLACK);
  });

  it("heartbeat between dripped events, in the stream's line endings", async () => {
    const data = dataOf((await baseline(server, streamBody)).body);
    const exchange = await faulted(
      server,
      'drip; ms=25, heartbeat; ms=10; text=ping, crlf, no-done',
      streamBody,
    );
    const beat = ': ping\r\n\r\n';
    expect(exchange.body.toString()).toBe(
      data
        .slice(0, -1)
        .map((item, i) => `${i === 0 ? '' : beat.repeat(2)}data: ${item}\r\n\r\n`)
        .join(''),
    );
  });

  it('heartbeat with stall: comments keep coming while no data does', async () => {
    const data = dataOf((await baseline(server, streamBody)).body);
    const sent = frame(cutAfter(data, 1));
    // Waits for the comments instead of a fixed time (a loaded machine may be slow to send the
    // first event); the cap only ends a broken run.
    const beats = (raw: Buffer) => raw.toString().split(': keep-alive\n\n').length - 1;
    const exchange = await faulted(server, 'stall; after=1, heartbeat; ms=20', streamBody, {
      closeWhen: (raw) => beats(raw) >= 3,
      closeAfter: 20_000,
    });
    const text = exchange.body.toString();
    expect(text.startsWith(sent)).toBe(true);
    // Only comments after the cut: no data, and at least 3 of them (so they keep coming).
    expect(text.slice(sent.length)).toMatch(/^(: keep-alive\n\n){3,}$/);
    expect(exchange.ending).toBe('open');
    await until(() => server.connections === 0);
  });

  it('stall; after=N with drip: N chunks dripped, then silence on an open connection', async () => {
    const data = dataOf((await baseline(server, streamBody)).body);
    const exchange = await faulted(server, 'drip; ms=10, stall; after=2', streamBody, {
      openFor: OPEN_FOR,
    });
    expect(exchange.body.toString()).toBe(frame(cutAfter(data, 2)));
    expect(exchange.ending).toBe('open');
    await until(() => server.connections === 0);
  });

  it('an aborted fetch is recorded as clientClosed, with the time', async () => {
    const controller = new AbortController();
    const response = await fetch(`${server.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test', 'x-mock-fault': 'drip; ms=50' },
      body: JSON.stringify(streamBody),
      signal: controller.signal,
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    const record = server.requests.at(-1);
    expect(record?.clientClosed).toBe(false);
    controller.abort();
    await until(() => record?.clientClosed === true);
    expect(record?.clientClosedAt).toBe(NOW);
    expect(record?.completedAt).toBeUndefined();
  });

  it('an aborted node:http client closes its socket: connections drops back', async () => {
    // (fetch's pool may open a fresh idle socket after an abort, so count with agent: false.)
    const before = server.connections;
    const { port, hostname } = new URL(server.url);
    const request = httpRequest({
      host: hostname,
      port,
      method: 'POST',
      path: '/v1/chat/completions',
      agent: false,
      headers: { authorization: 'Bearer sk-test', 'x-mock-fault': 'stall; after=1' },
    });
    request.end(JSON.stringify(streamBody));
    const [response] = (await once(request, 'response')) as [IncomingMessage];
    await once(response, 'data');
    expect(server.connections).toBe(before + 1);
    request.destroy();
    await until(() => server.connections === before);
    await until(() => server.requests.at(-1)?.clientClosed === true);
  });

  it('fetch sees a reset and a close as a failed body read', async () => {
    for (const fault of ['reset; after=1', 'close; after=1']) {
      const response = await fetch(`${server.baseURL}/chat/completions`, {
        method: 'POST',
        headers: { authorization: 'Bearer sk-test', 'x-mock-fault': fault },
        body: JSON.stringify(streamBody),
      });
      expect(response.status).toBe(200);
      await expect(response.text()).rejects.toThrow(TypeError);
    }
  });
});

describe('close() with faulted streams in flight', () => {
  it('ends stalled, kept-open and heartbeating streams and resolves', async () => {
    const other = await startMockServer({ now: () => NOW });
    const faults = ['stall; after=1', 'done-keep-open', 'stall; after=1, heartbeat; ms=10'];
    const exchanges = faults.map((fault) => faulted(other, fault, streamBody));
    await until(() => other.requests.length === 3 && other.connections === 3);
    await new Promise((resolve) => setTimeout(resolve, 30));
    await other.close();
    for (const exchange of await Promise.all(exchanges)) {
      expect(exchange.status).toBe(200);
      expect(exchange.terminated).toBe(false);
      expect(['end', 'reset']).toContain(exchange.ending);
    }
    expect(other.connections).toBe(0);
  });
});

describe('faults in process (createMockRoutify)', () => {
  const mock = createMockRoutify({
    now: () => NOW,
    faults: [{ fault: 'reset; after=1', model: 'gpt-4.1-mini' }],
  });
  const send = (body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal) =>
    mock('http://mock/v1/chat/completions', {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test', ...headers },
      body: JSON.stringify(body),
      signal,
    });

  it('reset/close error the body with a MockSocketFault naming the action', async () => {
    const response = await send({ ...streamBody, model: 'gpt-4.1-mini' });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const reads: string[] = [];
    const error = await (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return undefined;
          reads.push(new TextDecoder().decode(value));
        }
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(MockSocketFault);
    expect((error as MockSocketFault).mockSocketAction).toBe('reset');
    expect(reads).toHaveLength(2); // role chunk + one content chunk
    expect(mock.requests.at(-1)?.fault).toBe('reset; after=1');
  });

  it('aborting a stalled in-process stream marks the request clientClosed', async () => {
    const controller = new AbortController();
    const response = await send(
      streamBody,
      { 'x-mock-fault': 'stall; after=1' },
      controller.signal,
    );
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    await reader.read();
    const pending = reader.read();
    controller.abort();
    await expect(pending).rejects.toThrow();
    expect(mock.requests.at(-1)?.clientClosed).toBe(true);
  });

  it('delay-headers holds the Response promise', async () => {
    const started = performance.now();
    const response = await send(chatBody(), { 'x-mock-fault': 'delay-headers; ms=40' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(40 - SLACK);
    expect(response.status).toBe(200);
  });
});
