/**
 * The fixture server: a child process (forked by {@link startFixtureServer}) that answers
 * `POST /v1/chat/completions` on 127.0.0.1 with bytes prepared once at start-up, the same bytes
 * for every target. A `stream: true` request for a model of the plan gets that model's SSE body
 * (written in one go: as fast as the socket takes it), after `firstByteDelayMs` when set; any
 * other request gets the small JSON completion. It exits when the parent disconnects.
 */
import { fork } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { BENCH_DIR } from './bench-dir';
import {
  type FixturePlan,
  type StreamFixtureSpec,
  smallCompletionBody,
  streamBody,
} from './fixtures';

/** A running fixture server (in another process). */
export interface FixtureServer {
  /** `http://127.0.0.1:<port>/v1`. */
  baseURL: string;
  /** The child's process id. */
  pid: number;
  /** Stops the child and waits for it to exit. */
  close(): Promise<void>;
}

interface ReadyMessage {
  type: 'ready';
  port: number;
}

/** Forks the fixture server, sends it the plan and waits until it listens (at most 60 s). */
export async function startFixtureServer(plan: FixturePlan): Promise<FixtureServer> {
  const file = fileURLToPath(import.meta.url);
  const child = fork(file, ['--child'], {
    // `tsx` is resolved from the bench app, wherever the bench was started from.
    cwd: BENCH_DIR,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error('The fixture server did not start within 60 s.'));
    }, 60_000);
    child.once('message', (message: ReadyMessage) => {
      clearTimeout(timer);
      resolve(message.port);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The fixture server exited early (code ${code}).`));
    });
    child.send(plan);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    pid: child.pid ?? -1,
    async close() {
      if (child.exitCode === null && child.signalCode === null) {
        child.disconnect();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

interface PreparedStream {
  spec: StreamFixtureSpec;
  body: Buffer;
}

function serve(plan: FixturePlan): Promise<number> {
  const streams = new Map<string, PreparedStream>();
  for (const [model, spec] of Object.entries(plan.streams)) {
    streams.set(model, { spec, body: streamBody(spec.chunks) });
  }
  const small = smallCompletionBody();

  const handle = (request: IncomingMessage, response: ServerResponse, raw: Buffer): void => {
    if (request.method !== 'POST' || !request.url?.endsWith('/chat/completions')) {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end('{"error":{"message":"not found","type":"invalid_request_error","code":404}}');
      return;
    }
    let body: { model?: unknown; stream?: unknown };
    try {
      body = JSON.parse(raw.toString('utf8')) as typeof body;
    } catch {
      response.writeHead(400, { 'content-type': 'application/json' });
      response.end('{"error":{"message":"invalid JSON","type":"invalid_request_error"}}');
      return;
    }
    const prepared = typeof body.model === 'string' ? streams.get(body.model) : undefined;
    if (body.stream !== true || prepared === undefined) {
      response.writeHead(200, {
        'content-type': 'application/json',
        'content-length': small.length,
        'x-request-id': 'req_bench',
      });
      response.end(small);
      return;
    }
    response.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      'x-request-id': 'req_bench',
    });
    const send = (): void => {
      response.write(prepared.body);
      response.end();
    };
    if (prepared.spec.firstByteDelayMs > 0) {
      response.flushHeaders();
      const timer = setTimeout(send, prepared.spec.firstByteDelayMs);
      response.once('close', () => clearTimeout(timer));
    } else {
      send();
    }
  };

  const server = createServer({ keepAliveTimeout: 30_000 }, (request, response) => {
    const parts: Buffer[] = [];
    request.on('data', (part: Buffer) => parts.push(part));
    request.on('end', () => handle(request, response, Buffer.concat(parts)));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        reject(new Error('The fixture server has no TCP address.'));
        return;
      }
      resolve(address.port);
    });
  });
}

if (process.argv.includes('--child') && process.send !== undefined) {
  process.once('message', (plan: FixturePlan) => {
    serve(plan).then(
      (port) => process.send?.({ type: 'ready', port } satisfies ReadyMessage),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
  // The bench went away (finished, crashed or was killed): stop serving.
  process.once('disconnect', () => process.exit(0));
}
