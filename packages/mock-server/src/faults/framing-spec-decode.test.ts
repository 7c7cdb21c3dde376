// Regression: framing faults must stay valid SSE. `mixed-eol` once wrote a bare `\r` line end
// followed by a `\n` blank line — one CRLF to a spec-correct parser — so two events merged into
// invalid JSON. Every framing fault (alone, with every line ending, combined) is decoded here by
// eventsource-parser (WHATWG HTML §9.2.5) and compared with the unfaulted stream's events.
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockServer } from '../index';
import type { MockServer } from '../node-server';
import { baseline, chatBody, dataOf, faulted, NOW, OPEN_FOR } from './fault-test.test-helper';
import type { RawExchange } from './raw-http.test-helper';

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer({ now: () => NOW });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const streamBody = chatBody({ stream: true, stream_options: { include_usage: true } });

interface Decoded {
  readonly events: { event?: string; id?: string; data: string }[];
  readonly comments: string[];
}

/** Decodes the body chunk by chunk, as written (CRLF pairs and UTF-8 characters may split). */
function decode(exchange: RawExchange): Decoded {
  const events: Decoded['events'] = [];
  const comments: string[] = [];
  const parser = createParser({
    onEvent: ({ event, id, data }: EventSourceMessage) =>
      events.push({
        ...(event === undefined ? {} : { event }),
        ...(id === undefined ? {} : { id }),
        data,
      }),
    onComment: (comment) => comments.push(comment),
  });
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  for (const chunk of exchange.chunks) parser.feed(decoder.decode(chunk.bytes, { stream: true }));
  parser.feed(decoder.decode());
  return { events, comments };
}

/** The `data` of every event, which must each be JSON, `[DONE]` or empty (`empty-data`). */
const payloads = (decoded: Decoded): string[] =>
  decoded.events.map((event) => {
    if (event.data !== '[DONE]' && event.data !== '')
      expect(() => JSON.parse(event.data)).not.toThrow();
    return event.data;
  });

/** Reformats multi-line JSON back to the compact form the plain stream sends; other data as is. */
function compact(data: string): string {
  try {
    return JSON.stringify(JSON.parse(data));
  } catch {
    return data; // `[DONE]`, empty data, fake-done's near-misses
  }
}

const ENDINGS = ['', 'crlf', 'cr', 'mixed-eol'] as const;
const withEnding = (fault: string, ending: string) =>
  [fault, ending].filter((part) => part !== '').join(', ') || 'none';

describe('framing faults decode to the unfaulted events with a spec-correct parser', () => {
  it('mixed-eol: no `\\n` right after a bare `\\r` line end, so no two events merge', async () => {
    const data = dataOf((await baseline(server, streamBody)).body);
    expect(data.length).toBeGreaterThan(3);
    const exchange = await faulted(server, 'mixed-eol', streamBody);
    const text = exchange.body.toString();
    // Event i: its data line ends with ending i mod 3, its blank line with the next one —
    // except after a bare `\r`, where the blank line takes `\r\n` (`\r` + `\n` is ONE line end).
    const eols = ['\n', '\r\n', '\r'];
    expect(text).toBe(
      data
        .map((item, i) => `data: ${item}${eols[i % 3]}${i % 3 === 2 ? '\r\n' : eols[(i + 1) % 3]}`)
        .join(''),
    );
    const decoded = decode(exchange);
    expect(payloads(decoded)).toEqual(data);
    // Still all three line endings in one stream.
    expect(text).toContain('\r\n');
    expect(text).toMatch(/\r[^\n]/);
    expect(text).toMatch(/[^\r]\n/);
  });

  // Faults that only reframe: the events (data, no name, no id) are exactly the plain ones.
  const reframing = [
    '',
    'multiline',
    'bom',
    'keep-alive',
    'keep-alive; text="OPENROUTER PROCESSING"',
    'empty-event',
    'ignored-lines',
    'no-space',
    'extra-space',
    'bytewise',
    'bytewise; size=3',
    'multiline, keep-alive, empty-event, ignored-lines, bytewise; size=2',
  ];
  for (const fault of reframing) {
    for (const ending of ENDINGS) {
      it(`${withEnding(fault, ending)}: the same events as the plain stream`, async () => {
        const data = dataOf((await baseline(server, streamBody)).body);
        const decoded = decode(await faulted(server, withEnding(fault, ending), streamBody));
        expect(payloads(decoded).map(compact)).toEqual(data);
        expect(decoded.events.every((event) => event.event === undefined)).toBe(true);
      });
    }
  }

  for (const ending of ENDINGS) {
    it(`${withEnding('empty-data', ending)}: an event with data "" before every event`, async () => {
      const data = dataOf((await baseline(server, streamBody)).body);
      for (const fault of ['empty-data', 'empty-data; colon=false']) {
        server.reset();
        const decoded = decode(await faulted(server, withEnding(fault, ending), streamBody));
        expect(payloads(decoded)).toEqual(data.flatMap((item) => ['', item]));
      }
    });

    it(`${withEnding('fields', ending)}: names and ids as documented`, async () => {
      const data = dataOf((await baseline(server, streamBody)).body);
      const every = decode(
        await faulted(server, withEnding('fields; event=chunk, multiline', ending), streamBody),
      );
      expect(every.events.map((event) => ({ ...event, data: compact(event.data) }))).toEqual(
        data.map((item, i) => ({ event: 'chunk', id: String(i + 1), data: item })),
      );
      server.reset();
      const first = decode(
        await faulted(server, withEnding('fields; ids=first', ending), streamBody),
      );
      expect(payloads(first)).toEqual(data);
      expect(first.events.every((event) => event.event === 'message')).toBe(true);
    });

    it(`${withEnding('unterminated', ending)}: the last event is discarded at EOF`, async () => {
      const data = dataOf((await baseline(server, streamBody)).body);
      for (const fault of [
        'unterminated',
        'unterminated; newline=false',
        'no-done, unterminated',
      ]) {
        server.reset();
        const decoded = decode(await faulted(server, withEnding(fault, ending), streamBody));
        expect(payloads(decoded)).toEqual(data.slice(0, fault.startsWith('no-done') ? -2 : -1));
      }
    });

    it(`${withEnding('odd-chunks', ending)}: the same events as odd-chunks in plain framing`, async () => {
      server.reset();
      const plain = dataOf((await faulted(server, 'odd-chunks', streamBody)).body);
      server.reset();
      const decoded = decode(await faulted(server, withEnding('odd-chunks', ending), streamBody));
      expect(payloads(decoded)).toEqual(plain);
    });

    it(`${withEnding('delay-first, heartbeat', ending)}: comments, then the same events`, async () => {
      const data = dataOf((await baseline(server, streamBody)).body);
      const decoded = decode(
        await faulted(
          server,
          withEnding('delay-first; ms=60, heartbeat; ms=20, keep-alive, empty-event', ending),
          streamBody,
        ),
      );
      expect(payloads(decoded)).toEqual(data);
      expect(decoded.comments.length).toBeGreaterThan(data.length);
    });
  }

  const outcomes = [
    'error-chunk',
    'event-error',
    'reset; after=2',
    'close; after=2',
    'no-finish; after=2',
    'no-done',
    'data-after-done',
    'fake-done',
  ];
  for (const outcome of outcomes) {
    it(`${outcome} with every line ending (and multiline): the events of plain framing`, async () => {
      server.reset();
      const plain = decode(await faulted(server, outcome, streamBody));
      expect(plain.events.length).toBeGreaterThan(0);
      for (const framing of ['crlf', 'cr', 'mixed-eol', 'mixed-eol, multiline, bytewise; size=2']) {
        server.reset();
        const decoded = decode(await faulted(server, `${outcome}, ${framing}`, streamBody));
        expect(
          decoded.events.map((event) => ({ ...event, data: compact(event.data) })),
          framing,
        ).toEqual(plain.events);
      }
    });
  }

  it('stall + unterminated + heartbeat: no comment completes the hanging event', async () => {
    const decoded = decode(
      // Silence for OPEN_FOR ends the read; comments every 10 ms (the bug) would run to the cap.
      await faulted(server, 'stall; after=1, unterminated, heartbeat; ms=10', streamBody, {
        openFor: OPEN_FOR,
        closeAfter: 20_000,
      }),
    );
    server.reset();
    const withoutLast = decode(
      await faulted(server, 'stall; after=1', streamBody, { openFor: OPEN_FOR }),
    );
    expect(decoded.events.length).toBeGreaterThan(0);
    // The unterminated last event (the first content chunk) is never dispatched.
    expect(decoded.events).toEqual(withoutLast.events.slice(0, -1));
    expect(decoded.comments).toEqual([]);
  });
});
