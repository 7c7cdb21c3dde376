// `routify-mock`: runs the mock Routify API until SIGINT / SIGTERM.
// stdout gets exactly one line, the base URL (for scripts); everything else goes to stderr.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { MockFaultRule } from './faults/index';
import { MockFaultError } from './faults/mock-fault-error';
import { parseFaultSpec } from './faults/parse-fault-spec';
import { startMockServer } from './node-server';
import type { MockReplySpec, MockServerOptions } from './types';
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
  -f, --fault <list>   faults for every request, in the x-mock-fault syntax,
                       e.g. 'http-503; times=2' or 'crlf, drip; ms=20' (repeatable: joined)
  --stream-fault <list>
                       faults for "stream": true requests only, e.g. 'reset; after=3'
  --model-fault <model>=<list>
                       faults for one model only, e.g. 'o4-mini=http-429; times=1' (repeatable)
  -r, --reply <text|json>
                       answer every chat completion with this text, or with a reply spec
                       given as a JSON object, e.g. '{"content":null,"finishReason":null}'
  -c, --config <file>  a .json, .js or .mjs file whose (default) export is startMockServer
                       options (respond, models, faults, ...); the flags above override it
  -v, --version        print the version
  -h, --help           print this help

A request's own x-mock-fault header wins over --fault / --stream-fault / --model-fault.
Of those, the most specific matching one applies: --model-fault, then --stream-fault, then
--fault. Prints the base URL (e.g. http://127.0.0.1:${DEFAULT_PORT}/v1) on stdout once listening.`;

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

/** `--reply`: a JSON object is a reply spec, anything else the reply text. */
function replySpec(text: string): MockReplySpec | string {
  if (!text.trimStart().startsWith('{')) return text;
  try {
    return JSON.parse(text) as MockReplySpec;
  } catch (error) {
    fail(`--reply looks like JSON but does not parse: ${(error as Error).message}`);
  }
}

/** `--config`: JSON, or a module whose default export (or the module itself) is the options. */
async function loadConfig(file: string): Promise<MockServerOptions> {
  const path = resolve(file);
  try {
    if (path.endsWith('.json')) return JSON.parse(await readFile(path, 'utf8'));
    const module = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
    return (module.default ?? module) as MockServerOptions;
  } catch (error) {
    fail(`cannot load --config ${file}: ${(error as Error).message}`);
  }
}

/** A fault list, checked now so that a typo stops the CLI (exit 2) instead of every request. */
function checked(flag: string, list: string): string {
  try {
    parseFaultSpec(list);
  } catch (error) {
    fail(`${flag} '${list}': ${(error as Error).message}`);
  }
  return list;
}

/** The fault rules of `--model-fault`, `--stream-fault` and `--fault`, most specific first. */
function faultRules(values: Record<string, unknown>): MockFaultRule[] | undefined {
  const list = (name: string) => (values[name] as string[] | undefined) ?? [];
  const rules: MockFaultRule[] = [];
  for (const entry of list('model-fault')) {
    const at = entry.indexOf('=');
    const model = entry.slice(0, at).trim();
    if (at < 1 || /[;,\s]/.test(model)) {
      fail(`--model-fault needs <model>=<fault list>, e.g. 'o4-mini=http-429', got '${entry}'.`);
    }
    rules.push({ model, fault: checked('--model-fault', entry.slice(at + 1)) });
  }
  if (list('stream-fault').length > 0) {
    rules.push({ stream: true, fault: checked('--stream-fault', list('stream-fault').join(', ')) });
  }
  if (list('fault').length > 0) rules.push({ fault: checked('--fault', list('fault').join(', ')) });
  return rules.length > 0 ? rules : undefined;
}

function describeFaults(rules: MockFaultRule[] | undefined): string {
  if (!rules) return '';
  const shown = rules.map((rule) =>
    rule.model ? `${rule.model}=${rule.fault}` : rule.stream ? `stream: ${rule.fault}` : rule.fault,
  );
  return ` with faults: ${shown.join(' | ')}`;
}

async function main(): Promise<void> {
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', short: 'p' },
        host: { type: 'string', short: 'H' },
        latency: { type: 'string', short: 'l' },
        'api-key': { type: 'string', short: 'k' },
        fault: { type: 'string', short: 'f', multiple: true },
        'stream-fault': { type: 'string', multiple: true },
        'model-fault': { type: 'string', multiple: true },
        reply: { type: 'string', short: 'r' },
        config: { type: 'string', short: 'c' },
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
  const config = values.config === undefined ? {} : await loadConfig(values.config as string);
  const options: MockServerOptions = { ...config, port, host };
  if (values.port === undefined && config.port !== undefined) options.port = config.port;
  if (values.host === undefined && config.host !== undefined) options.host = config.host;
  if (values.latency !== undefined || config.latency === undefined) options.latency = latency;
  if (apiKey !== undefined) options.apiKey = apiKey;
  const faults = faultRules(values);
  if (faults) options.faults = faults;
  if (values.reply !== undefined) {
    const reply = replySpec(values.reply as string);
    const scripted = config.respond;
    // --reply answers what the config's own hook leaves to the default rules.
    options.respond = async (request) => (await scripted?.(request)) ?? reply;
  }

  let server: Awaited<ReturnType<typeof startMockServer>>;
  try {
    server = await startMockServer(options);
  } catch (error) {
    if (error instanceof MockFaultError) fail(error.message);
    const code = (error as NodeJS.ErrnoException).code;
    const hint = code === 'EADDRINUSE' ? ' (port in use: pass another --port, or 0)' : '';
    console.error(
      `routify-mock: cannot listen on ${options.host}:${options.port}: ${(error as Error).message}${hint}`,
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
    `routify-mock ${VERSION} listening${describeFaults(faults)}. Use ROUTIFY_BASE_URL=${server.baseURL} ` +
      `ROUTIFY_API_KEY=${apiKey === undefined ? '<any non-empty key>' : '<the --api-key value>'}. ` +
      'Ctrl-C stops.',
  );
}

void main();
