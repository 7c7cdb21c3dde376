// Builds the four @routify packages the demo imports (their `dist`), through turbo and its cache,
// before `pnpm demo` starts: on a fresh clone that is a real build (once), afterwards a cache hit
// in about a second. Quiet when everything is cached; one line on stderr after a real build;
// turbo's whole log on stderr when the build fails. Never writes to stdout (`--json` owns it).
import { spawnSync } from 'node:child_process';

const started = performance.now();
const result = spawnSync(
  'turbo',
  ['run', 'build', '--filter=routify-demo^...', '--output-logs=errors-only'],
  { encoding: 'utf8', shell: process.platform === 'win32', env: process.env },
);

if (result.error || result.status !== 0) {
  process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
  process.stderr.write(
    `pnpm demo: building the @routify packages failed${result.error ? ` (${result.error.message})` : ''}; see the log above.\n`,
  );
  process.exit(result.status || 1);
}

const cached = /Cached:\s+(\d+) cached, (\d+) total/.exec(result.stdout);
if (!cached || cached[1] !== cached[2]) {
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stderr.write(
    `Built the @routify packages in ${seconds} s (turbo caches them: later runs skip this).\n`,
  );
}
