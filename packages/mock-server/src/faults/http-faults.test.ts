import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockServer } from '../index';
import type { MockServer } from '../node-server';
import { baseline, chatBody, faulted, NOW } from './fault-test.test-helper';
import { rawRequest } from './raw-http.test-helper';

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer({ now: () => NOW });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const streamBody = chatBody({ stream: true, stream_options: { include_usage: true } });
const json = (exchange: { body: Buffer }) => JSON.parse(exchange.body.toString());
const DATE = 'Sun, 30 Nov 2025 00:00:00 GMT';

describe('http-<status>', () => {
  it.each([
    [400, 'invalid_request_error', 'invalid_request', 'Invalid request (mock fault).'],
    [401, 'authentication_error', 'invalid_api_key', 'Invalid API key (mock fault).'],
    [
      402,
      'billing_error',
      'insufficient_balance',
      'Insufficient balance: top up your account (mock fault).',
    ],
    [403, 'permission_error', 'permission_denied', 'This key may not use this model (mock fault).'],
    [404, 'invalid_request_error', 'model_not_found', 'The model does not exist (mock fault).'],
    [408, 'timeout_error', 'request_timeout', 'The request timed out (mock fault).'],
    [409, 'conflict_error', 'conflict', 'A conflicting request is in progress (mock fault).'],
    [413, 'invalid_request_error', 'request_too_large', 'The request is too large (mock fault).'],
    [
      422,
      'invalid_request_error',
      'unprocessable_entity',
      'The request could not be processed (mock fault).',
    ],
    [500, 'server_error', 'internal_error', 'Internal server error (mock fault).'],
    [502, 'upstream_error', 'bad_gateway', 'All upstream providers failed (mock fault).'],
    [
      503,
      'server_error',
      'service_unavailable',
      'No provider is available for this request (mock fault).',
    ],
    [504, 'upstream_error', 'gateway_timeout', 'The upstream provider timed out (mock fault).'],
  ])(
    'http-%i: the status and an OpenAI envelope, JSON or stream request alike',
    async (status, type, code, message) => {
      const body = JSON.stringify({ error: { message, type, param: null, code } });
      for (const request of [chatBody(), streamBody]) {
        const exchange = await faulted(server, `http-${status}`, request);
        expect(exchange.status).toBe(status);
        expect(exchange.body.toString()).toBe(body);
        expect(exchange.headers).toMatchObject({
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          date: DATE,
          'x-request-id': expect.stringMatching(/^req_[0-9a-f]{32}$/),
        });
        expect(exchange.headers['retry-after']).toBeUndefined();
        expect(exchange.headers['x-should-retry']).toBeUndefined();
        expect(exchange.headers['cache-control']).toBeUndefined();
        expect(exchange.terminated).toBe(false); // content-length framing, not chunked
        expect(exchange.ending).toBe('end');
      }
    },
  );

  it('http-429 sends Retry-After: 1 by default', async () => {
    const exchange = await faulted(server, 'http-429', chatBody());
    expect(exchange.status).toBe(429);
    expect(exchange.headers['retry-after']).toBe('1');
    expect(exchange.headers['retry-after-ms']).toBeUndefined();
    expect(json(exchange).error).toEqual({
      message: 'Rate limit exceeded; retry later (mock fault).',
      type: 'rate_limit_error',
      param: null,
      code: 'rate_limit_exceeded',
    });
  });

  it.each([
    ['http-429; retry-after=3', '3', undefined],
    ['http-429; retry-after=0.5', '0.5', undefined],
    ['http-429; retry-after=none; retry-after-ms=250', undefined, '250'],
    ['http-429; retry-after-ms=40', '1', '40'],
    [
      'http-429; retry-after="Sun, 30 Nov 2025 00:00:02 GMT"',
      'Sun, 30 Nov 2025 00:00:02 GMT',
      undefined,
    ],
    ['http-503; retry-after=2', '2', undefined],
  ])('%s → retry-after %s, retry-after-ms %s', async (fault, seconds, ms) => {
    const exchange = await faulted(server, fault, chatBody());
    expect(exchange.headers['retry-after']).toBe(seconds);
    expect(exchange.headers['retry-after-ms']).toBe(ms);
  });

  it('should-retry=false / true sends x-should-retry', async () => {
    expect(
      (await faulted(server, 'http-500; should-retry=false', chatBody())).headers['x-should-retry'],
    ).toBe('false');
    expect(
      (await faulted(server, 'http-400; should-retry=true', chatBody())).headers['x-should-retry'],
    ).toBe('true');
  });

  it('message (percent-encoded UTF-8), type and a numeric code override the envelope', async () => {
    const exchange = await faulted(
      server,
      `http-402; message="${encodeURIComponent('Нет денег; пополните баланс')}"; type=billing; code=402`,
      chatBody(),
    );
    expect(json(exchange)).toEqual({
      error: { message: 'Нет денег; пополните баланс', type: 'billing', param: null, code: 402 },
    });
  });

  it('works on GET /v1/models too', async () => {
    const exchange = await rawRequest(server.url, {
      method: 'GET',
      path: '/v1/models',
      headers: { 'x-mock-fault': 'http-503' },
    });
    expect(exchange.status).toBe(503);
    expect(json(exchange).error.code).toBe('service_unavailable');
  });
});

describe('bodies that are not what they claim', () => {
  it('html: a 500 with an nginx HTML page', async () => {
    const exchange = await faulted(server, 'html', streamBody);
    const page =
      '<html>\r\n<head><title>500 Internal Server Error</title></head>\r\n<body>\r\n<center><h1>500 Internal Server Error</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
    expect(exchange.status).toBe(500);
    expect(exchange.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(exchange.body.toString()).toBe(page);
  });

  it('html; status=502: another status, same kind of page', async () => {
    const exchange = await faulted(server, 'html; status=502', chatBody());
    expect(exchange.status).toBe(502);
    expect(exchange.body.toString()).toContain('<title>502 Bad Gateway</title>');
  });

  it.each([
    ['a stream request', streamBody],
    ['a JSON request', chatBody()],
  ])('error-200: a 200 JSON error body to %s', async (_, request) => {
    const exchange = await faulted(server, 'error-200', request);
    expect(exchange.status).toBe(200);
    expect(exchange.headers['content-type']).toBe('application/json');
    expect(exchange.body.toString()).toBe(
      '{"error":{"message":"Upstream provider returned an error","type":"server_error","param":null,"code":502}}',
    );
  });

  it('error-200 with a string code and a message', async () => {
    const exchange = await faulted(
      server,
      'error-200; code=upstream_error; message=boom',
      streamBody,
    );
    expect(json(exchange).error).toMatchObject({ message: 'boom', code: 'upstream_error' });
  });

  it('truncated-json: a 200 whose JSON stops in the middle (honest content-length)', async () => {
    const full = (await baseline(server, chatBody())).body;
    const exchange = await faulted(server, 'truncated-json', chatBody());
    expect(exchange.status).toBe(200);
    expect(exchange.headers['content-type']).toBe('application/json');
    expect(exchange.body.equals(full.subarray(0, Math.floor(full.length / 2)))).toBe(true);
    expect(exchange.headers['content-length']).toBe(String(exchange.body.length));
    expect(() => JSON.parse(exchange.body.toString())).toThrow(SyntaxError);
    expect(exchange.ending).toBe('end');
  });

  it('truncated-json; bytes=N cuts after N bytes, even inside a multi-byte character', async () => {
    const full = (await baseline(server, chatBody())).body;
    const cyrillic = full.indexOf(Buffer.from('З'));
    const exchange = await faulted(server, `truncated-json; bytes=${cyrillic + 1}`, chatBody());
    expect(exchange.body.equals(full.subarray(0, cyrillic + 1))).toBe(true);
  });

  it('truncated-json on a stream request cuts the JSON completion (as json-to-stream sends it)', async () => {
    server.reset();
    const whole = (await faulted(server, 'json-to-stream', streamBody)).body;
    server.reset();
    const exchange = await faulted(server, 'truncated-json', streamBody);
    expect(exchange.body.equals(whole.subarray(0, Math.floor(whole.length / 2)))).toBe(true);
  });
});

describe('selection and the "fail N times, then succeed" counter', () => {
  it('times=N: the first N requests fail, then replies are normal until reset()', async () => {
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await faulted(server, 'http-503; times=2', chatBody())).status);
    expect(statuses).toEqual([503, 503, 200]);
    expect(server.requests.map((request) => request.fault)).toEqual([
      'http-503; times=2',
      'http-503; times=2',
      undefined,
    ]);
    server.reset();
    expect((await faulted(server, 'http-503; times=2', chatBody())).status).toBe(503);
  });

  it('counts each fault of a list on its own; key=… shares a counter between lists', async () => {
    const first = await faulted(
      server,
      'http-500; times=1; key=k, delay-headers; ms=1',
      chatBody(),
    );
    const second = await faulted(
      server,
      'http-502; times=1; key=k, delay-headers; ms=1',
      chatBody(),
    );
    expect([first.status, second.status]).toEqual([500, 200]);
    expect(server.requests[1]?.fault).toBe('delay-headers; ms=1');
  });

  it('x-mock-fault: none is no fault', async () => {
    const exchange = await faulted(server, 'none', chatBody());
    expect(exchange.status).toBe(200);
    expect(server.requests[0]?.fault).toBeUndefined();
  });

  it('an invalid request keeps its own error and does not use up times', async () => {
    const unauthenticated = await faulted(server, 'http-503; times=1', chatBody(), {
      headers: { authorization: '' },
    });
    expect(unauthenticated.status).toBe(401);
    expect(server.requests[0]?.fault).toBeUndefined();
    expect((await faulted(server, 'http-503; times=1', chatBody())).status).toBe(503);
  });

  it('an invalid fault list is a 400 that names the problem', async () => {
    const exchange = await faulted(server, 'reset; afer=2', streamBody);
    expect(exchange.status).toBe(400);
    expect(json(exchange)).toEqual({
      error: {
        message: 'Fault "reset" has no parameter "afer". Its parameters: after, times, key.',
        type: 'invalid_request_error',
        param: 'x-mock-fault',
        code: 'invalid_mock_fault',
      },
    });
  });
});
