import { type MockServer, startMockServer } from '@routify/mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReport, spawnDemo } from './spawn-demo.test-helper';

const KEY = 'sk-routify-demo-wrong-key-0123456789';

/** Neither the key nor a recognisable piece of it appears anywhere in the output. */
function expectNoKey(output: string): void {
  expect(output).not.toContain(KEY);
  expect(output).not.toContain(KEY.slice(3, 20));
  expect(output).not.toContain(KEY.slice(-12));
}

describe('the demo with ROUTIFY_API_KEY and ROUTIFY_BASE_URL at a server that answers 401', () => {
  let server: MockServer;

  beforeAll(async () => {
    // The server accepts only another key, so the demo's key gets a 401.
    server = await startMockServer({ apiKey: 'sk-the-only-accepted-key' });
  });

  afterAll(async () => {
    await server.close();
  });

  const env = () => ({ ROUTIFY_API_KEY: KEY, ROUTIFY_BASE_URL: server.baseURL });

  it('exits 1, says to check ROUTIFY_API_KEY, and never prints the key', async () => {
    server.reset();
    const run = await spawnDemo([], env());
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `Using the Routify API at ${server.baseURL} (ROUTIFY_API_KEY is set).`,
    );
    expect(run.stderr).toContain(
      'The demo failed at 1. @routify/core — plain TypeScript › client.models.list().',
    );
    expect(run.stderr).toContain(
      `Authentication failed (HTTP 401): ${server.baseURL} did not accept the API key.`,
    );
    expect(run.stderr).toContain('Check ROUTIFY_API_KEY');
    expectNoKey(run.stdout + run.stderr);
    // It really went to ROUTIFY_BASE_URL (no embedded server), stopped at the first 401, and
    // sent the key as a bearer token (redacted in the record).
    expect(server.requests.map((request) => [request.path, request.status])).toEqual([
      ['/v1/models', 401],
    ]);
    expect(server.requests[0]?.headers.authorization).toBe('Bearer ***');
  });

  it.each(['langchain', 'ai-sdk'] as const)(
    'fails the same way when the 401 comes through the %s adapter',
    async (only) => {
      server.reset();
      const run = await spawnDemo(['--only', only], env());
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('Authentication failed (HTTP 401)');
      expect(run.stderr).toContain('Check ROUTIFY_API_KEY');
      expectNoKey(run.stdout + run.stderr);
      // A 401 is not retried.
      expect(server.requests).toHaveLength(1);
      expect(server.requests[0]?.status).toBe(401);
    },
  );

  it('with --json: a failure report on stdout, the message on stderr, no key in either', async () => {
    const run = await spawnDemo(['--json', '--only', 'core'], env());
    expect(run.code).toBe(1);
    const report = parseReport(run);
    expect(report.ok).toBe(false);
    expect(report.target).toEqual({ mode: 'remote', baseURL: server.baseURL });
    expect(report.sections).toEqual([]);
    expect(report.error).toMatchObject({
      status: 401,
      errorName: 'AuthenticationError',
      where: '1. @routify/core — plain TypeScript › client.models.list()',
    });
    expect(report.error?.message).toContain('Check ROUTIFY_API_KEY');
    expect(run.stderr).toContain('Check ROUTIFY_API_KEY');
    expectNoKey(run.stdout + run.stderr);
  });
});

describe('the demo with ROUTIFY_BASE_URL where nothing listens', () => {
  it('exits 1 saying it could not reach that URL, without the key', async () => {
    // A loopback port that was free a moment ago: connections are refused.
    const closed = await startMockServer();
    const baseURL = closed.baseURL;
    await closed.close();
    const run = await spawnDemo(['--only', 'core'], {
      ROUTIFY_API_KEY: KEY,
      ROUTIFY_BASE_URL: baseURL,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'The demo failed at 1. @routify/core — plain TypeScript › client.models.list().',
    );
    expect(run.stderr).toContain(`Could not reach ${baseURL}`);
    expect(run.stderr).toContain('Check ROUTIFY_BASE_URL');
    expectNoKey(run.stdout + run.stderr);
  });
});
