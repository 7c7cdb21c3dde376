import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMockRoutify, MockFaultError, startMockServer } from '../index';
import type { MockServer } from '../node-server';
import { chatBody, dataOf, faulted, NOW } from './fault-test.test-helper';
import { rawRequest } from './raw-http.test-helper';

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer({
    now: () => NOW,
    faults: [
      { model: 'gpt-4.1-mini', fault: 'http-429; retry-after=0; times=1' },
      { path: '/v1/models', fault: 'http-503' },
      { model: /^o4-/g, stream: true, fault: 'no-finish; after=1' },
    ],
  });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

describe('the faults option: rules', () => {
  it('a model rule with times=1: one 429 (Retry-After: 0), then success — a retry test', async () => {
    const body = chatBody({ model: 'gpt-4.1-mini' });
    const first = await faulted(server, undefined, body);
    const second = await faulted(server, undefined, body);
    expect([first.status, second.status]).toEqual([429, 200]);
    expect(first.headers['retry-after']).toBe('0');
    expect(server.requests.map((request) => request.fault)).toEqual([
      'http-429; retry-after=0; times=1',
      undefined,
    ]);
  });

  it('a path rule: GET /v1/models fails, chat completions of other models do not', async () => {
    const models = await rawRequest(server.url, { method: 'GET', path: '/v1/models' });
    expect(models.status).toBe(503);
    expect((await faulted(server, undefined, chatBody())).status).toBe(200);
  });

  it('a stream rule with a RegExp model applies to stream requests only', async () => {
    for (let i = 0; i < 2; i++) {
      // (a /g RegExp matches every time, not every other time)
      const stream = await faulted(server, undefined, chatBody({ model: 'o4-mini', stream: true }));
      const data = dataOf(stream.body);
      expect(data).toHaveLength(2); // role chunk + one content chunk, then a clean end
      expect(data.at(-1)).not.toBe('[DONE]');
    }
    const json = await faulted(server, undefined, chatBody({ model: 'o4-mini' }));
    expect(json.status).toBe(200);
    expect(server.requests.at(-1)?.fault).toBeUndefined();
  });

  it('the x-mock-fault header replaces the rules; `none` turns them off', async () => {
    const body = chatBody({ model: 'gpt-4.1-mini' });
    expect((await faulted(server, 'http-500', body)).status).toBe(500);
    expect((await faulted(server, 'none', body)).status).toBe(200);
    // The rule's counter was not used by those two requests.
    expect((await faulted(server, undefined, body)).status).toBe(429);
  });
});

describe('the faults option: a function', () => {
  const mock = createMockRoutify({
    now: () => NOW,
    faults: (request) => {
      const scenario = request.headers['x-scenario'];
      if (scenario === 'flaky') return 'http-503; times=2';
      if (scenario === 'broken') return 'explode';
      return undefined;
    },
  });
  const send = (scenario: string) =>
    mock('http://mock/v1/chat/completions', {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test', 'x-scenario': scenario },
      body: JSON.stringify(chatBody()),
    });

  it('returns a fault list per request; times counts per mock and reset() clears it', async () => {
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await send('flaky')).status);
    expect(statuses).toEqual([503, 503, 200]);
    expect((await send('calm')).status).toBe(200);
    mock.reset();
    expect((await send('flaky')).status).toBe(503);
  });

  it('an invalid list from the function is a 400 (param null: not from the header)', async () => {
    const response = await send('broken');
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error).toMatchObject({ param: null, code: 'invalid_mock_fault' });
    expect(body.error.message).toMatch(/^Unknown fault "explode"\. Known faults: /);
  });
});

describe('invalid faults options fail at creation', () => {
  it('startMockServer rejects with MockFaultError naming the rule', async () => {
    const error = await startMockServer({
      faults: [{ fault: 'http-503' }, { fault: 'boom' }],
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MockFaultError);
    expect((error as MockFaultError).message).toMatch(/^faults\[1\]: Unknown fault "boom"\./);
  });

  it.each([
    [[{ fault: 'reset, close' }], /^faults\[0\]: Faults "reset" and "close" each decide/],
    [[{ model: 'gpt-4.1' }], /^faults\[0\] needs a string "fault"/],
    ['reset', /must be an array of rules .* or a function/],
  ])('createMockRoutify throws for %j', (faults, message) => {
    expect(() => createMockRoutify({ faults: faults as never })).toThrow(message);
  });
});
