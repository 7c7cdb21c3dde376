import { execFileSync } from 'node:child_process';
import { cpus, platform, release, totalmem } from 'node:os';
import { BENCH_DIR } from './bench-dir';
import { readManifest } from './read-manifest';

/** The machine and versions a run was measured with. */
export interface Environment {
  date: string;
  cpu: string;
  cores: number;
  memoryGB: string;
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

/** Reads the machine, Node and package versions. */
export function readEnvironment(): Environment {
  const cpuList = cpus();
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cpu: cpuList[0]?.model.trim() ?? 'unknown CPU',
    cores: cpuList.length,
    memoryGB: (totalmem() / 1024 ** 3).toFixed(1),
    os: `${platform()} ${release()}`,
    node: process.version,
    commit: gitCommit(),
    packages: PACKAGES.map((name) => ({ name, version: versionOf(name) })),
  };
}
