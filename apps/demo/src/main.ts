import { Command, InvalidArgumentError, Option } from 'commander';
import { REQUEST_TIMEOUT_MS } from './demo-context';
import { runDemo } from './run-demo';
import { SECTION_IDS, type SectionId } from './step-result';

/** The default chat model of every step except the reasoning one. */
const DEFAULT_MODEL = 'gpt-4.1';
/** The default reasoning model. */
const DEFAULT_REASONING_MODEL = 'o4-mini';

/** `--timeout <seconds>`: a positive number of seconds, returned in ms. */
function parseTimeout(value: string): number {
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds <= 0) {
    throw new InvalidArgumentError('It must be a positive number of seconds, e.g. --timeout 120.');
  }
  return Math.round(seconds * 1000);
}

const program = new Command()
  .name('pnpm demo')
  .description(
    'Shows Routify working from plain TypeScript (@routify/core), from LangChain\n' +
      'and LangGraph (@routify/langchain) and from the Vercel AI SDK\n' +
      '(@routify/ai-sdk-provider), then prints a table of timings and tokens.',
  )
  .addOption(new Option('--only <section>', 'run one section only').choices([...SECTION_IDS]))
  .option('--model <id>', 'chat model for every step except the reasoning one', DEFAULT_MODEL)
  .option('--reasoning-model <id>', 'model for the reasoning step', DEFAULT_REASONING_MODEL)
  .option('--json', 'print machine-readable results on stdout, and nothing else', false)
  .addOption(
    new Option(
      '--timeout <seconds>',
      'how long each request waits for the answer to start and between streamed chunks',
    )
      .argParser(parseTimeout)
      .default(REQUEST_TIMEOUT_MS, '60'),
  )
  .addHelpText(
    'after',
    `
Environment:
  ROUTIFY_API_KEY   talk to the real API with this key; unset: an embedded mock
                    server on a free loopback port (no network needed)
  ROUTIFY_BASE_URL  the API to talk to when ROUTIFY_API_KEY is set, an absolute
                    http(s) URL (default https://api.routify.ru/v1)
  NO_COLOR          no colours (colours and the spinner are used only on a
                    terminal)

Examples:
  pnpm demo --only langchain
  pnpm -s demo --json > results.json     (-s: no pnpm banner on stdout)
  ROUTIFY_API_KEY=sk-... pnpm demo --model gpt-4.1-mini \\
    --reasoning-model deepseek-reasoner
  ROUTIFY_API_KEY=sk-... pnpm demo --timeout 120     (a slow network)

Exit code: 0 when every step worked, 1 otherwise (the reason is on stderr).`,
  )
  .action(
    async (options: {
      only?: SectionId;
      model: string;
      reasoningModel: string;
      json: boolean;
      timeout: number;
    }) => {
      const { timeout, ...rest } = options;
      const code = await runDemo({ ...rest, timeoutMs: timeout });
      process.exitCode = code;
      // Everything is closed by now; should a library still hold the event loop open (a
      // keep-alive socket, a timer), do not hang: this timer does not itself keep the process alive.
      setTimeout(() => process.exit(code), 2000).unref();
    },
  );

// `pnpm demo | head`: once the reader has gone, stop quietly instead of crashing on EPIPE.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

// `pnpm demo -- --json` passes the `--` through: drop it so the options still parse.
const argv = process.argv.slice(2);
if (argv[0] === '--') argv.shift();
await program.parseAsync(argv, { from: 'user' });
