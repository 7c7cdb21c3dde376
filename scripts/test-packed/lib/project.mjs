import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { cleanEnv, run } from './exec.mjs';

/** The TypeScript the consumers typecheck with, and the Node types a Node user has. */
export const TOOLING = { typescript: '6.0.3', '@types/node': '^22.19.0' };

/**
 * Creates `<tempRoot>/<id>`: a package.json with only the tools above, the smoke programs of
 * `smokeDir`, the two consumer tsconfigs; then `npm install <tarball> <peer@version>...` exactly
 * as a user would (plus `--save-dev` where the README says so). Other `@routify/*` packages are
 * pinned to their tarballs through `overrides`, so they are installed only when the package
 * under test really depends on them. Resolves `{ dir, installCommand }`; throws on failure.
 */
export async function createProject({
  tempRoot,
  id,
  smokeDir,
  tarball,
  packageName,
  tarballs,
  installs,
  saveDev,
  dual,
  npmCache,
}) {
  const dir = join(tempRoot, id);
  mkdirSync(dir, { recursive: true });
  const overrides = {};
  for (const [name, path] of Object.entries(tarballs)) {
    if (name !== packageName) overrides[name] = `file:${path}`;
  }
  const manifest = {
    name: `routify-packed-${id.replace(/[^a-z0-9-]/g, '-')}`,
    version: '0.0.0',
    private: true,
    description: 'A throwaway consumer project made by scripts/test-packed (outside the monorepo).',
    devDependencies: { ...TOOLING },
    overrides,
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  copySmokeFiles({ smokeDir, dir, dual });

  const args = ['install', ...(saveDev ? ['--save-dev'] : []), tarball, ...installs];
  const flags = ['--no-audit', '--no-fund', '--no-update-notifier', `--cache=${npmCache}`];
  const result = await run('npm', [...args, ...flags], {
    cwd: dir,
    env: cleanEnv(),
    timeoutMs: 600_000,
  });
  const installCommand = `npm ${args.join(' ')}`;
  if (result.code !== 0) {
    throw new Error(
      `${installCommand} failed (exit ${result.code}${result.timedOut ? ', timed out' : ''}):\n${result.output}`,
    );
  }
  verifyInstalled({ dir, tarballs, installs });
  return { dir, installCommand, ms: result.ms };
}

function copySmokeFiles({ smokeDir, dir, dual }) {
  // The shared tsconfigs first, so a package's own file of the same name wins.
  const common = join(smokeDir, '..', 'common');
  for (const file of readdirSync(common)) copyFileSync(join(common, file), join(dir, file));
  for (const file of readdirSync(smokeDir)) copyFileSync(join(smokeDir, file), join(dir, file));
  // One consumer source, three module kinds: .ts (bundler), .mts (nodenext ESM), .cts (nodenext CJS).
  const consumer = readFileSync(join(smokeDir, 'consumer.ts'), 'utf8');
  writeFileSync(join(dir, 'consumer.mts'), consumer);
  const nodenext = JSON.parse(readFileSync(join(dir, 'tsconfig.nodenext.json'), 'utf8'));
  if (dual) {
    writeFileSync(join(dir, 'consumer.cts'), consumer);
    nodenext.files = ['consumer.mts', 'consumer.cts'];
  } else {
    nodenext.files = ['consumer.mts'];
  }
  writeFileSync(join(dir, 'tsconfig.nodenext.json'), `${JSON.stringify(nodenext, null, 2)}\n`);
}

/**
 * After the install: every `@routify/*` package came from a local tarball (never the registry),
 * and each requested registry package is at the version asked for.
 */
function verifyInstalled({ dir, tarballs, installs }) {
  const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8'));
  const problems = [];
  for (const [path, entry] of Object.entries(lock.packages ?? {})) {
    const match = /(?:^|\/)node_modules\/(@routify\/[^/]+)$/.exec(path);
    if (!match) continue;
    if (!(match[1] in tarballs)) problems.push(`${path} is not one of the packed packages`);
    else if (!String(entry.resolved ?? '').startsWith('file:')) {
      problems.push(`${path} was resolved from ${entry.resolved}, not from its packed tarball`);
    }
  }
  for (const spec of installs) {
    const at = spec.lastIndexOf('@');
    const name = spec.slice(0, at);
    const wanted = spec.slice(at + 1);
    const manifestPath = join(dir, 'node_modules', name, 'package.json');
    if (!existsSync(manifestPath)) {
      problems.push(`${name} is not installed at the top level`);
      continue;
    }
    const { version } = JSON.parse(readFileSync(manifestPath, 'utf8'));
    if (/^\d+\.\d+\.\d+/.test(wanted) && version !== wanted) {
      problems.push(`${name} is ${version}, expected ${wanted}`);
    }
  }
  if (problems.length > 0) throw new Error(problems.join('\n'));
}
