#!/usr/bin/env node
// `pnpm test:packed`: proves each public package the way a user meets it. Packs every public
// package with `pnpm pack`, installs each tarball with plain `npm` into a fresh project outside
// the monorepo (peers at the lowest and the newest version the package declares), runs smoke
// programs (ESM, CommonJS, the mock-server bin) against @routify/mock-server started from its
// own tarball, and typechecks a TypeScript consumer under `nodenext` and `bundler` resolution.
// Usage and the list of checks: scripts/test-packed/README.md.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cleanEnv, mapLimit, run } from './lib/exec.mjs';
import { MATRIX, MOCK_PACKAGE } from './lib/matrix.mjs';
import { startMockBin } from './lib/mock-bin.mjs';
import {
  buildPackage,
  inspectTarball,
  listPublicPackages,
  packPackage,
  staleReason,
} from './lib/packages.mjs';
import { createProject } from './lib/project.mjs';
import { assertReadmeInstall } from './lib/readme.mjs';
import { lowestAndNewest } from './lib/versions.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { values: options } = parseArgs({
  options: {
    root: { type: 'string', default: resolve(here, '..', '..') },
    only: { type: 'string', multiple: true },
    'skip-build': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    jobs: { type: 'string', default: String(Math.max(2, os.availableParallelism())) },
    'npm-cache': { type: 'string', default: join(os.homedir(), '.npm') },
    help: { type: 'boolean', default: false },
  },
});
if (options.help) {
  console.log(`usage: node scripts/test-packed/run.mjs [--only <slug>]... [--skip-build] [--keep] [--jobs N] [--root DIR]
  --only        check only these packages (slugs: ${Object.values(MATRIX)
    .map((entry) => entry.slug)
    .join(', ')}); mock-server is always packed
  --skip-build  never build; use dist/ as it is (default: build a package whose dist/ is missing or stale)
  --keep        keep the temp projects (their path is printed)
  --jobs N      smoke programs and tsc runs at once (default: the number of CPUs, at least 2)
  --root DIR    the monorepo to check (default: the one this script is in)
  --npm-cache   the npm cache shared by every install (default ~/.npm)`);
  process.exit(0);
}

const repoRoot = resolve(options.root);
const jobs = Math.max(1, Number(options.jobs) || 2);
const npmCache = resolve(options['npm-cache']);
const API_KEY = 'sk-routify-packed-test';
const started = Date.now();
const results = [];

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)}s`;
}

function indent(text) {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

/** Runs one named check; a thrown Error fails it with its message. */
async function check(name, fn) {
  const begun = Date.now();
  try {
    const note = await fn();
    results.push({ name, ok: true });
    console.log(`  ok    ${name} (${seconds(Date.now() - begun)})${note ? ` — ${note}` : ''}`);
    return true;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    results.push({ name, ok: false, message });
    console.log(`  FAIL  ${name} (${seconds(Date.now() - begun)})\n${indent(message)}`);
    return false;
  }
}

/** Why `dir` is not a clean place for the projects (a folder above it is a project), or undefined. */
function projectAbove(dir) {
  for (let current = dir; ; current = dirname(current)) {
    for (const entry of ['node_modules', 'package.json']) {
      if (existsSync(join(current, entry))) return join(current, entry);
    }
    if (dirname(current) === current) return undefined;
  }
}

/**
 * A new temp folder whose ancestors hold no package.json or node_modules, so node resolves
 * nothing from outside the projects: under $TMPDIR, else /var/tmp, else ~/.cache.
 */
function makeTempRoot() {
  const candidates = [os.tmpdir(), '/var/tmp', join(os.homedir(), '.cache')];
  const refused = [];
  for (const base of candidates) {
    if (!existsSync(base)) continue;
    const found = projectAbove(base);
    if (found) {
      refused.push(`${base} (${found} exists)`);
      continue;
    }
    if (!relative(repoRoot, base).startsWith('..')) continue;
    return mkdtempSync(join(base, 'routify-packed-'));
  }
  throw new Error(
    `no temp folder outside any project: ${refused.join('; ')}. Set TMPDIR to a clean folder.`,
  );
}

function lastLine(output) {
  const lines = output.trim().split('\n');
  return lines[lines.length - 1]?.trim() ?? '';
}

async function runNode(dir, program, env) {
  const result = await run(process.execPath, [program], {
    cwd: dir,
    env: cleanEnv(env),
    timeoutMs: 90_000,
  });
  if (result.code !== 0) {
    const how = result.timedOut
      ? 'timed out after 90 s'
      : `exited with ${result.code ?? result.signal}`;
    throw new Error(`node ${program} ${how}:\n${result.output}`);
  }
  return lastLine(result.output);
}

async function withMock(mockDir, fn) {
  if (!mockDir)
    throw new Error(
      `the ${MOCK_PACKAGE} project did not install, so there is no mock server to run against`,
    );
  const mock = await startMockBin(mockDir);
  try {
    return await fn(mock);
  } finally {
    await mock.stop();
  }
}

/**
 * `tsc -p <config>` in the project. Errors in the consumer file or in a `@routify/*` declaration
 * fail the check; errors located inside another package's own .d.ts files (skipLibCheck is off,
 * and e.g. `ai` needs `@types/node` and `@types/json-schema` it does not depend on) are not ours
 * to fix and only noted.
 */
async function tsc(dir, config) {
  const compiler = join(dir, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = await run(process.execPath, [compiler, '-p', config, '--pretty', 'false'], {
    cwd: dir,
    timeoutMs: 180_000,
  });
  if (result.code === 0) return undefined;
  const ours = [];
  const foreign = new Map();
  let current;
  for (const line of result.output.split('\n')) {
    const match = /^(.+?)\(\d+,\d+\): error TS\d+/.exec(line);
    if (!match) {
      if (current && /^\s/.test(line)) current.push(line);
      continue;
    }
    const owner = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(match[1])?.[1];
    if (owner && !owner.startsWith('@routify/')) {
      foreign.set(owner, (foreign.get(owner) ?? 0) + 1);
      current = undefined;
    } else {
      current = [line];
      ours.push(current);
    }
  }
  if (ours.length > 0 || foreign.size === 0) {
    const shown =
      ours.length > 0 ? ours.map((lines) => lines.join('\n')).join('\n') : result.output;
    throw new Error(`tsc -p ${config} failed:\n${shown}`);
  }
  const counts = [...foreign].map(([name, count]) => `${name} ×${count}`).join(', ');
  return `ignored errors inside other packages' own .d.ts: ${counts}`;
}

/**
 * `publint --strict` and `attw` (Are the Types Wrong: every resolution mode finds the right
 * types; `--profile esm-only` for a package without a `require` condition) on the tarball itself.
 */
async function lintTarball(tarball, manifest) {
  const bin = (name) => join(repoRoot, 'node_modules', '.bin', name);
  const env = cleanEnv({ NO_COLOR: '1', FORCE_COLOR: '0' });
  const publint = await run(bin('publint'), [tarball, '--strict'], { cwd: repoRoot, env });
  if (publint.code !== 0) throw new Error(`publint --strict failed:\n${publint.output}`);
  const root = manifest.exports?.['.'];
  const dual = Boolean(root && typeof root === 'object' && 'require' in root);
  const profile = dual ? [] : ['--profile', 'esm-only'];
  const attw = await run(bin('attw'), [tarball, ...profile, '--format', 'ascii'], {
    cwd: repoRoot,
    env,
  });
  if (attw.code !== 0) throw new Error(`attw ${profile.join(' ')} failed:\n${attw.output}`);
  return dual ? 'dual ESM + CJS' : 'ESM-only profile';
}

async function main() {
  console.log(`test:packed: ${repoRoot}`);

  // 1. Build (only what is missing or stale) and pack every public package.
  const packages = listPublicPackages(repoRoot);
  const unknown = packages.filter((pkg) => !MATRIX[pkg.name]);
  if (unknown.length > 0) {
    await check('every public package has smoke programs', () => {
      throw new Error(
        `add ${unknown.map((pkg) => pkg.name).join(', ')} to scripts/test-packed/lib/matrix.mjs with smoke programs`,
      );
    });
  }
  const wanted = packages.filter(
    (pkg) =>
      MATRIX[pkg.name] &&
      (!options.only || options.only.includes(MATRIX[pkg.name].slug) || pkg.name === MOCK_PACKAGE),
  );
  for (const pkg of packages) {
    const reason = staleReason(pkg);
    if (!reason) continue;
    if (options['skip-build'])
      throw new Error(`${pkg.name}: ${reason}; build it first (or drop --skip-build)`);
    console.log(`test:packed: building ${pkg.name} (${reason})`);
    await buildPackage(pkg, repoRoot);
  }
  const tempRoot = makeTempRoot();
  console.log(`test:packed: temp projects in ${tempRoot}, npm cache ${npmCache}`);
  const tarballDir = join(tempRoot, 'tarballs');
  mkdirSync(tarballDir);
  const tarballs = {};
  const manifests = {};
  await mapLimit(packages, jobs, async (pkg) => {
    tarballs[pkg.name] = await packPackage(pkg, tarballDir);
  });
  for (const pkg of packages) {
    await check(`${pkg.name}: pnpm pack → tarball contents`, async () => {
      const { manifest, files } = await inspectTarball(tarballs[pkg.name]);
      manifests[pkg.name] = manifest;
      return `${files.length} files`;
    });
  }

  // 2. The consumer projects: one per package and peer set (lowest, newest; one if they agree).
  const projects = [];
  for (const pkg of wanted) {
    const entry = MATRIX[pkg.name];
    const manifest = manifests[pkg.name] ?? pkg.manifest;
    const ranges = { ...entry.companions, ...manifest.peerDependencies };
    const optionalPeers = manifest.peerDependenciesMeta ?? {};
    const bounds = {};
    for (const [name, range] of Object.entries(ranges)) {
      if (optionalPeers[name]?.optional) continue;
      bounds[name] = await lowestAndNewest(name, range, { cwd: tempRoot, env: cleanEnv() });
    }
    const variants = [];
    for (const which of ['lowest', 'newest']) {
      const installs = Object.entries(bounds).map(([name, both]) => `${name}@${both[which]}`);
      const key = installs.join(' ');
      const same = variants.find((variant) => variant.key === key);
      if (same) same.label = 'lowest = newest';
      else variants.push({ which, label: which, installs, key });
    }
    const exportsRoot = manifest.exports?.['.'];
    const dual = Boolean(
      exportsRoot && typeof exportsRoot === 'object' && 'require' in exportsRoot,
    );
    const programs = entry.programs.filter((program) => dual || !program.endsWith('.cjs'));
    if (dual && !entry.programs.some((program) => program.endsWith('.cjs'))) {
      throw new Error(`${pkg.name} has a require condition but no CommonJS smoke program`);
    }
    await check(`${pkg.name}: README install line`, () =>
      assertReadmeInstall(pkg.dir, {
        flags: entry.saveDev ? ['--save-dev'] : [],
        packages: [pkg.name, ...Object.keys(bounds)],
      }),
    );
    for (const variant of variants) {
      const id = variants.length === 1 ? entry.slug : `${entry.slug}-${variant.which}`;
      const peers = variant.installs.length > 0 ? ` [${variant.installs.join(', ')}]` : '';
      projects.push({
        id,
        title: `${pkg.name}${peers}${variants.length === 1 && peers ? ' (lowest = newest)' : ''}`,
        pkg,
        entry,
        installs: variant.installs,
        dual,
        programs,
      });
    }
  }
  const smokeRoot = join(here, 'smoke');
  // publint and attw read the same tarballs while npm downloads (CPU while the network works).
  const linting = mapLimit(packages, 1, (pkg) =>
    check(`${pkg.name}: publint --strict, attw (the tarball)`, () =>
      lintTarball(tarballs[pkg.name], manifests[pkg.name] ?? pkg.manifest),
    ),
  );
  await mapLimit(projects, Math.max(jobs, 4), async (project) => {
    await check(`${project.title}: npm install`, async () => {
      const created = await createProject({
        tempRoot,
        id: project.id,
        smokeDir: join(smokeRoot, project.entry.slug),
        tarball: tarballs[project.pkg.name],
        packageName: project.pkg.name,
        tarballs,
        installs: project.installs,
        saveDev: project.entry.saveDev,
        dual: project.dual,
        npmCache,
      });
      project.dir = created.dir;
      return created.installCommand.replace(tarballs[project.pkg.name], project.pkg.name);
    });
  });

  await linting;

  // 3. Smoke programs and typechecks. Adapters run against the mock-server tarball's bin.
  const mockProject = projects.find((project) => project.pkg.name === MOCK_PACKAGE);
  const tasks = [];
  for (const project of projects) {
    if (!project.dir) continue;
    const isMock = project.pkg.name === MOCK_PACKAGE;
    if (isMock && project.entry.binClient) {
      tasks.push(() =>
        check(`${project.title}: routify-mock bin`, async () => {
          const mock = await startMockBin(project.dir);
          let stopped;
          try {
            return `${await runNode(project.dir, project.entry.binClient, { ROUTIFY_BASE_URL: mock.baseURL, ROUTIFY_API_KEY: API_KEY })}`;
          } finally {
            stopped = await mock.stop();
            if (!stopped.graceful) {
              // biome-ignore lint/correctness/noUnsafeFinally: a bin that ignores SIGTERM fails the check.
              throw new Error(`routify-mock did not exit within 5 s of SIGTERM:\n${mock.output()}`);
            }
          }
        }),
      );
    }
    for (const program of project.programs) {
      const kind = program.endsWith('.cjs') ? 'CommonJS' : 'ESM';
      tasks.push(() =>
        check(`${project.title}: ${kind} (${program})`, async () =>
          isMock
            ? runNode(project.dir, program, {})
            : withMock(mockProject?.dir, (mock) =>
                runNode(project.dir, program, {
                  ROUTIFY_BASE_URL: mock.baseURL,
                  ROUTIFY_API_KEY: API_KEY,
                }),
              ),
        ),
      );
    }
    for (const config of ['nodenext', 'bundler']) {
      const files = config === 'nodenext' ? (project.dual ? '.mts + .cts' : '.mts') : '.ts';
      tasks.push(() =>
        check(`${project.title}: tsc moduleResolution ${config} (${files})`, () =>
          tsc(project.dir, `tsconfig.${config}.json`),
        ),
      );
    }
  }
  await mapLimit(tasks, jobs, (task) => task());

  const failed = results.filter((result) => !result.ok);
  const tarballCount = readdirSync(tarballDir).length;
  if (options.keep || failed.length > 0)
    console.log(`test:packed: temp projects kept in ${tempRoot}`);
  else rmSync(tempRoot, { recursive: true, force: true });
  if (failed.length > 0) {
    console.log('\ntest:packed: failed checks:');
    for (const result of failed) console.log(`  ✗ ${result.name}`);
  }
  console.log(
    `test:packed: ${seconds(Date.now() - started)} with ${tarballCount} tarballs, ${projects.length} projects`,
  );
  console.log(`test:packed: ${results.length - failed.length} passed, ${failed.length} failed`);
  process.exitCode = failed.length > 0 ? 1 : 0;
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  console.log(
    `test:packed: ${results.filter((result) => result.ok).length} passed, ${results.filter((result) => !result.ok).length + 1} failed`,
  );
  process.exitCode = 1;
});
