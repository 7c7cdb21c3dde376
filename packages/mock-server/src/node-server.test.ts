import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer } from './index';
import type { MockServer } from './node-server';
import { AUTH, KEY, post } from './test-helper.test-helper';

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer({
    respond: ({ body }) => {
      const script = body.script;
      if (typeof script !== 'string') return undefined;
      // A body that sends one chunk, then fails as a fault would (or hangs).
      const encoder = new TextEncoder();
      let sent = false;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (!sent) {
            sent = true;
            controller.enqueue(encoder.encode('data: {"partial":true}\n\n'));
            return;
          }
          if (script === 'hang') return new Promise<void>(() => {});
          controller.error(Object.assign(new Error(script), { mockSocketAction: script }));
          return undefined;
        },
      });
      return new Response(stream, { headers: { 'content-type': 'text/event-stream' } });
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

/** Sends a raw HTTP request; resolves with every byte received and how the socket ended. */
function rawExchange(port: number, body: string): Promise<{ text: string; ending: string }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (data) => {
      text += data.toString('utf8');
    });
    socket.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ text, ending: error.code ?? 'error' }),
    );
    socket.on('end', () => resolve({ text, ending: 'end' }));
    socket.write(
      `POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${KEY}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  });
}

describe('startMockServer', () => {
  it('exposes url, baseURL and the live connection count', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.baseURL).toBe(`${server.url}/v1`);
    const before = server.connections;
    const socket = connect(Number(new URL(server.url).port), '127.0.0.1');
    await until(() => server.connections === before + 1);
    socket.destroy();
    await until(() => server.connections === before);
  });

  it('marks clientClosed and drops the connection when a client aborts a stream', async () => {
    const controller = new AbortController();
    const started = server.requests.length;
    const hanging = await fetch(`${server.baseURL}/chat/completions`, {
      method: 'POST',
      headers: AUTH,
      body: JSON.stringify({
        model: 'gpt-4.1',
        messages: [{ role: 'user', content: 'hi' }],
        script: 'hang',
      }),
      signal: controller.signal,
    });
    const first = await hanging.body?.getReader().read();
    expect(new TextDecoder().decode(first?.value)).toBe('data: {"partial":true}\n\n');
    const record = server.requests[started];
    expect(record?.clientClosed).toBe(false);
    controller.abort();
    await until(() => record?.clientClosed === true);
    expect(record?.clientClosedAt).toEqual(expect.any(Number));
    expect(record?.completedAt).toBeUndefined();
  });

  it('counts a connection until its client goes away mid-stream', async () => {
    const port = Number(new URL(server.url).port);
    const before = server.connections;
    const started = server.requests.length;
    const socket = connect(port, '127.0.0.1');
    const body = JSON.stringify({
      model: 'gpt-4.1',
      messages: [{ role: 'user', content: 'hi' }],
      script: 'hang',
    });
    socket.write(
      `POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${KEY}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    );
    let received = '';
    socket.on('data', (data) => {
      received += data.toString();
    });
    await until(() => received.includes('data: {"partial":true}'));
    expect(server.connections).toBe(before + 1);
    socket.destroy();
    await until(() => server.connections === before);
    expect(server.requests[started]?.clientClosed).toBe(true);
  });

  it('resets the connection (RST) when the body fails with mockSocketAction "reset"', async () => {
    const port = Number(new URL(server.url).port);
    const result = await rawExchange(
      port,
      JSON.stringify({
        model: 'gpt-4.1',
        messages: [{ role: 'user', content: 'hi' }],
        script: 'reset',
      }),
    );
    expect(result.ending).toBe('ECONNRESET');
    expect(result.text).toContain('HTTP/1.1 200 OK');
  });

  it('closes without the chunked terminator when the body fails with "close"', async () => {
    const port = Number(new URL(server.url).port);
    const result = await rawExchange(
      port,
      JSON.stringify({
        model: 'gpt-4.1',
        messages: [{ role: 'user', content: 'hi' }],
        script: 'close',
      }),
    );
    expect(result.ending).toBe('end');
    expect(result.text).toContain('Transfer-Encoding: chunked\r\n');
    expect(result.text).toContain('data: {"partial":true}\n\n');
    expect(result.text.endsWith('0\r\n\r\n')).toBe(false);
  });

  it('honours backpressure on big bodies without piling up listeners', async () => {
    const chunk = new Uint8Array(1 << 20).fill(97);
    let sent = 0;
    const big = await startMockServer({
      respond: () =>
        new Response(
          new ReadableStream({
            pull(controller) {
              if (sent++ < 12) controller.enqueue(chunk);
              else controller.close();
            },
          }),
        ),
    });
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const response = await post(big.baseURL, {
        model: 'gpt-4.1',
        messages: [{ role: 'user', content: 'x' }],
      });
      const reader = response.body?.getReader();
      let total = 0;
      for (;;) {
        const read = await reader?.read();
        if (!read || read.done) break;
        total += read.value.length;
        await new Promise((resolve) => setTimeout(resolve, 1)); // a slow reader
      }
      expect(total).toBe(12 << 20);
      expect(warnings).toEqual([]);
    } finally {
      process.off('warning', onWarning);
      await big.close();
    }
  });

  it('delays response headers by `latency` ms', async () => {
    const slow = await startMockServer({ latency: 120 });
    try {
      const started = performance.now();
      const response = await fetch(`${slow.baseURL}/models`, { headers: AUTH });
      expect(response.status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(100);
    } finally {
      await slow.close();
    }
  });

  it('leaves no socket or handle after 200 start/close cycles with keep-alive and hanging streams', async () => {
    const handlesBefore = process
      .getActiveResourcesInfo()
      .filter((kind) => kind === 'TCPServerWrap' || kind === 'TCPSocketWrap').length;
    for (let i = 0; i < 200; i++) {
      const cycle = await startMockServer({
        respond: () => new Response(new ReadableStream({ pull: () => new Promise(() => {}) })),
      });
      if (i % 20 === 0) {
        await (await fetch(`${cycle.baseURL}/models`, { headers: AUTH })).text();
        const hanging = await post(cycle.baseURL, {
          model: 'gpt-4.1',
          messages: [{ role: 'user', content: 'x' }],
        });
        expect(hanging.status).toBe(200);
        void hanging.body
          ?.getReader()
          .read()
          .catch(() => {});
      }
      await cycle.close();
      expect(cycle.connections).toBe(0);
    }
    await until(
      () =>
        process
          .getActiveResourcesInfo()
          .filter((kind) => kind === 'TCPServerWrap' || kind === 'TCPSocketWrap').length <=
        handlesBefore,
    );
  });
});
