import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createMockFetch, type MockRoutifyFetch } from './create-mock-routify';
import { handleRequest, markClientClosed } from './handle-request';
import { createMockState, type InternalState } from './mock-state';
import type { MockServerOptions, MockServerState, RecordedRequest } from './types';

/** A running mock server (`startMockServer`). */
export interface MockServer {
  /** The origin, e.g. `http://127.0.0.1:49152` (IPv6 hosts in brackets). */
  readonly url: string;
  /** `${url}/v1`: what a client takes as its base URL. */
  readonly baseURL: string;
  /** Every request since the last `reset()` (live array; see `RecordedRequest`). */
  readonly requests: RecordedRequest[];
  /**
   * Number of TCP connections open right now (drops when a socket closes), idle keep-alive
   * sockets included — also a spare socket a client's pool opened without sending a request
   * (Node's `fetch` does so after an abort: see the README, "Observing the client").
   */
  readonly connections: number;
  /**
   * Requests in flight right now: received, and their response neither finished nor cut by
   * the client. Idle keep-alive sockets do not count, so after a client aborts this drops to 0
   * as soon as the server sees the close.
   */
  readonly activeRequests: number;
  /** Clears `requests`, the prompt cache and the id counters: like a fresh server. */
  reset(): void;
  /**
   * Stops listening and destroys every connection (keep-alive and hanging streams included).
   * Resolves when the server is closed; idempotent.
   */
  close(): Promise<void>;
  /** An in-process `fetch` sharing this server's state (no sockets). */
  readonly fetch: MockRoutifyFetch;
  /** The live state (catalog, clock, extension store). */
  readonly state: MockServerState;
}

function toRequest(
  req: IncomingMessage,
  origin: string,
  body: Buffer,
  signal: AbortSignal,
): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else headers.set(name, value);
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  return new Request(`${origin}${req.url ?? '/'}`, {
    method: req.method,
    headers,
    body: hasBody ? new Uint8Array(body) : undefined,
    signal,
  });
}

/**
 * Resolves once the bytes written so far have left the socket's buffer. (`res.write` corks the
 * socket until the next tick, so `writableLength` is non-zero without any 'drain' to come.)
 */
async function waitFlushed(socket: Socket): Promise<void> {
  while (!socket.destroyed && socket.writableLength > 0) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Resolves on the response's next 'drain' or 'close', leaving no listener behind. */
async function drainedOrClosed(res: ServerResponse): Promise<void> {
  const done = new AbortController();
  try {
    await Promise.race([
      once(res, 'drain', { signal: done.signal }),
      once(res, 'close', { signal: done.signal }),
    ]);
  } finally {
    done.abort();
  }
}

/** ms between the last bytes written and the RST of a `mockSocketAction: 'reset'`. */
const RESET_GRACE_MS = 15;

/** Sockets the server reset or closed on purpose (a fault): their close is not the client's. */
const endedByServer = new WeakSet<Socket>();

/** Writes `response` to `res` chunk by chunk as the body produces them (never buffered whole). */
async function pipeResponse(response: Response, req: IncomingMessage, res: ServerResponse) {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  res.writeHead(response.status, response.statusText || undefined, headers);
  res.flushHeaders();
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  const socket = req.socket;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) return;
      if (!res.write(value)) await drainedOrClosed(res);
    }
    res.end();
  } catch (error) {
    const action = (error as { mockSocketAction?: unknown } | null)?.mockSocketAction;
    if (socket.destroyed) return;
    endedByServer.add(socket);
    if (action === 'reset') {
      await waitFlushed(socket);
      // Give the client time to read those bytes: on Linux an RST that arrives while they are
      // still unread in the client's receive buffer reads as a plain EOF, not ECONNRESET.
      await new Promise((resolve) => setTimeout(resolve, RESET_GRACE_MS));
      if (!socket.destroyed) socket.resetAndDestroy();
    } else if (action === 'close') {
      // FIN after the bytes already written, without the chunked terminator.
      socket.destroySoon();
    } else {
      socket.destroy();
    }
  }
}

/**
 * Starts a mock Routify API over real HTTP (node:http) and resolves once it listens.
 *
 * Serves the same handler as `createMockRoutify` (routes, auth, validation, reply rules in the
 * README). Each response body is written chunk by chunk as it is produced, with
 * `setNoDelay(true)`. A body stream that errors with `mockSocketAction: 'reset'` resets the
 * connection (TCP RST); `'close'` ends it without the chunked terminator; any other error
 * destroys the socket. A request whose client disconnects before the response ended is marked
 * `clientClosed` (with `clientClosedAt`), and its body stream is cancelled.
 *
 * @param options `port` (default 0 = any free port), `host` (default `127.0.0.1`), and every
 *   `MockRoutifyOptions` field.
 * @throws the `listen` error (e.g. `EADDRINUSE`) when the port cannot be bound.
 */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const state: InternalState = createMockState(options);
  const sockets = new Set<Socket>();
  let active = 0;
  let origin = '';

  const server = createServer((req, res) => {
    void serve(req, res);
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const controller = new AbortController();
    let record: RecordedRequest | undefined;
    active++;
    res.once('close', () => {
      active--;
      if (res.writableFinished || endedByServer.has(req.socket)) return;
      if (record) markClientClosed(record, state.now());
      controller.abort(new Error('The client closed the connection.'));
    });
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const request = toRequest(req, origin, Buffer.concat(chunks), controller.signal);
      const handled = await handleRequest(request, state, controller.signal);
      record = handled.record;
      if (controller.signal.aborted || res.destroyed) {
        markClientClosed(record, state.now());
        await handled.response.body?.cancel().catch(() => {});
        return;
      }
      await pipeResponse(handled.response, req, res);
    } catch (error) {
      if (res.headersSent || res.destroyed) {
        req.socket.destroy();
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      const body = JSON.stringify({
        error: {
          message: `Mock server error: ${message}`,
          type: 'server_error',
          param: null,
          code: null,
        },
      });
      res.writeHead(500, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
    }
  }

  server.on('connection', (socket: Socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  origin = `http://${shownHost}:${address.port}`;

  let closing: Promise<void> | undefined;
  return {
    url: origin,
    baseURL: `${origin}/v1`,
    requests: state.requests,
    get connections() {
      return sockets.size;
    },
    get activeRequests() {
      return active;
    },
    reset: () => state.reset(),
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        const open = [...sockets].map((socket) => once(socket, 'close'));
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
        await Promise.all([closed, ...open]);
      })();
      return closing;
    },
    fetch: createMockFetch(state),
    state,
  };
}
