/**
 * `pnpm bench`: Routify JS against the peers, side by side, on loopback (issue 13). Writes
 * BENCHMARKS.md at the repository root; `--quick` prints a smaller run and writes nothing.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { benchConfig, fixturePlan, MODELS, WARMUP_CHUNKS } from './bench-config';
import { BENCH_DIR } from './bench-dir';
import { streamAndCheck } from './consume';
import { loadAverage, readEnvironment } from './environment';
import { startFixtureServer } from './fixture-server';
import { measureBundleSize } from './measure-bundle-size';
import { measureByteReads } from './measure-byte-reads';
import { measureImport } from './measure-import';
import { measureMemory } from './measure-memory';
import { measureOverhead } from './measure-overhead';
import { measureThroughput } from './measure-throughput';
import { measureTtft } from './measure-ttft';
import { type ProfileResult, profileTarget } from './profile-target';
import { type BenchResults, renderConsole, renderMarkdown } from './report';
import { createTargets } from './targets/index';
import type { TargetContext } from './targets/target';
import { checkTargets } from './targets-table';

interface Options {
  quick: boolean;
  render?: string;
  rounds?: number;
  output: string;
  profile: boolean;
}

const parseCount = (value: string): number => {
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1 || count > 50) {
    throw new InvalidArgumentError('expected an integer from 1 to 50.');
  }
  return count;
};

const program = new Command('bench')
  .description('Routify JS against the peers, side by side, on loopback (issue 13).')
  .option(
    '--quick',
    'a small run (under a minute) printed to stdout; BENCHMARKS.md is not touched',
    false,
  )
  .option(
    '--rounds <n>',
    'rounds of the alternating measures (default: 7, or 3 with --quick)',
    parseCount,
  )
  .option(
    '--output <file>',
    'where the full run writes its report',
    join(BENCH_DIR, '..', '..', 'BENCHMARKS.md'),
  )
  .option('--no-profile', 'do not profile missed targets (full run only)')
  .option(
    '--render <results.json>',
    'measure nothing: rewrite the report from the results a full run saved (with the current FINDINGS.md)',
  )
  .showHelpAfterError();

const log = (message: string): void => {
  process.stderr.write(`bench: ${message}\n`);
};

/** Runs one measure, logging its name and how long it took. */
async function step<T>(name: string, measure: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await measure();
  log(`${name}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

/** A path given on the command line, relative to where `pnpm bench` was typed (`INIT_CWD`). */
const fromCallerDir = (path: string): string =>
  resolve(process.env.INIT_CWD ?? process.cwd(), path);

/** Where a full run saves its raw results (for `--render`); not committed. */
const RESULTS_FILE = join(BENCH_DIR, 'node_modules', '.cache', 'routify-bench', 'results.json');

function writeReport(results: BenchResults, outputFile: string): void {
  const findingsFile = join(BENCH_DIR, 'FINDINGS.md');
  const findings = existsSync(findingsFile)
    ? readFileSync(findingsFile, 'utf8')
    : 'No findings recorded.';
  const output = fromCallerDir(outputFile);
  writeFileSync(output, renderMarkdown(results, findings));
  log(`wrote ${output}.`);
}

async function main(options: Options): Promise<void> {
  if (options.render !== undefined) {
    const results = JSON.parse(readFileSync(fromCallerDir(options.render), 'utf8')) as BenchResults;
    process.stdout.write(`${renderConsole(results)}\n`);
    writeReport(results, options.output);
    return;
  }
  const started = performance.now();
  const config = benchConfig(options.quick, options.rounds);
  const watchdog = setTimeout(
    () => {
      log('gave up: the run took longer than its limit.');
      process.exit(1);
    },
    options.quick ? 100_000 : 1_200_000,
  );
  watchdog.unref();

  const environment = readEnvironment();
  log(
    `${options.quick ? 'quick' : 'full'} run, ${config.rounds} round(s); preparing the fixture server…`,
  );
  const server = await startFixtureServer(fixturePlan(config));
  let partial: Omit<BenchResults, 'imports' | 'bundles' | 'checks' | 'profiles' | 'durationS'>;
  try {
    const context: TargetContext = { baseURL: server.baseURL, apiKey: 'sk-bench-not-a-real-key' };
    const targets = createTargets(context);
    await step('warm-up of every target (text checked)', async () => {
      for (const target of targets) {
        for (let i = 0; i < 2; i++) await streamAndCheck(target, MODELS.warmup, WARMUP_CHUNKS);
        for (let i = 0; i < 5; i++) await target.request(MODELS.small);
      }
    });
    const throughput = await step('streaming throughput', () => measureThroughput(targets, config));
    const overhead = await step('per-request overhead', () => measureOverhead(targets, config));
    const ttft = await step('time to first token', () => measureTtft(targets, config));
    const byteReads = await step('1-byte reads', () => measureByteReads(context, config));
    const memory = await step('memory over a long stream', () => measureMemory(targets, config));
    partial = { config, environment, throughput, overhead, ttft, byteReads, memory };
  } finally {
    await server.close();
  }
  const imports = await step('cold import time', () => measureImport(config));
  const bundles = await step('bundle size', () => measureBundleSize());
  const checks = checkTargets({
    throughput: partial.throughput,
    overhead: partial.overhead,
    bundles,
    memory: partial.memory,
  });

  const profiles: ProfileResult[] = [];
  if (!options.quick && options.profile) {
    for (const check of checks) {
      if (check.pass || check.profile === undefined) continue;
      const { targetId, workload } = check.profile;
      profiles.push(
        await step(`profile of the miss "${check.name}"`, () =>
          profileTarget(targetId, workload, 3),
        ),
      );
    }
  }

  partial.environment.loadAverage += `, ${loadAverage()} at the end`;
  const results: BenchResults = {
    ...partial,
    imports,
    bundles,
    checks,
    profiles,
    durationS: (performance.now() - started) / 1000,
  };
  process.stdout.write(`${renderConsole(results)}\n`);
  if (options.quick) {
    log(`done in ${results.durationS.toFixed(1)} s (quick: BENCHMARKS.md not written).`);
    return;
  }
  // Targets are saved by their ids and labels (their functions do not serialize).
  mkdirSync(dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 1)}\n`);
  writeReport(results, options.output);
  log(`done in ${results.durationS.toFixed(1)} s; raw results in ${RESULTS_FILE}.`);
}

program.action((options: Options) => main(options));
program.parseAsync().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
