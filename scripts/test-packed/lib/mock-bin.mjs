import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { cleanEnv, killGroup } from './exec.mjs';

/**
 * Starts `routify-mock --port 0` from the `node_modules/.bin` of the project that installed
 * `@routify/mock-server` from its tarball (so the bin link, its shebang and its executable bit are
 * what a user gets) and waits for it to print its address. Resolves
 * `{ url, baseURL, output(), stop() }`; `stop()` sends SIGTERM and resolves how the process ended.
 */
export function startMockBin(projectDir, { timeoutMs = 15_000, args = [] } = {}) {
  const bin = join(projectDir, 'node_modules', '.bin', 'routify-mock');
  const child = spawn(bin, ['--port', '0', ...args], {
    cwd: projectDir,
    env: cleanEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  let exited;
  const exitPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    });
  });
  const stop = async (graceMs = 5_000) => {
    if (exited) return { ...exited, graceful: true };
    killGroup(child, 'SIGTERM');
    const timer = new Promise((resolve) => setTimeout(() => resolve(undefined), graceMs));
    const ended = await Promise.race([exitPromise, timer]);
    if (ended) return { ...ended, graceful: true };
    killGroup(child, 'SIGKILL');
    return { ...(await exitPromise), graceful: false };
  };
  return new Promise((resolve, reject) => {
    const fail = (message) => {
      clearTimeout(timer);
      void stop(0);
      reject(new Error(`${message}\n--- routify-mock output ---\n${output}`));
    };
    const timer = setTimeout(
      () => fail(`routify-mock printed no http:// address within ${timeoutMs} ms`),
      timeoutMs,
    );
    const onData = (data) => {
      output += data.toString();
      const match = /(https?:\/\/[^\s'"`,)]+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.stderr.off('data', onData);
      child.stdout.on('data', (more) => {
        output += more.toString();
      });
      child.stderr.on('data', (more) => {
        output += more.toString();
      });
      const url = match[1].replace(/\/+$/, '').replace(/\/v1$/, '');
      resolve({ url, baseURL: `${url}/v1`, output: () => output, stop });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (error) => fail(`could not start ${bin}: ${error.message}`));
    exitPromise.then((how) => {
      if (!output.match(/https?:\/\//)) fail(`routify-mock exited early (${JSON.stringify(how)})`);
    });
  });
}
