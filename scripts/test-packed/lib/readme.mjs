import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** `@scope/name@1.2` → `@scope/name`, `zod@^4` → `zod`. */
function packageName(spec) {
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
  return at === -1 ? spec : spec.slice(0, at);
}

/**
 * The `npm install …` line of the package README's "## Install" section, split into flags and
 * package names (versions dropped, `-D` read as `--save-dev`).
 */
export function readmeInstall(pkgDir) {
  const text = readFileSync(join(pkgDir, 'README.md'), 'utf8');
  const start = text.search(/^## Install\s*$/m);
  if (start === -1) throw new Error(`${pkgDir}/README.md has no "## Install" section`);
  const rest = text.slice(start).split('\n').slice(1);
  const end = rest.findIndex((line) => /^## /.test(line));
  const section = (end === -1 ? rest : rest.slice(0, end)).map((line) => line.trim());
  const line = section.find((candidate) => /^(\$ )?npm (install|i) /.test(candidate));
  if (!line)
    throw new Error(
      `the "## Install" section of ${pkgDir}/README.md has no \`npm install …\` line`,
    );
  const tokens = line.replace(/^\$ /, '').split(/\s+/).slice(2);
  const flags = tokens
    .filter((token) => token.startsWith('-'))
    .map((flag) => (flag === '-D' ? '--save-dev' : flag));
  const packages = tokens.filter((token) => !token.startsWith('-')).map(packageName);
  return { line, flags: flags.sort(), packages };
}

/**
 * Throws unless the README line installs exactly `packages` (any order) with exactly `flags`:
 * what the check does is what the README tells users to do.
 */
export function assertReadmeInstall(pkgDir, { flags, packages }) {
  const readme = readmeInstall(pkgDir);
  const expected = `npm install ${[...flags, ...packages].join(' ')}`;
  const sameFlags = JSON.stringify(readme.flags) === JSON.stringify([...flags].sort());
  const samePackages =
    JSON.stringify([...readme.packages].sort()) === JSON.stringify([...packages].sort());
  if (!sameFlags || !samePackages) {
    throw new Error(
      `README "## Install" says \`${readme.line}\`; the check installs \`${expected}\` (align one with the other)`,
    );
  }
  return readme.line;
}
