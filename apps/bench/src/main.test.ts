import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BENCH_DIR } from './bench-dir';
import { SECTION_TITLES } from './report';

const REPORT = join(BENCH_DIR, '..', '..', 'BENCHMARKS.md');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runQuick(): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--quick'], {
      cwd: BENCH_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (part: Buffer) => {
      stdout += part.toString('utf8');
    });
    child.stderr.on('data', (part: Buffer) => {
      stderr += part.toString('utf8');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 105_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('pnpm bench --quick', () => {
  it('prints every section and leaves BENCHMARKS.md alone', async () => {
    const before = existsSync(REPORT)
      ? { text: readFileSync(REPORT, 'utf8'), mtimeMs: statSync(REPORT).mtimeMs }
      : undefined;

    const run = await runQuick();

    expect(run.stderr).toContain('quick: BENCHMARKS.md not written');
    expect(run.code).toBe(0);
    for (const title of SECTION_TITLES) expect(run.stdout).toContain(`== ${title} ==`);
    // Every target of issue 13 has a verdict.
    for (const name of [
      '@routify/core streaming',
      '@routify/core tiny requests',
      'our doStream',
      'our streamText',
      'ChatRoutify.stream()',
      'ChatRoutify tiny requests (invoke)',
      '@routify/core bundle, with its dependencies',
      '@routify/core memory over a 10,000-chunk stream: flat',
    ]) {
      expect(run.stdout).toMatch(
        new RegExp(`${name.replace(/[().]/g, '\\$&')}[^\\n]*│ (pass|MISS) +│`),
      );
    }
    // Every measured client appears in the throughput table.
    for (const label of ['raw fetch', '@routify/core', 'openai SDK', 'ChatOpenAI.stream()']) {
      expect(run.stdout).toContain(label);
    }

    if (before === undefined) {
      expect(existsSync(REPORT)).toBe(false);
    } else {
      expect(readFileSync(REPORT, 'utf8')).toBe(before.text);
      expect(statSync(REPORT).mtimeMs).toBe(before.mtimeMs);
    }
  });
});
