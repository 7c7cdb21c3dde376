import { connect } from 'node:net';

/** One read from the socket, `at` ms after the request was written. */
export interface RawRead {
  readonly at: number;
  readonly bytes: Buffer;
}

/** What a client sees on the wire, byte for byte. */
export interface RawExchange {
  readonly status: number;
  /** Lower-case header names. */
  readonly headers: Record<string, string>;
  /** ms from writing the request to the end of the response head. */
  readonly headersAt: number;
  /** Every socket read, head included. */
  readonly reads: RawRead[];
  /** The body bytes: de-chunked when `transfer-encoding: chunked`. */
  readonly body: Buffer;
  /** The chunks of a chunked body, each with the time its last byte arrived. */
  readonly chunks: RawRead[];
  /** A chunked body ended with `0\r\n\r\n`. */
  readonly terminated: boolean;
  /** `end`: FIN from the server; `reset`: ECONNRESET; `open`: still open after `openFor` ms. */
  readonly ending: 'end' | 'reset' | 'open';
}

export interface RawRequestOptions {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** Resolve with `ending: 'open'` when the socket stays open this long after the last read. */
  openFor?: number;
  /** Resolve with `ending: 'open'` this long after connecting, whatever arrives. */
  closeAfter?: number;
  /**
   * Resolve with `ending: 'open'` as soon as the raw bytes read so far (head and chunk framing
   * included) satisfy this: waits for what must arrive instead of a fixed time.
   */
  closeWhen?: (raw: Buffer) => boolean;
}

function parseChunked(
  bytes: Buffer,
  arrivals: RawRead[],
  bodyStart: number,
): { chunks: RawRead[]; terminated: boolean } {
  const chunks: RawRead[] = [];
  const arrivalOf = (end: number): number => {
    let offset = 0;
    for (const read of arrivals) {
      offset += read.bytes.length;
      if (offset >= bodyStart + end) return read.at;
    }
    return Number.NaN;
  };
  let position = 0;
  while (position < bytes.length) {
    const lineEnd = bytes.indexOf('\r\n', position);
    if (lineEnd === -1) break;
    const size = Number.parseInt(bytes.subarray(position, lineEnd).toString('latin1'), 16);
    if (Number.isNaN(size)) throw new Error(`bad chunk size at ${position}`);
    if (size === 0) {
      return { chunks, terminated: bytes.subarray(lineEnd, lineEnd + 4).toString() === '\r\n\r\n' };
    }
    const start = lineEnd + 2;
    if (start + size + 2 > bytes.length) break;
    chunks.push({ at: arrivalOf(start + size), bytes: bytes.subarray(start, start + size) });
    position = start + size + 2;
  }
  return { chunks, terminated: false };
}

/**
 * Sends one HTTP/1.1 request over a raw TCP socket (`Connection: close`) and records every read,
 * the chunked framing and how the connection ended, so tests can tell an RST from a FIN and a FIN
 * from a complete chunked body. An `open` connection is destroyed by the client before resolving.
 */
export function rawRequest(url: string, options: RawRequestOptions = {}): Promise<RawExchange> {
  const { hostname, port } = new URL(url);
  const payload =
    options.body === undefined
      ? Buffer.alloc(0)
      : Buffer.from(typeof options.body === 'string' ? options.body : JSON.stringify(options.body));
  const headers: Record<string, string> = {
    host: `${hostname}:${port}`,
    connection: 'close',
    authorization: 'Bearer sk-test',
    ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
    'content-length': String(payload.length),
    ...options.headers,
  };
  const head = `${options.method ?? 'POST'} ${options.path ?? '/v1/chat/completions'} HTTP/1.1\r\n${Object.entries(
    headers,
  )
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')}\r\n`;
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const reads: RawRead[] = [];
    let started = 0;
    let headersAt = Number.NaN;
    let idle: NodeJS.Timeout | undefined;
    let settled = false;
    const armIdle = () => {
      if (options.openFor === undefined) return;
      clearTimeout(idle);
      idle = setTimeout(() => finish('open'), options.openFor);
    };
    const finish = (ending: RawExchange['ending']) => {
      if (settled) return;
      settled = true;
      clearTimeout(idle);
      socket.destroy();
      const all = Buffer.concat(reads.map((read) => read.bytes));
      const headEnd = all.indexOf('\r\n\r\n');
      if (headEnd === -1) {
        reject(new Error(`no response head (${ending}): ${JSON.stringify(all.toString())}`));
        return;
      }
      const [statusLine = '', ...lines] = all.subarray(0, headEnd).toString('latin1').split('\r\n');
      const responseHeaders: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        responseHeaders[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      const rawBody = all.subarray(headEnd + 4);
      const chunked = responseHeaders['transfer-encoding'] === 'chunked';
      const parsed = chunked
        ? parseChunked(rawBody, reads, headEnd + 4)
        : { chunks: [], terminated: false };
      resolve({
        status: Number(statusLine.split(' ')[1]),
        headers: responseHeaders,
        headersAt,
        reads,
        body: chunked ? Buffer.concat(parsed.chunks.map((chunk) => chunk.bytes)) : rawBody,
        chunks: parsed.chunks,
        terminated: parsed.terminated,
        ending,
      });
    };
    socket.on('connect', () => {
      started = performance.now();
      if (options.closeAfter !== undefined) {
        const total = setTimeout(() => finish('open'), options.closeAfter);
        socket.once('close', () => clearTimeout(total));
      }
      socket.write(head);
      socket.write(payload);
      armIdle();
    });
    socket.on('data', (bytes) => {
      reads.push({ at: performance.now() - started, bytes });
      if (
        Number.isNaN(headersAt) &&
        Buffer.concat(reads.map((read) => read.bytes)).includes('\r\n\r\n')
      ) {
        headersAt = performance.now() - started;
      }
      armIdle();
      if (options.closeWhen?.(Buffer.concat(reads.map((read) => read.bytes)))) finish('open');
    });
    socket.on('end', () => finish('end'));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET') finish('reset');
      else if (!settled) {
        settled = true;
        reject(error);
      }
    });
  });
}
