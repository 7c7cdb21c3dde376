/**
 * Profiles one target's workload in a fresh process under `node --cpu-prof` and summarizes the
 * profile (self time by function and by package). The child runs this file with `--child`: it
 * starts its own fixture server, warms the target up, then runs the workload `runs` times.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { benchConfig, fixturePlan, MODELS } from './bench-config';
import { BENCH_DIR } from './bench-dir';
import { streamAndCheck } from './consume';
import { startFixtureServer } from './fixture-server';

import { type ProfileSummary, type ProfileWindow, summarizeProfile } from './summarize-profile';
import { createTargets } from './targets/index';

/** What to profile: streaming the throughput fixture, or sequential small requests. */
export type ProfileWorkload = 'stream' | 'request';

/** A profiled workload and its summary. */
export interface ProfileResult {
  targetId: string;
  workload: ProfileWorkload;
  runs: number;
  /** Content chunks of the streamed fixture. */
  chunks: number;
  summary: ProfileSummary;
}

const run = promisify(execFile);

/**
 * Runs the workload of `targetId` once to warm up, then `runs` times (a stream of the full
 * throughput fixture, or 100 small requests), in a child under `--cpu-prof`; returns the summary
 * of the samples taken during those runs.
 */
export async function profileTarget(
  targetId: string,
  workload: ProfileWorkload,
  runs: number,
  chunks = benchConfig(false).throughputChunks,
): Promise<ProfileResult> {
  const dir = mkdtempSync(join(tmpdir(), 'routify-bench-prof-'));
  try {
    const { stdout } = await run(
      process.execPath,
      [
        '--cpu-prof',
        `--cpu-prof-dir=${dir}`,
        '--import',
        'tsx',
        fileURLToPath(import.meta.url),
        '--child',
        `--target=${targetId}`,
        `--workload=${workload}`,
        `--runs=${runs}`,
        `--chunks=${chunks}`,
      ],
      { cwd: BENCH_DIR, timeout: 120_000 },
    );
    const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
    if (file === undefined) throw new Error(`no CPU profile was written for ${targetId}`);
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const window = JSON.parse(stdout.trim().split('\n').pop() ?? '') as ProfileWindow;
    return { targetId, workload, runs, chunks, summary: summarizeProfile(profile, window) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function child(): Promise<void> {
  const { values } = parseArgs({
    options: {
      child: { type: 'boolean' },
      target: { type: 'string' },
      workload: { type: 'string' },
      runs: { type: 'string' },
      chunks: { type: 'string' },
    },
  });
  const config = { ...benchConfig(false), throughputChunks: Number(values.chunks ?? '20000') };
  const server = await startFixtureServer(fixturePlan(config));
  try {
    const target = createTargets({ baseURL: server.baseURL, apiKey: 'sk-bench' }).find(
      (candidate) => candidate.id === values.target,
    );
    if (target === undefined) throw new Error(`unknown target ${values.target}`);
    const runs = Number(values.runs ?? '3');
    const once = async (): Promise<void> => {
      if (values.workload === 'request') {
        for (let i = 0; i < 100; i++) await target.request(MODELS.small);
      } else {
        await streamAndCheck(target, MODELS.throughput, config.throughputChunks);
      }
    };
    await once(); // warm-up, outside the window
    const from = Number(process.hrtime.bigint() / 1000n);
    for (let i = 0; i < runs; i++) await once();
    const to = Number(process.hrtime.bigint() / 1000n);
    process.stdout.write(`${JSON.stringify({ from, to } satisfies ProfileWindow)}\n`);
  } finally {
    await server.close();
  }
}

if (process.argv.includes('--child')) {
  child().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
