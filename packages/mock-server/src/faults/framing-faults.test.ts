import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockServer } from '../index';
import type { MockServer } from '../node-server';
import {
  baseline,
  chatBody,
  cutAfter,
  dataOf,
  faulted,
  frame,
  NOW,
} from './fault-test.test-helper';

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer({
    now: () => NOW,
    respond: ({ body }) =>
      body.messages.at(-1)?.content === 'TOOL'
        ? { toolCalls: [{ name: 'get_weather', arguments: { city: 'Москва' } }] }
        : undefined,
  });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const streamBody = chatBody({ stream: true, stream_options: { include_usage: true } });
const base = async () => dataOf((await baseline(server, streamBody)).body);

describe('SSE framing variants (each alone; they combine)', () => {
  it('crlf: CRLF line endings', async () => {
    const data = await base();
    const exchange = await faulted(server, 'crlf', streamBody);
    expect(exchange.body.toString()).toBe(frame(data, '\r\n'));
    expect(exchange.terminated).toBe(true);
  });

  it('cr: CR-only line endings', async () => {
    const data = await base();
    const exchange = await faulted(server, 'cr', streamBody);
    expect(exchange.body.toString()).toBe(frame(data, '\r'));
    expect(exchange.body.includes('\n')).toBe(false);
  });

  it('no-space: `data:` without the space', async () => {
    const data = await base();
    const exchange = await faulted(server, 'no-space', streamBody);
    expect(exchange.body.toString()).toBe(frame(data, '\n', 'data:'));
  });

  it('multiline: each JSON over several data: lines that join back with \\n', async () => {
    const data = await base();
    const exchange = await faulted(server, 'multiline', streamBody);
    const expected = data
      .map((item) =>
        item === '[DONE]'
          ? 'data: [DONE]\n\n'
          : `${JSON.stringify(JSON.parse(item), null, 2)
              .split('\n')
              .map((line) => `data: ${line}\n`)
              .join('')}\n`,
      )
      .join('');
    const text = exchange.body.toString();
    expect(text).toBe(expected);
    const firstEvent = text.split('\n\n')[0] as string;
    expect(firstEvent.split('\n').length).toBeGreaterThan(5);
    const joined = firstEvent
      .split('\n')
      .map((line) => line.slice(6))
      .join('\n');
    expect(JSON.parse(joined)).toEqual(JSON.parse(data[0] as string));
  });

  it('bom: a UTF-8 BOM before the first event, in the first chunk', async () => {
    const data = await base();
    const exchange = await faulted(server, 'bom', streamBody);
    expect([...exchange.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(exchange.body.subarray(3).toString()).toBe(frame(data));
    expect(exchange.chunks[0]?.bytes.toString()).toBe(`\uFEFF${frame(data.slice(0, 1))}`);
  });

  it('keep-alive: a `: keep-alive` comment block before every event', async () => {
    const data = await base();
    const exchange = await faulted(server, 'keep-alive', streamBody);
    expect(exchange.body.toString()).toBe(
      data.map((item) => `: keep-alive\n\ndata: ${item}\n\n`).join(''),
    );
  });

  it('keep-alive; text=…: OpenRouter-style comments', async () => {
    const data = await base();
    const exchange = await faulted(server, 'keep-alive; text="OPENROUTER PROCESSING"', streamBody);
    expect(exchange.body.toString()).toBe(
      data.map((item) => `: OPENROUTER PROCESSING\n\ndata: ${item}\n\n`).join(''),
    );
  });

  it('fields: event:, id: on every event and retry: on the first', async () => {
    const data = await base();
    const exchange = await faulted(server, 'fields', streamBody);
    expect(exchange.body.toString()).toBe(
      data
        .map(
          (item, i) =>
            `${i === 0 ? 'retry: 3000\n' : ''}id: ${i + 1}\nevent: message\ndata: ${item}\n\n`,
        )
        .join(''),
    );
  });

  it('fields; event=chunk; retry=10: other values', async () => {
    const exchange = await faulted(server, 'fields; event=chunk; retry=10', streamBody);
    expect(exchange.body.toString().startsWith('retry: 10\nid: 1\nevent: chunk\ndata: {')).toBe(
      true,
    );
  });

  it('empty-event: an event with a name and no data before every event', async () => {
    const data = await base();
    const exchange = await faulted(server, 'empty-event', streamBody);
    expect(exchange.body.toString()).toBe(
      data.map((item) => `event: ping\n\ndata: ${item}\n\n`).join(''),
    );
  });

  it('mixed-eol: LF, CRLF and CR in turn, line by line, in one stream', async () => {
    const data = await base();
    const exchange = await faulted(server, 'mixed-eol', streamBody);
    const eols = ['\n', '\r\n', '\r'];
    expect(exchange.body.toString()).toBe(
      // After a bare CR the blank line is `\r\n`, never `\n` (CR + LF would be one line end).
      data
        .map((item, i) => `data: ${item}${eols[i % 3]}${i % 3 === 2 ? '\r\n' : eols[(i + 1) % 3]}`)
        .join(''),
    );
  });

  it('extra-space: `data:  {…}` (the value keeps one leading space); [DONE] untouched', async () => {
    const data = await base();
    const exchange = await faulted(server, 'extra-space', streamBody);
    expect(exchange.body.toString()).toBe(
      data.map((item) => (item === '[DONE]' ? 'data: [DONE]\n\n' : `data:  ${item}\n\n`)).join(''),
    );
  });

  it('empty-data: an event with empty data before every event (`data:` or bare `data`)', async () => {
    const data = await base();
    const colon = await faulted(server, 'empty-data', streamBody);
    expect(colon.body.toString()).toBe(data.map((item) => `data:\n\ndata: ${item}\n\n`).join(''));
    server.reset();
    const bare = await faulted(server, 'empty-data; colon=false', streamBody);
    expect(bare.body.toString()).toBe(data.map((item) => `data\n\ndata: ${item}\n\n`).join(''));
  });

  it('ignored-lines: a leading-space ` data:` line and an unknown field in every event', async () => {
    const data = await base();
    const exchange = await faulted(server, 'ignored-lines', streamBody);
    expect(exchange.body.toString()).toBe(
      data
        .map(
          (item) =>
            ` data: {"ignored":"leading space"}\nx-mock-unknown: ignored\ndata: ${item}\n\n`,
        )
        .join(''),
    );
  });

  it('fields; ids=first: a sticky id set once', async () => {
    const data = await base();
    const exchange = await faulted(server, 'fields; ids=first; retry=1000', streamBody);
    expect(exchange.body.toString()).toBe(
      data
        .map(
          (item, i) => `${i === 0 ? 'retry: 1000\nid: 1\n' : ''}event: message\ndata: ${item}\n\n`,
        )
        .join(''),
    );
  });

  it('unterminated: the last event without its blank line (with no-done: the finish chunk)', async () => {
    const data = await base();
    const withoutDone = data.slice(0, -1);
    const line = await faulted(server, 'no-done, unterminated', streamBody);
    expect(line.body.toString()).toBe(`${frame(withoutDone).slice(0, -1)}`);
    expect(line.body.toString().endsWith('}\n')).toBe(true);
    expect(line.terminated).toBe(true);
    server.reset();
    const bare = await faulted(server, 'no-done, unterminated; newline=false, crlf', streamBody);
    expect(bare.body.toString()).toBe(frame(withoutDone, '\r\n').slice(0, -4));
    expect(bare.body.toString().endsWith('}')).toBe(true);
  });

  it('odd-chunks: unknown fields everywhere and a choice without delta after the role chunk', async () => {
    const data = await base();
    const exchange = await faulted(server, 'odd-chunks', streamBody);
    const odd = data.map((item) => {
      if (item === '[DONE]') return item;
      const chunk = JSON.parse(item);
      chunk.choices = chunk.choices.map((choice: { finish_reason: unknown }) => ({
        ...choice,
        native_finish_reason: choice.finish_reason,
      }));
      chunk.provider = 'mock-provider';
      return JSON.stringify(chunk);
    });
    const first = JSON.parse(data[0] as string);
    const noDelta = JSON.stringify({
      id: first.id,
      object: 'chat.completion.chunk',
      created: first.created,
      model: first.model,
      choices: [{ index: 0, finish_reason: null }],
      provider: 'mock-provider',
    });
    expect(exchange.body.toString()).toBe(frame([odd[0] as string, noDelta, ...odd.slice(1)]));
  });

  it('bytewise: every byte is its own write, so multi-byte characters split', async () => {
    const data = await base();
    const exchange = await faulted(server, 'bytewise', streamBody);
    expect(exchange.body.toString()).toBe(frame(data));
    expect(exchange.chunks.every((chunk) => chunk.bytes.length === 1)).toBe(true);
    expect(exchange.chunks).toHaveLength(exchange.body.length);
    // 'З' is D0 97 in UTF-8: its two bytes travel in two chunks.
    const at = exchange.body.indexOf(Buffer.from('З'));
    expect(exchange.chunks[at]?.bytes[0]).toBe(0xd0);
    expect(exchange.chunks[at + 1]?.bytes[0]).toBe(0x97);
  });

  it('bytewise; size=3: writes of 3 bytes per event piece', async () => {
    const data = await base();
    const exchange = await faulted(server, 'bytewise; size=3', streamBody);
    expect(exchange.body.toString()).toBe(frame(data));
    const expected = data.flatMap((item) => {
      const bytes = Buffer.from(`data: ${item}\n\n`);
      return Array.from({ length: Math.ceil(bytes.length / 3) }, (_, i) =>
        Math.min(3, bytes.length - i * 3),
      );
    });
    expect(exchange.chunks.map((chunk) => chunk.bytes.length)).toEqual(expected);
  });

  it('bytewise applies to JSON replies too (pieces seen through the in-process fetch)', async () => {
    const full = (await baseline(server, chatBody())).body;
    const response = await server.fetch('http://mock/v1/chat/completions', {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test', 'x-mock-fault': 'bytewise; size=64' },
      body: JSON.stringify(chatBody()),
    });
    expect(response.headers.get('content-length')).toBe(String(full.length));
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const sizes: number[] = [];
    const bytes: number[] = [];
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      sizes.push(read.value.length);
      bytes.push(...read.value);
    }
    expect(Buffer.from(bytes).equals(full)).toBe(true);
    expect(sizes.slice(0, -1).every((size) => size === 64)).toBe(true);
    expect(sizes).toHaveLength(Math.ceil(full.length / 64));
  });

  it('json-to-stream: a JSON completion (the JSON reply, same content) to a stream request', async () => {
    const jsonReply = JSON.parse((await baseline(server, chatBody())).body.toString());
    const exchange = await faulted(server, 'json-to-stream', streamBody);
    expect(exchange.status).toBe(200);
    expect(exchange.headers['content-type']).toBe('application/json');
    const completion = JSON.parse(exchange.body.toString());
    expect(completion.id).toMatch(/^chatcmpl-/);
    expect({ ...completion, id: 'x' }).toEqual({ ...jsonReply, id: 'x' });
  });

  it('json-to-stream folds tool-call fragments back into tool_calls', async () => {
    const messages = [{ role: 'user', content: 'TOOL' }];
    const jsonReply = JSON.parse((await baseline(server, chatBody({ messages }))).body.toString());
    const exchange = await faulted(server, 'json-to-stream', { ...streamBody, messages });
    const completion = JSON.parse(exchange.body.toString());
    const withoutIds = (value: typeof completion) => ({
      ...value,
      id: 'x',
      choices: value.choices.map((choice: typeof completion) => ({
        ...choice,
        message: {
          ...choice.message,
          tool_calls: choice.message.tool_calls.map((call: typeof completion) => ({
            ...call,
            id: 'c',
          })),
        },
      })),
    });
    expect(completion.choices[0].message.tool_calls[0].function).toEqual({
      name: 'get_weather',
      arguments: '{"city":"Москва"}',
    });
    expect(withoutIds(completion)).toEqual(withoutIds(jsonReply));
  });

  it('framing faults combine with each other and with a cut', async () => {
    const data = await base();
    const exchange = await faulted(
      server,
      'crlf, keep-alive, no-space, bom, reset; after=1',
      streamBody,
    );
    const events = cutAfter(data, 1).map((item) => `: keep-alive\r\n\r\ndata:${item}\r\n\r\n`);
    expect(exchange.body.toString()).toBe(`\uFEFF${events.join('')}`);
    expect(exchange.ending).toBe('reset');
  });

  it('a framing fault with a fault that replaces the stream by JSON is a 400', async () => {
    const exchange = await faulted(server, 'crlf, http-500', streamBody);
    expect(exchange.status).toBe(400);
    expect(JSON.parse(exchange.body.toString()).error).toMatchObject({
      message:
        'Fault "crlf" rewrites SSE bytes, but fault "http-500" replaces the stream with a JSON body; drop one of them.',
      code: 'mock_fault_not_applicable',
    });
  });
});
