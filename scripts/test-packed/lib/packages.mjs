import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join } from 'node:path';
import { run } from './exec.mjs';

/**
 * The public workspace packages (`packages/*` not marked private), in build order: a package
 * comes after every workspace package it depends on.
 */
export function listPublicPackages(repoRoot) {
  const dir = join(repoRoot, 'packages');
  const found = [];
  for (const name of readdirSync(dir).sort()) {
    const manifestPath = join(dir, name, 'package.json');
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    if (manifest.private) continue;
    found.push({ dir: join(dir, name), slug: name, name: manifest.name, manifest });
  }
  const names = new Set(found.map((pkg) => pkg.name));
  const ordered = [];
  const visit = (pkg, stack = []) => {
    if (ordered.includes(pkg)) return;
    if (stack.includes(pkg))
      throw new Error(`dependency cycle: ${[...stack, pkg].map((p) => p.name).join(' → ')}`);
    const deps = { ...pkg.manifest.dependencies, ...pkg.manifest.peerDependencies };
    for (const dep of Object.keys(deps)) {
      if (!names.has(dep)) continue;
      visit(
        found.find((other) => other.name === dep),
        [...stack, pkg],
      );
    }
    ordered.push(pkg);
  };
  for (const pkg of found) visit(pkg);
  return ordered;
}

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function oldestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let oldest = Number.POSITIVE_INFINITY;
  for (const entry of readdirSync(path)) oldest = Math.min(oldest, oldestMtime(join(path, entry)));
  return oldest;
}

/**
 * Why `pkg` needs a build, or `undefined` when its `dist/` is newer than every input (`src/`,
 * `package.json`, `tsup.config.ts`). In CI, `pnpm test` has just built everything through turbo.
 */
export function staleReason(pkg) {
  const dist = join(pkg.dir, 'dist');
  if (!existsSync(dist) || readdirSync(dist).length === 0) return 'no dist/';
  const inputs = ['src', 'package.json', 'tsup.config.ts'].map((entry) => join(pkg.dir, entry));
  const newestInput = Math.max(...inputs.map(newestMtime));
  if (newestInput > oldestMtime(dist)) return 'dist/ older than its sources';
  return undefined;
}

/**
 * Builds `pkg` with its own build script, under the per-package lock other engineers use
 * (`/tmp/routify-build-<pkg>.lock`) when `flock` exists.
 */
export async function buildPackage(pkg, repoRoot) {
  const command = ['pnpm', '--filter', pkg.name, 'build'];
  const hasFlock = (await run('sh', ['-c', 'command -v flock'], { cwd: repoRoot })).code === 0;
  const [file, ...args] = hasFlock
    ? ['flock', `/tmp/routify-build-${pkg.slug}.lock`, ...command]
    : command;
  const result = await run(file, args, { cwd: repoRoot, env: process.env, timeoutMs: 300_000 });
  if (result.code !== 0) {
    throw new Error(`build of ${pkg.name} failed (${file} ${args.join(' ')}):\n${result.output}`);
  }
}

/** `pnpm pack` (which turns `workspace:^` into a real range) into `destination`; the tarball path. */
export async function packPackage(pkg, destination) {
  const result = await run('pnpm', ['pack', '--json', '--pack-destination', destination], {
    cwd: pkg.dir,
    env: process.env,
  });
  if (result.code !== 0) throw new Error(`pnpm pack of ${pkg.name} failed:\n${result.output}`);
  const json = result.output.slice(result.output.indexOf('{'));
  return JSON.parse(json).filename;
}

/** Every file path a manifest points at: main, module, types, bin and each `exports` target. */
function referencedFiles(manifest) {
  const paths = new Set();
  for (const field of ['main', 'module', 'types', 'typings']) {
    if (typeof manifest[field] === 'string') paths.add(manifest[field]);
  }
  if (typeof manifest.bin === 'string') paths.add(manifest.bin);
  else for (const target of Object.values(manifest.bin ?? {})) paths.add(target);
  const walk = (node) => {
    if (typeof node === 'string') paths.add(node);
    else if (node && typeof node === 'object') for (const value of Object.values(node)) walk(value);
  };
  walk(manifest.exports);
  return [...paths].filter((path) => !path.includes('*')).map((path) => path.replace(/^\.\//, ''));
}

/**
 * Checks the tarball the way a registry would serve it: every referenced file is inside, no
 * `workspace:` range is left, README and LICENSE ship, sources and tests do not. Returns the
 * packed manifest; throws an Error listing every problem.
 */
export async function inspectTarball(tarball) {
  const list = await run('tar', ['-tzf', tarball]);
  if (list.code !== 0) throw new Error(`tar -tzf ${tarball} failed:\n${list.output}`);
  const files = new Set(
    list.output
      .split('\n')
      .filter(Boolean)
      .map((entry) => entry.replace(/^package\//, '')),
  );
  const read = await run('tar', ['-xzOf', tarball, 'package/package.json']);
  const manifest = JSON.parse(read.output);
  const problems = [];
  for (const path of referencedFiles(manifest)) {
    if (!files.has(path))
      problems.push(
        `${path} is referenced by package.json but not in the tarball (check "files" and the build)`,
      );
  }
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const [dep, range] of Object.entries(manifest[field] ?? {})) {
      if (String(range).startsWith('workspace:'))
        problems.push(`${field}.${dep} is still "${range}"`);
    }
  }
  for (const required of ['package.json', 'README.md', 'LICENSE']) {
    if (!files.has(required)) problems.push(`${required} is missing from the tarball`);
  }
  for (const path of files) {
    if (/(^|\/)src\//.test(path) || /\.test(-d)?\.[cm]?[jt]s$/.test(path)) {
      problems.push(`${path} should not be published (sources and tests stay out of "files")`);
    }
  }
  problems.push(...(await undeclaredImports(tarball, manifest)));
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return { manifest, files: [...files].sort() };
}

const CODE_FILE = /\.(c|m)?js$|\.d\.(c|m)?ts$/;
const IMPORT_PATTERNS = [
  /^\s*(?:import|export)\b.*?\bfrom\s*["']([^"']+)["']/, // import { a } from "x"
  /^\s*\}\s*from\s*["']([^"']+)["']/, // the last line of a multi-line import
  /^\s*import\s*["']([^"']+)["']/, // import "x"
  /\brequire\(\s*["']([^"']+)["']\s*\)/g, // require("x")
  /\bimport\(\s*["']([^"']+)["']\s*\)/g, // import("x"), also import("x").Type in .d.ts
];

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
function packageOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * Every bare module the shipped code or declarations import (comment lines skipped) must be a
 * Node builtin, the package itself, or declared in dependencies, peerDependencies or
 * optionalDependencies; npm's flat node_modules can otherwise hide the omission when another
 * package happens to bring the module along.
 */
async function undeclaredImports(tarball, manifest) {
  const declared = new Set([
    manifest.name,
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
    ...Object.keys(manifest.optionalDependencies ?? {}),
  ]);
  const dir = mkdtempSync(join(dirname(tarball), 'unpacked-'));
  try {
    const extracted = await run('tar', ['-xzf', tarball, '-C', dir]);
    if (extracted.code !== 0) return [`tar -xzf ${tarball} failed:\n${extracted.output}`];
    const found = new Map();
    const walk = (folder) => {
      for (const entry of readdirSync(folder, { withFileTypes: true })) {
        const path = join(folder, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (CODE_FILE.test(entry.name)) scan(path);
      }
    };
    const scan = (path) => {
      for (const line of readFileSync(path, 'utf8').split('\n')) {
        if (/^\s*(\*|\/\/|\/\*)/.test(line)) continue;
        for (const pattern of IMPORT_PATTERNS) {
          const matches = pattern.global ? [...line.matchAll(pattern)] : [pattern.exec(line)];
          for (const match of matches) {
            const specifier = match?.[1];
            if (!specifier || specifier.startsWith('.') || specifier.startsWith('/')) continue;
            if (isBuiltin(specifier)) continue;
            const name = packageOf(specifier);
            if (declared.has(name)) continue;
            const where = path.slice(dir.length + 'package/'.length + 1);
            found.set(name, [...(found.get(name) ?? []), where]);
          }
        }
      }
    };
    walk(join(dir, 'package'));
    return [...found].map(
      ([name, where]) =>
        `${[...new Set(where)].join(', ')} import(s) "${name}", which is not in dependencies or peerDependencies`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
