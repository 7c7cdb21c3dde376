import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/routify-mock.js', import.meta.url));
const built = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

let child: ChildProcess | undefined;
afterEach(() => {
  child?.kill('SIGKILL');
  child = undefined;
});

function run(args: string[]): ChildProcess {
  child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  return child;
}

function firstLine(process: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    process.stdout?.on('data', (data) => {
      out += data.toString();
      const end = out.indexOf('\n');
      if (end !== -1) resolve(out.slice(0, end));
    });
    process.once('exit', (code) => reject(new Error(`exited with ${code} before printing`)));
  });
}

function exit(process: ChildProcess): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    let stderr = '';
    process.stderr?.on('data', (data) => {
      stderr += data.toString();
    });
    process.once('exit', (code) => resolve({ code, stderr }));
  });
}

describe('routify-mock (bin)', () => {
  it('needs the build (turbo builds the package before its tests)', () => {
    expect(existsSync(built), 'run `pnpm tsup` in packages/mock-server first').toBe(true);
  });

  it('prints the base URL, serves with --api-key and --latency, and stops on SIGTERM', async () => {
    const cli = run([
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--api-key',
      'sk-cli',
      '--latency',
      '1',
    ]);
    const ended = exit(cli);
    const baseURL = await firstLine(cli);
    expect(baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const ok = await fetch(`${baseURL}/models`, { headers: { authorization: 'Bearer sk-cli' } });
    expect(ok.status).toBe(200);
    expect((await ok.json()).object).toBe('list');
    const wrong = await fetch(`${baseURL}/models`, { headers: { authorization: 'Bearer other' } });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain('other');
    cli.kill('SIGTERM');
    const { code, stderr } = await ended;
    expect(code).toBe(0);
    expect(stderr).toContain('SIGTERM, shutting down');
    expect(stderr).not.toContain('sk-cli');
  });

  it('stops on SIGINT', async () => {
    const cli = run(['-p', '0']);
    const ended = exit(cli);
    await firstLine(cli);
    cli.kill('SIGINT');
    expect((await ended).code).toBe(0);
  });

  it('rejects a bad option with exit code 2 and a hint', async () => {
    const cli = run(['--port', 'abc']);
    const { code, stderr } = await exit(cli);
    expect(code).toBe(2);
    expect(stderr).toContain("--port must be an integer from 0 to 65535, got 'abc'.");
    const unknown = await exit(run(['--bogus']));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--bogus');
  });
});
