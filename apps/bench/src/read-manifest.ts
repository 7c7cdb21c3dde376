import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_DIR } from './bench-dir';

/** The fields of a `package.json` the bench reads. */
export interface Manifest {
  name: string;
  version: string;
  peerDependencies?: Record<string, string>;
}

/**
 * The `package.json` of a direct dependency of the bench (read from `apps/bench/node_modules`,
 * where pnpm links it: some packages do not export `./package.json`).
 */
export function readManifest(name: string): Manifest {
  return JSON.parse(readFileSync(join(BENCH_DIR, 'node_modules', name, 'package.json'), 'utf8'));
}
