import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { DemoReport } from './run-demo';
import type { StepResult } from './step-result';

const APP_DIR = fileURLToPath(new URL('..', import.meta.url));

/** What a demo run printed and how it ended. */
export interface DemoRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the demo as a child process (`node --import tsx src/main.ts …`, what `pnpm demo` runs after
 * its build step), with an environment cleaned of the machine's ROUTIFY_* and colour settings.
 */
export function spawnDemo(args: string[], env: Record<string, string> = {}): Promise<DemoRun> {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(base)) {
    if (name.startsWith('ROUTIFY_') || name === 'FORCE_COLOR' || name === 'NO_COLOR') {
      delete base[name];
    }
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
      cwd: APP_DIR,
      // NODE_NO_WARNINGS: a Node deprecation notice of some dependency must not fail the
      // assertions on exactly what the demo writes to stderr.
      env: { ...base, NODE_NO_WARNINGS: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The `--json` report of a run (throws, showing stderr, when stdout is not one JSON document). */
export function parseReport(run: DemoRun): DemoReport {
  try {
    return JSON.parse(run.stdout) as DemoReport;
  } catch (error) {
    throw new Error(
      `stdout is not a JSON report (exit ${run.code}):\n${run.stdout}\n${run.stderr}`,
      {
        cause: error,
      },
    );
  }
}

/** One step of a report, by section and step id (throws when missing). */
export function findStep(report: DemoReport, sectionId: string, stepId: string): StepResult {
  const found = report.sections
    .find((section) => section.id === sectionId)
    ?.steps.find((candidate) => candidate.id === stepId);
  if (!found) throw new Error(`no step ${sectionId}/${stepId} in the report`);
  return found;
}
