import { type MockServer, startMockServer } from '@routify/mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReport, spawnDemo } from './spawn-demo.test-helper';

const KEY = 'sk-secret-key-777';
const TOKEN = 'abcdef123456';

/** The secret appears nowhere in what the demo printed. */
function expectAbsent(output: string, secret: string): void {
  expect(output).not.toContain(secret);
  expect(output).not.toContain(encodeURIComponent(secret));
}

describe('credentials inside ROUTIFY_BASE_URL are never printed', () => {
  let server: MockServer;

  beforeAll(async () => {
    server = await startMockServer();
  });

  afterAll(async () => {
    await server.close();
  });

  it('the key in the path of the URL: not in the target line, errors or the JSON report', async () => {
    const baseURL = `${server.baseURL}/${KEY}`;
    const run = await spawnDemo(['--json', '--only', 'core'], {
      ROUTIFY_API_KEY: KEY,
      ROUTIFY_BASE_URL: baseURL,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Using the Routify API at ${server.baseURL}/*** (ROUTIFY_API_KEY`);
    const report = parseReport(run);
    expect(report.target).toEqual({ mode: 'remote', baseURL: `${server.baseURL}/***` });
    expect(report.error?.status).toBe(404);
    expectAbsent(run.stdout + run.stderr, KEY);
  });

  it.each([
    ['key', KEY],
    ['token', TOKEN],
    ['access_token', TOKEN],
    ['api_key', TOKEN],
    ['signature', TOKEN],
  ])('a credential query parameter (?%s=…) prints as [redacted]', async (name, value) => {
    const run = await spawnDemo(['--only', 'core'], {
      ROUTIFY_API_KEY: KEY,
      ROUTIFY_BASE_URL: `${server.baseURL}?${name}=${value}&region=eu`,
    });
    // The client keeps the query on every request: the run works, and the URL is redacted.
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      `Using the Routify API at ${server.baseURL}?${name}=[redacted]&region=eu (ROUTIFY_API_KEY is set).`,
    );
    expectAbsent(run.stdout + run.stderr, value);
    expectAbsent(run.stdout + run.stderr, KEY);
  });

  it('userinfo in the URL prints as [redacted]', async () => {
    const url = new URL(server.baseURL);
    const run = await spawnDemo(['--json', '--only', 'core'], {
      ROUTIFY_API_KEY: KEY,
      ROUTIFY_BASE_URL: `http://admin:${TOKEN}@${url.host}${url.pathname}`,
    });
    expect(run.stderr).toContain(`http://[redacted]@${url.host}${url.pathname}`);
    expectAbsent(run.stdout + run.stderr, TOKEN);
    expect(run.stdout + run.stderr).not.toContain('admin');
  });
});

describe('an unreachable ROUTIFY_BASE_URL with a token in it', () => {
  it('says it could not reach the URL, with the token and key redacted', async () => {
    const closed = await startMockServer();
    const baseURL = closed.baseURL;
    await closed.close();
    const run = await spawnDemo(['--json', '--only', 'core'], {
      ROUTIFY_API_KEY: KEY,
      ROUTIFY_BASE_URL: `${baseURL}?token=${TOKEN}`,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Could not reach ${baseURL}?token=[redacted]`);
    expect(run.stderr).toContain('Check ROUTIFY_BASE_URL');
    expect(parseReport(run).error?.message).toContain(
      `Could not reach ${baseURL}?token=[redacted]`,
    );
    expectAbsent(run.stdout + run.stderr, TOKEN);
    expectAbsent(run.stdout + run.stderr, KEY);
  });

  it('the key in the path of an unreachable URL is not printed either', async () => {
    const closed = await startMockServer();
    const baseURL = closed.baseURL;
    await closed.close();
    const run = await spawnDemo(['--only', 'core'], {
      ROUTIFY_API_KEY: KEY,
      ROUTIFY_BASE_URL: `${baseURL}/${KEY}`,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Could not reach ${baseURL}/***`);
    expectAbsent(run.stdout + run.stderr, KEY);
  });
});

describe('an invalid ROUTIFY_BASE_URL', () => {
  it.each(['127.0.0.1:4747', 'localhost:8080/v1', 'ftp://example.com/v1', 'api.routify.ru'])(
    '%s: names ROUTIFY_BASE_URL and the fix, exit 1, no request made',
    async (value) => {
      const run = await spawnDemo(['--only', 'core'], {
        ROUTIFY_API_KEY: KEY,
        ROUTIFY_BASE_URL: value,
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        `ROUTIFY_BASE_URL must be an absolute http(s) URL such as https://api.routify.ru/v1 (it is "${value}").`,
      );
      expect(run.stderr).not.toContain('TypeError');
      expect(run.stdout).not.toContain('Using the Routify API');
      expectAbsent(run.stdout + run.stderr, KEY);
    },
  );

  it('suggests the URL with its scheme when the scheme is missing', async () => {
    const run = await spawnDemo(['--json'], {
      ROUTIFY_API_KEY: KEY,
      ROUTIFY_BASE_URL: '127.0.0.1:4747',
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('(e.g. http://127.0.0.1:4747)');
    const report = parseReport(run);
    expect(report.ok).toBe(false);
    expect(report.target).toBeNull();
    expect(report.error).toMatchObject({
      status: null,
      where: null,
      errorName: 'InvalidSettingError',
    });
  });
});

describe('a server that is reached but goes silent', () => {
  let server: MockServer;

  beforeAll(async () => {
    server = await startMockServer({
      faults: [
        { model: 'gpt-4.1', stream: true, fault: 'stall; after=1' },
        { model: 'gpt-4.1-mini', stream: true, fault: 'delay-headers; ms=5000' },
      ],
    });
  });

  afterAll(async () => {
    await server.close();
  });

  const env = () => ({ ROUTIFY_API_KEY: 'sk-test', ROUTIFY_BASE_URL: server.baseURL });

  it.each(['core', 'langchain', 'ai-sdk'] as const)(
    'a stream that stalls mid-reply (%s): "stopped sending data", not "could not reach"',
    async (only) => {
      const run = await spawnDemo(['--only', only, '--timeout', '0.3'], env());
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        `The server at ${server.baseURL} stopped sending data for 0.3 s in the middle of a reply`,
      );
      expect(run.stderr).toContain('--timeout <seconds>');
      expect(run.stderr).not.toContain('Could not reach');
      expect(run.stderr).not.toContain('idleTimeout');
      expect(run.stderr).not.toContain('Check ROUTIFY_BASE_URL');
    },
  );

  it('no response headers in time: "did not answer within", not "could not reach"', async () => {
    const run = await spawnDemo(
      ['--only', 'core', '--model', 'gpt-4.1-mini', '--timeout', '0.3'],
      env(),
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`The server at ${server.baseURL} did not answer within 0.3 s`);
    expect(run.stderr).toContain('--timeout <seconds>');
    expect(run.stderr).not.toContain('Could not reach');
    expect(run.stderr).not.toMatch(/Raise `(idle)?[tT]imeout`/);
  });
});
