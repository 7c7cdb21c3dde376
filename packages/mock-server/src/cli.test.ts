import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

// Each test spawns node processes: slow to start on a loaded CI machine (every suite in parallel
// on 2 cores), so a generous limit; a wrong exit code or output still fails at once.
describe('routify-mock (bin)', { timeout: 120_000 }, () => {
  it('needs the build (turbo builds the package before its tests)', () => {
    expect(existsSync(built), 'run `pnpm tsup` in packages/mock-server first').toBe(true);
  });

  it('regression: before the package is built, the bin says to build instead of a stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'routify-mock-unbuilt-'));
    try {
      const copy = join(dir, 'bin', 'routify-mock.js');
      mkdirSync(join(dir, 'bin'));
      copyFileSync(bin, copy);
      const unbuilt = spawn(process.execPath, [copy], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      unbuilt.stderr?.on('data', (data: Buffer) => {
        stderr += data.toString();
      });
      const code = await new Promise<number | null>((resolve) => unbuilt.on('close', resolve));
      expect(code).toBe(1);
      expect(stderr).toContain('is not built yet');
      expect(stderr).toContain('pnpm build');
      expect(stderr).not.toContain('ERR_MODULE_NOT_FOUND');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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
  // Report 6 of the mock-server review: faults and scripted replies from the command line.
  it('applies --fault to every request, --stream-fault to streams, --model-fault to one model', async () => {
    const cli = run([
      '-p',
      '0',
      '--fault',
      'http-503; times=1',
      '--stream-fault',
      'no-done',
      '--model-fault',
      'o4-mini=http-429; retry-after=7',
    ]);
    const ended = exit(cli);
    const baseURL = await firstLine(cli);
    const headers = { authorization: 'Bearer t', 'content-type': 'application/json' };
    const chat = (body: Record<string, unknown>) =>
      fetch(`${baseURL}/chat/completions`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ messages: [{ role: 'user', content: 'Say: hi' }], ...body }),
      });
    expect((await fetch(`${baseURL}/models`, { headers })).status).toBe(503);
    expect((await fetch(`${baseURL}/models`, { headers })).status).toBe(200);
    const limited = await chat({ model: 'o4-mini' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    const streamed = await (await chat({ model: 'gpt-4.1', stream: true })).text();
    expect(streamed).toContain('"finish_reason":"stop"');
    expect(streamed).not.toContain('[DONE]');
    const plain = await chat({ model: 'gpt-4.1' });
    expect((await plain.json()).choices[0].message.content).toBe('hi');
    // A request's own header wins.
    const own = await fetch(`${baseURL}/chat/completions`, {
      method: 'POST',
      headers: { ...headers, 'x-mock-fault': 'none' },
      body: JSON.stringify({ model: 'o4-mini', messages: [{ role: 'user', content: 'x' }] }),
    });
    expect(own.status).toBe(200);
    cli.kill('SIGTERM');
    const { stderr } = await ended;
    expect(stderr).toContain('with faults: o4-mini=http-429; retry-after=7 | stream: no-done');
  });

  it('answers every chat completion with --reply text or a JSON reply spec', async () => {
    const cli = run(['-p', '0', '--reply', '{"content":"Scripted.","finishReason":null}']);
    const baseURL = await firstLine(cli);
    const response = await fetch(`${baseURL}/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer t' },
      body: JSON.stringify({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'x' }] }),
    });
    const { choices } = await response.json();
    expect(choices[0]).toMatchObject({ message: { content: 'Scripted.' }, finish_reason: null });
  });

  it('loads startMockServer options from --config (JSON or a module)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'routify-mock-cli-'));
    const file = join(dir, 'mock.config.mjs');
    writeFileSync(
      file,
      `export default { apiKey: 'sk-conf', respond: ({ body }) => 'model ' + body.model };\n`,
    );
    const cli = run(['-p', '0', '--config', file]);
    const baseURL = await firstLine(cli);
    const ask = (key: string) =>
      fetch(`${baseURL}/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}` },
        body: JSON.stringify({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'x' }] }),
      });
    expect((await ask('other')).status).toBe(401);
    expect((await (await ask('sk-conf')).json()).choices[0].message.content).toBe('model gpt-4.1');
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an invalid fault list or config at start with exit code 2', async () => {
    const bad = await exit(run(['-p', '0', '--fault', 'reset; after=x']));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--fault 'reset; after=x'");
    const model = await exit(run(['-p', '0', '--model-fault', 'http-429']));
    expect(model.code).toBe(2);
    expect(model.stderr).toContain('--model-fault needs <model>=<fault list>');
    const config = await exit(run(['-p', '0', '--config', '/nonexistent/mock.json']));
    expect(config.code).toBe(2);
    expect(config.stderr).toContain('cannot load --config /nonexistent/mock.json');
  });
});
