// Builds the four @routify packages the demo imports (their `dist`), through turbo and its cache,
// before `pnpm demo` starts: on a fresh clone that is a real build (once), afterwards a cache hit
// in about a second. Silent when everything is cached; a line on stderr when a real build starts
// and when it ends; turbo's whole log on stderr when the build fails. Never writes to stdout
// (`--json` owns it).
import { spawn } from 'node:child_process';

const started = performance.now();
const child = spawn(
  'turbo',
  ['run', 'build', '--filter=routify-demo^...', '--output-logs=errors-only'],
  {
    shell: process.platform === 'win32',
    stdio: ['ignore', 'pipe', 'pipe'],
  },
);
let log = '';
child.stdout.setEncoding('utf8').on('data', (chunk) => {
  log += chunk;
});
child.stderr.setEncoding('utf8').on('data', (chunk) => {
  log += chunk;
});

// A cache hit takes about a second; anything longer is a real build: say so while it runs.
const notice = setTimeout(() => {
  process.stderr.write('Building the @routify packages the demo imports (first run only)…\n');
}, 1500);

child.on('error', (error) => {
  clearTimeout(notice);
  process.stderr.write(
    `pnpm demo: could not run turbo to build the @routify packages: ${error.message}\n`,
  );
  process.exit(1);
});

child.on('close', (code) => {
  clearTimeout(notice);
  if (code !== 0) {
    process.stderr.write(log);
    process.stderr.write('pnpm demo: building the @routify packages failed; see the log above.\n');
    process.exit(code || 1);
  }
  const cached = /Cached:\s+(\d+) cached, (\d+) total/.exec(log);
  if (!cached || cached[1] !== cached[2]) {
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stderr.write(
      `Built the @routify packages in ${seconds} s (turbo caches them: later runs skip this).\n`,
    );
  }
});
