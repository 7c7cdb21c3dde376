import { execFileSync } from 'node:child_process';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { BENCH_DIR } from './bench-dir';
import { readManifest } from './read-manifest';

/** The machine and versions a run was measured with. */
export interface Environment {
  date: string;
  cpu: string;
  cores: number;
  memoryGB: string;
  /** The 1-minute load average at the start (and, once known, the end) of the run. */
  loadAverage: string;
  os: string;
  node: string;
  commit: string;
  packages: { name: string; version: string }[];
}

const PACKAGES = [
  '@routify/core',
  '@routify/ai-sdk-provider',
  '@routify/langchain',
  '@routify/mock-server',
  'openai',
  'ai',
  '@ai-sdk/openai-compatible',
  '@langchain/core',
  '@langchain/openai',
  'esbuild',
];

function versionOf(name: string): string {
  return readManifest(name).version;
}

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: BENCH_DIR })
      .toString()
      .trim();
  } catch {
    return 'unknown';
  }
}

/** The 1-minute load average, e.g. `3.42`. */
export function loadAverage(): string {
  return (loadavg()[0] ?? 0).toFixed(2);
}

/** Reads the machine, Node and package versions. */
export function readEnvironment(): Environment {
  const cpuList = cpus();
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cpu: cpuList[0]?.model.trim() ?? 'unknown CPU',
    cores: cpuList.length,
    memoryGB: (totalmem() / 1024 ** 3).toFixed(1),
    loadAverage: `${loadAverage()} at the start`,
    os: `${platform()} ${release()}`,
    node: process.version,
    commit: gitCommit(),
    packages: PACKAGES.map((name) => ({ name, version: versionOf(name) })),
  };
}
