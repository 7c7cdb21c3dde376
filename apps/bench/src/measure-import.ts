import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { BenchConfig } from './bench-config';
import { BENCH_DIR } from './bench-dir';
import { MEASURED_PACKAGES, type MeasuredPackage } from './packages';

const run = promisify(execFile);

/** Per package: `await import()` time (ms) in each fresh process. */
export interface ImportRow {
  pkg: MeasuredPackage;
  importMs: number[];
  /** Whole process wall time (ms): node start-up + import + exit. */
  processMs: number[];
}

/** Cold import time: each package imported in a fresh `node` process (ESM, built `dist`). */
export async function measureImport(config: BenchConfig): Promise<ImportRow[]> {
  const rows: ImportRow[] = MEASURED_PACKAGES.map((pkg) => ({ pkg, importMs: [], processMs: [] }));
  for (let i = 0; i < config.importRuns; i++) {
    for (const row of rows) {
      const code = `const t = performance.now(); await import(${JSON.stringify(row.pkg.name)}); process.stdout.write(String(performance.now() - t));`;
      const started = performance.now();
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', code], {
        cwd: BENCH_DIR,
        timeout: 60_000,
      });
      row.processMs.push(performance.now() - started);
      const ms = Number(stdout.trim());
      if (!Number.isFinite(ms))
        throw new Error(`import ${row.pkg.name}: unexpected output ${stdout}`);
      row.importMs.push(ms);
    }
  }
  return rows;
}
