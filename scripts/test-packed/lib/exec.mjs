import { spawn } from 'node:child_process';

/**
 * The environment for every child of the check: the caller's, minus what pnpm, npm or the shell
 * injected that would change how npm installs or how node resolves modules (`npm_config_*` from
 * `pnpm run`, `NODE_PATH`, `NODE_OPTIONS`), so the temp projects behave like a user's.
 */
export function cleanEnv(extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    const lower = key.toLowerCase();
    if (lower.startsWith('npm_') || lower.startsWith('pnpm_')) continue;
    if (key === 'NODE_PATH' || key === 'NODE_OPTIONS' || key === 'INIT_CWD') continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

/**
 * Runs `command args` in `cwd` and resolves `{ code, signal, output, ms, timedOut }` (stdout and
 * stderr interleaved in `output`). Never rejects for a non-zero exit; kills the process group
 * after `timeoutMs` (ms).
 */
export function run(command, args, { cwd, env = cleanEnv(), timeoutMs = 120_000, input } = {}) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd,
      env,
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    let timedOut = false;
    const append = (data) => {
      output += data.toString();
    };
    child.stdout.on('data', append);
    child.stderr.on('data', append);
    if (input !== undefined) child.stdin.end(input);
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, timeoutMs);
    child.on('error', (error) => {
      output += `\n${error.message}`;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output, ms: Date.now() - started, timedOut });
    });
  });
}

/** Kills a child started with `detached: true` together with its own children. */
export function killGroup(child, signal = 'SIGKILL') {
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

/** Runs `tasks` (functions returning promises) with at most `limit` in flight; keeps order. */
export async function mapLimit(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
