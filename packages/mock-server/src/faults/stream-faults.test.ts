import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockServer } from '../index';
import type { MockServer } from '../node-server';
import {
  baseline,
  carriesOutput,
  chatBody,
  cutAfter,
  dataOf,
  faulted,
  frame,
  NOW,
  OPEN_FOR,
  until,
} from './fault-test.test-helper';

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer({
    now: () => NOW,
    respond: ({ body }) => {
      const last = body.messages[body.messages.length - 1];
      if (last?.content === 'REASON') {
        return { reasoning: 'Сначала подумаю о погоде, потом отвечу.', content: 'Тепло.' };
      }
      if (last?.content !== 'TOOL') return undefined;
      return { toolCalls: [{ name: 'get_weather', arguments: { city: 'Москва', days: 3 } }] };
    },
  });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const streamBody = chatBody({ stream: true, stream_options: { include_usage: true } });
const errorJson = (code: number | string, message = 'Provider disconnected unexpectedly') =>
  JSON.stringify({ error: { message, type: 'server_error', param: null, code } });

describe('stream faults after N content chunks', () => {
  it('the unfaulted stream has role, several content chunks, usage and [DONE]', async () => {
    const data = dataOf((await baseline(server, streamBody)).body);
    expect(data.filter(carriesOutput).length).toBeGreaterThanOrEqual(4);
    expect(data.at(-1)).toBe('[DONE]');
    expect(JSON.parse(data.at(-2) as string).choices).toEqual([]);
  });

  it('error-chunk: a {"error"} chunk with a numeric code, then a clean end without [DONE]', async () => {
    const data = dataOf((await baseline(server, streamBody)).body);
    const exchange = await faulted(server, 'error-chunk; after=2', streamBody);
    expect(exchange.status).toBe(200);
    expect(exchange.body.toString()).toBe(frame([...cutAfter(data, 2), errorJson(502)]));
    expect(cutAfter(data, 2).filter(carriesOutput)).toHaveLength(2);
    expect(exchange.terminated).toBe(true);
    expect(exchange.ending).toBe('end');
    expect(server.requests.at(-1)?.fault).toBe('error-chunk; after=2');
  });

  it('error-chunk: a string code, a custom message and OpenRouter-style chunk fields', async () => {
    const data = dataOf((await baseline(server, streamBody)).body);
    const exchange = await faulted(
      server,
      'error-chunk; after=1; code=server_error; message="Upstream died, sorry"; choices=true',
      streamBody,
    );
    const first = JSON.parse(data[0] as string);
    const errorChunk = JSON.stringify({
      id: first.id,
      object: 'chat.completion.chunk',
      created: first.created,
      model: first.model,
      error: {
        message: 'Upstream died, sorry',
        type: 'server_error',
        param: null,
        code: 'server_error',
      },
      choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error' }],
    });
    expect(exchange.body.toString()).toBe(frame([...cutAfter(data, 1), errorChunk]));
    expect(exchange.terminated).toBe(true);
  });

  it('event-error: an `event: error` SSE event, then a clean end', async () => {
    const data = dataOf((await baseline(server, streamBody)).body);
    const exchange = await faulted(server, 'event-error; after=1; code=503', streamBody);
    expect(exchange.body.toString()).toBe(
      `${frame(cutAfter(data, 1))}event: error\ndata: ${errorJson(503)}\n\n`,
    );
    expect(exchange.terminated).toBe(true);
    expect(exchange.ending).toBe('end');
  });

  it('event-error; flat=true: the flat payload some servers send', async () => {
    const data = dataOf((await baseline(server, streamBody)).body);
    const exchange = await faulted(server, 'event-error; flat=true; message=boom', streamBody);
    expect(exchange.body.toString()).toBe(
      `${frame(cutAfter(data, 1))}event: error\ndata: {"message":"boom","type":"server_error","param":null,"code":502}\n\n`,
    );
  });

  it('reset: the chunks, then a TCP RST (no chunked terminator, no FIN)', async () => {
    const data = dataOf((await baseline(server, streamBody)).body);
    const exchange = await faulted(server, 'reset; after=2', streamBody);
    expect(exchange.body.toString()).toBe(frame(cutAfter(data, 2)));
    expect(exchange.chunks).toHaveLength(3); // role + 2 content chunks, one write each
    expect(exchange.terminated).toBe(false);
    expect(exchange.ending).toBe('reset');
    expect(server.requests.at(-1)?.clientClosed).toBe(false);
  });

  it('reset; after=0: only the role chunk before the RST', async () => {
    const data = dataOf((await baseline(server, streamBody)).body);
    const exchange = await faulted(server, 'reset; after=0', streamBody);
    expect(exchange.body.toString()).toBe(frame(data.slice(0, 1)));
    expect(JSON.parse(data[0] as string).choices[0].delta).toEqual({ role: 'assistant' });
    expect(exchange.ending).toBe('reset');
  });

  it('close: the chunks, then a FIN without the chunked terminator', async () => {
    const data = dataOf((await baseline(server, streamBody)).body);
    const exchange = await faulted(server, 'close; after=3', streamBody);
    expect(exchange.body.toString()).toBe(frame(cutAfter(data, 3)));
    expect(exchange.terminated).toBe(false);
    expect(exchange.ending).toBe('end');
    expect(exchange.reads.map((read) => read.bytes.toString()).join('')).not.toContain('\r\n0\r\n');
    expect(server.requests.at(-1)?.clientClosed).toBe(false);
  });

  it('no-finish: a clean end with neither finish_reason nor [DONE]', async () => {
    const data = dataOf((await baseline(server, streamBody)).body);
    const exchange = await faulted(server, 'no-finish; after=3', streamBody);
    const text = exchange.body.toString();
    expect(text).toBe(frame(cutAfter(data, 3)));
    expect(text).not.toContain('"finish_reason":"');
    expect(text).not.toContain('[DONE]');
    expect(exchange.terminated).toBe(true);
  });

  it('no-finish beyond the last content chunk: all the text, finish_reason nulled, no usage', async () => {
    const data = dataOf((await baseline(server, streamBody)).body);
    const exchange = await faulted(server, 'no-finish; after=1000', streamBody);
    const sent = dataOf(exchange.body);
    expect(sent).toEqual(cutAfter(data, 1000));
    expect(sent.filter(carriesOutput)).toHaveLength(data.filter(carriesOutput).length);
    expect(exchange.body.toString()).not.toContain('"usage":{');
  });

  it('no-done: finish_reason and usage, but no [DONE]', async () => {
    const data = dataOf((await baseline(server, streamBody)).body);
    const exchange = await faulted(server, 'no-done', streamBody);
    expect(exchange.body.toString()).toBe(frame(data.slice(0, -1)));
    expect(exchange.body.toString()).toContain('"finish_reason":"stop"');
    expect(exchange.terminated).toBe(true);
  });

  it('data-after-done: [DONE], then one more chunk, then a clean end', async () => {
    const data = dataOf((await baseline(server, streamBody)).body);
    const exchange = await faulted(server, 'data-after-done', streamBody);
    const first = JSON.parse(data[0] as string);
    const extra = JSON.stringify({
      id: first.id,
      object: 'chat.completion.chunk',
      created: first.created,
      model: first.model,
      choices: [{ index: 0, delta: { content: 'data after [DONE]' }, finish_reason: null }],
    });
    expect(exchange.body.toString()).toBe(frame([...data, extra]));
    expect(exchange.terminated).toBe(true);
  });

  it('fake-done: a `[DONE]xyz` sentinel that is not [DONE], then the rest of the stream', async () => {
    const data = dataOf((await baseline(server, streamBody)).body);
    const exchange = await faulted(server, 'fake-done; after=2', streamBody);
    expect(exchange.body.toString()).toBe(
      frame([...data.slice(0, 3), '[DONE]xyz', ...data.slice(3)]),
    );
    expect(data.slice(1, 3).every(carriesOutput)).toBe(true);
    expect(exchange.terminated).toBe(true);
  });

  it('done-keep-open: [DONE], then the connection stays open until the client leaves', async () => {
    const data = dataOf((await baseline(server, streamBody)).body);
    const exchange = await faulted(server, 'done-keep-open', streamBody, { openFor: OPEN_FOR });
    expect(exchange.body.toString()).toBe(frame(data));
    expect(exchange.terminated).toBe(false);
    expect(exchange.ending).toBe('open');
    // The helper destroyed its socket: the server sees the client close.
    await until(() => server.connections === 0);
    const record = server.requests.at(-1);
    expect(record?.clientClosed).toBe(true);
    expect(record?.clientClosedAt).toBe(NOW);
  });

  it('stall: N chunks, then nothing while the connection stays open', async () => {
    const data = dataOf((await baseline(server, streamBody)).body);
    const exchange = await faulted(server, 'stall; after=1', streamBody, { openFor: OPEN_FOR });
    expect(exchange.body.toString()).toBe(frame(cutAfter(data, 1)));
    expect(exchange.ending).toBe('open');
    await until(() => server.connections === 0);
    expect(server.requests.at(-1)?.clientClosed).toBe(true);
  });
});

describe('stream faults on every kind of reply', () => {
  it('cuts a tool-call stream after the first fragment (id and name sent, no finish_reason)', async () => {
    const body = { ...streamBody, messages: [{ role: 'user', content: 'TOOL' }] };
    const data = dataOf((await baseline(server, body)).body);
    expect(data.some((item) => item.includes('"finish_reason":"tool_calls"'))).toBe(true);
    const exchange = await faulted(server, 'reset; after=1', body);
    const sent = dataOf(exchange.body);
    expect(sent).toEqual(cutAfter(data, 1));
    const fragment = JSON.parse(sent.at(-1) as string).choices[0].delta.tool_calls[0];
    expect(fragment).toMatchObject({
      index: 0,
      type: 'function',
      function: { name: 'get_weather' },
    });
    expect(typeof fragment.id).toBe('string');
    expect(exchange.body.toString()).not.toContain('"finish_reason":"tool_calls"');
    expect(exchange.ending).toBe('reset');
  });

  it('cuts a reasoning stream inside the reasoning deltas', async () => {
    const body = {
      ...streamBody,
      model: 'o4-mini',
      messages: [{ role: 'user', content: 'REASON' }],
    };
    const data = dataOf((await baseline(server, body)).body);
    const exchange = await faulted(server, 'error-chunk; after=2', body);
    const sent = dataOf(exchange.body);
    expect(sent).toEqual([...cutAfter(data, 2), errorJson(502)]);
    expect(JSON.parse(sent.at(-2) as string).choices[0].delta.reasoning_content).toEqual(
      expect.any(String),
    );
  });

  it.each([
    ['reset', 'reset'],
    ['close', 'end'],
    ['stall', 'open'],
  ] as const)(
    '%s on a JSON reply sends half of the body, then cuts (%s)',
    async (fault, ending) => {
      const body = chatBody();
      const full = (await baseline(server, body)).body;
      const exchange = await faulted(server, fault, body, { openFor: OPEN_FOR });
      expect(exchange.status).toBe(200);
      expect(exchange.headers['content-length']).toBe(String(full.length));
      expect(exchange.body.equals(full.subarray(0, Math.floor(full.length / 2)))).toBe(true);
      expect(exchange.ending).toBe(ending);
    },
  );

  it('a stream-only fault on a JSON request is a 400 naming the fix', async () => {
    const exchange = await faulted(server, 'error-chunk', chatBody());
    expect(exchange.status).toBe(400);
    expect(JSON.parse(exchange.body.toString())).toEqual({
      error: {
        message:
          'Fault "error-chunk" needs a streamed reply; send the request with "stream": true (or drop the fault).',
        type: 'invalid_request_error',
        param: 'x-mock-fault',
        code: 'mock_fault_not_applicable',
      },
    });
    expect(exchange.headers['x-request-id']).toMatch(/^req_/);
  });
});
