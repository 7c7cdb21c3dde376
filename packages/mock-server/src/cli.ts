// `routify-mock`: runs the mock Routify API until SIGINT / SIGTERM.
// stdout gets exactly one line, the base URL (for scripts); everything else goes to stderr.
import { parseArgs } from 'node:util';
import { startMockServer } from './node-server';
import { VERSION } from './version';

/** Default port of the CLI (the library defaults to 0, any free port). */
const DEFAULT_PORT = 4747;

const HELP = `Usage: routify-mock [options]

Runs a local mock of the Routify API (OpenAI-compatible) until Ctrl-C.

Options:
  -p, --port <n>       TCP port, 0 = any free port (default ${DEFAULT_PORT})
  -H, --host <host>    interface to bind (default 127.0.0.1)
  -l, --latency <ms>   delay before response headers, in ms (default 0)
  -k, --api-key <key>  the only accepted API key (default: any non-empty key)
  -v, --version        print the version
  -h, --help           print this help

Prints the base URL (e.g. http://127.0.0.1:${DEFAULT_PORT}/v1) on stdout once listening.`;

function fail(message: string): never {
  console.error(`routify-mock: ${message}\nRun 'routify-mock --help' for the options.`);
  process.exit(2);
}

function integer(name: string, text: string | undefined, fallback: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value > max) {
    fail(`--${name} must be an integer from 0 to ${max}, got '${text}'.`);
  }
  return value;
}

async function main(): Promise<void> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', short: 'p' },
        host: { type: 'string', short: 'H' },
        latency: { type: 'string', short: 'l' },
        'api-key': { type: 'string', short: 'k' },
        version: { type: 'boolean', short: 'v' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    console.log(HELP);
    return;
  }
  if (values.version) {
    console.log(VERSION);
    return;
  }
  const apiKey = values['api-key'] as string | undefined;
  if (apiKey !== undefined && apiKey.trim() === '') fail('--api-key must not be empty.');
  const port = integer('port', values.port as string | undefined, DEFAULT_PORT, 65535);
  const latency = integer('latency', values.latency as string | undefined, 0, 600_000);
  const host = (values.host as string | undefined) ?? '127.0.0.1';

  let server: Awaited<ReturnType<typeof startMockServer>>;
  try {
    server = await startMockServer({ port, host, latency, apiKey });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const hint = code === 'EADDRINUSE' ? ' (port in use: pass another --port, or 0)' : '';
    console.error(
      `routify-mock: cannot listen on ${host}:${port}: ${(error as Error).message}${hint}`,
    );
    process.exit(1);
  }
  // Handlers first: a signal that arrives before them would kill the process outright.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`routify-mock: ${signal}, shutting down.`);
    void server.close().then(() => {
      process.exitCode = 0;
    });
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  console.log(server.baseURL);
  console.error(
    `routify-mock ${VERSION} listening. Use ROUTIFY_BASE_URL=${server.baseURL} ` +
      `ROUTIFY_API_KEY=${apiKey === undefined ? '<any non-empty key>' : '<the --api-key value>'}. ` +
      'Ctrl-C stops.',
  );
}

void main();
