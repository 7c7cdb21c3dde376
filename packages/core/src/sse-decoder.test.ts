import { describe, expect, it } from 'vitest';
import { ChatCompletionSSEDecoder, type SSEStreamItem } from './sse-decoder';

const utf8 = new TextEncoder();

/** Feeds `input` split into reads of `size` bytes (or at the given string pieces). */
function decodeAll(input: string | string[] | Uint8Array, size?: number): SSEStreamItem[] {
  const decoder = new ChatCompletionSSEDecoder();
  const items: SSEStreamItem[] = [];
  const reads: Uint8Array[] = [];
  if (Array.isArray(input)) {
    for (const piece of input) reads.push(utf8.encode(piece));
  } else {
    const bytes = typeof input === 'string' ? utf8.encode(input) : input;
    const step = size ?? bytes.length;
    for (let i = 0; i < bytes.length; i += step) reads.push(bytes.subarray(i, i + step));
  }
  for (const read of reads) items.push(...decoder.decode(read));
  items.push(...decoder.end());
  return items;
}

const datas = (items: SSEStreamItem[]) =>
  items.map((item) => (item.type === 'chunk' ? item.chunk : item.type));

describe('ChatCompletionSSEDecoder framing (WHATWG §9.2, sse-and-transport.md §1.9)', () => {
  it('CRLF line ends (row 1)', () => {
    expect(datas(decodeAll('data: {"a":1}\r\n\r\ndata: {"b":2}\r\n\r\n'))).toEqual([
      { a: 1 },
      { b: 2 },
    ]);
  });

  it('CR-only line ends, including the final CR at the end of the body (row 2)', () => {
    expect(datas(decodeAll('data: {"a":1}\r\rdata: {"b":2}\r\r'))).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('dispatches a CR-only event as soon as its blank-line CR arrives, without waiting for more', () => {
    const decoder = new ChatCompletionSSEDecoder();
    expect(decoder.decode(utf8.encode('data: {"a":1}\r'))).toEqual([]);
    expect(decoder.decode(utf8.encode('\r'))).toEqual([{ type: 'chunk', chunk: { a: 1 } }]);
  });

  it('CRLF split between reads is one line end, not a blank line (row 3)', () => {
    expect(datas(decodeAll(['data: {"a":', '1}\r', '\n\r', '\ndata: {"b":2}\r\n\r\n']))).toEqual([
      { a: 1 },
      { b: 2 },
    ]);
    // eventsource-parser#17: one event, three data lines
    expect(datas(decodeAll(['data: {"t":\r\n', 'data: 1\r', 'data: }\r\n', '\n']))).toEqual([
      { t: 1 },
    ]);
  });

  it('mixed LF, CRLF and CR in one stream', () => {
    expect(datas(decodeAll('data: {"a":1}\n\r\ndata: {"b":2}\r\rdata: {"c":3}\r\n\n'))).toEqual([
      { a: 1 },
      { b: 2 },
      { c: 3 },
    ]);
  });

  it('ignores comments anywhere, also between the lines of one event (row 4)', () => {
    expect(
      datas(decodeAll(': OPENROUTER PROCESSING\n\ndata: {"x":\n: keep-alive\ndata: 1}\n\n')),
    ).toEqual([{ x: 1 }]);
  });

  it('reports comments to onComment', () => {
    const decoder = new ChatCompletionSSEDecoder();
    const comments: string[] = [];
    decoder.onComment = (comment) => comments.push(comment);
    decoder.decode(utf8.encode(': OPENROUTER PROCESSING\n:ping\n'));
    expect(comments).toEqual(['OPENROUTER PROCESSING', 'ping']);
  });

  it('data: with or without the space (row 5)', () => {
    expect(datas(decodeAll('data:{"x":1}\n\ndata: {"x":2}\n\ndata:  {"x":3}\n\n'))).toEqual([
      { x: 1 },
      { x: 2 },
      { x: 3 },
    ]);
  });

  it('joins multi-line data with a line feed (row 6)', () => {
    expect(datas(decodeAll('data: {"text":\ndata: "a\\nb"}\n\n'))).toEqual([{ text: 'a\nb' }]);
  });

  it('does not dispatch a block without data (row 7)', () => {
    expect(decodeAll('event: ping\n\nid: 4\n\nretry: 10\n\ndata: {"x":1}\n\n')).toEqual([
      { type: 'chunk', chunk: { x: 1 } },
    ]);
  });

  it('skips events whose data is empty (row 8)', () => {
    expect(datas(decodeAll('data\n\ndata:\n\ndata: {"x":1}\n\n'))).toEqual([{ x: 1 }]);
  });

  it('strips one leading BOM, raw bytes, also when split across reads (row 10)', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8.encode('data: {"x":1}\n\n')]);
    expect(datas(decodeAll(bytes))).toEqual([{ x: 1 }]);
    expect(datas(decodeAll(bytes, 1))).toEqual([{ x: 1 }]);
  });

  it('strips only one BOM: a second one makes the first line an unknown field', () => {
    const bytes = new Uint8Array([
      0xef,
      0xbb,
      0xbf,
      0xef,
      0xbb,
      0xbf,
      ...utf8.encode('data: {"x":1}\n\ndata: {"x":2}\n\n'),
    ]);
    expect(datas(decodeAll(bytes))).toEqual([{ x: 2 }]);
  });

  it('a BOM later in the stream is not stripped', () => {
    expect(datas(decodeAll('data: {"x":1}\n\n\uFEFFdata: {"x":2}\n\n'))).toEqual([{ x: 1 }]);
  });

  it('ignores a field with a leading space and field names in another case (row 11)', () => {
    expect(datas(decodeAll(' data: {"x":1}\n\nDATA: {"x":2}\n\ndata: {"x":3}\n\n'))).toEqual([
      { x: 3 },
    ]);
  });

  it('keeps Cyrillic, CJK and emoji intact when split at every byte (row 13)', () => {
    const text = 'Привет, 世界 😀👍🏽 ok';
    const input = `data: ${JSON.stringify({ t: text })}\n\n`;
    const bytes = utf8.encode(input);
    for (const size of [1, 2, 3, 5, 7]) {
      expect(datas(decodeAll(bytes, size))).toEqual([{ t: text }]);
    }
    for (let cut = 1; cut < bytes.length; cut++) {
      const decoder = new ChatCompletionSSEDecoder();
      const items = [
        ...decoder.decode(bytes.subarray(0, cut)),
        ...decoder.decode(bytes.subarray(cut)),
        ...decoder.end(),
      ];
      expect(items, `cut at byte ${cut}`).toEqual([{ type: 'chunk', chunk: { t: text } }]);
    }
  });
});

describe('ChatCompletionSSEDecoder dialect', () => {
  it('stops at the exact [DONE] and ignores everything after it (row 14)', () => {
    expect(decodeAll('data: {"a":1}\n\ndata: [DONE]\n\ndata: {"a":2}\n\n')).toEqual([
      { type: 'chunk', chunk: { a: 1 } },
      { type: 'done' },
    ]);
    const decoder = new ChatCompletionSSEDecoder();
    expect(decoder.decode(utf8.encode('data: [DONE]\n\n'))).toEqual([{ type: 'done' }]);
    expect(decoder.done).toBe(true);
    expect(decoder.decode(utf8.encode('data: {"a":2}\n\n'))).toEqual([]);
    expect(decoder.end()).toEqual([]);
  });

  it('only the exact [DONE] is the sentinel', () => {
    const items = decodeAll('data: [DONE]x\n\ndata:  [DONE]\n\ndata: [DONE]\ndata: more\n\n');
    expect(items.map((item) => item.type)).toEqual(['malformed', 'malformed', 'malformed']);
  });

  it('a data chunk with a top-level error is an error item (row 15)', () => {
    const chunk = {
      error: { message: 'boom', code: 429 },
      choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error' }],
    };
    expect(decodeAll(`data: ${JSON.stringify(chunk)}\n\n`)).toEqual([
      { type: 'error', payload: { message: 'boom', code: 429 }, chunk },
    ]);
  });

  it('event: error with a nested, flat or non-JSON payload is an error item (row 16)', () => {
    expect(decodeAll('event: error\ndata: {"error":{"message":"nested"}}\n\n')).toEqual([
      { type: 'error', payload: { message: 'nested' }, chunk: { error: { message: 'nested' } } },
    ]);
    expect(decodeAll('event: error\ndata: {"message":"flat"}\n\n')).toEqual([
      { type: 'error', payload: { message: 'flat' }, chunk: { message: 'flat' } },
    ]);
    expect(decodeAll('event: error\ndata: upstream died\n\n')).toEqual([
      { type: 'error', payload: { message: 'upstream died' }, chunk: undefined },
    ]);
  });

  it('skips other named events', () => {
    expect(
      datas(decodeAll('event: ping\ndata: {"p":1}\n\nevent: message\ndata: {"x":1}\n\n')),
    ).toEqual([{ x: 1 }]);
  });

  it('reports data that is not a JSON object as malformed, with a bounded preview', () => {
    const items = decodeAll(`data: {"x":\n\ndata: 42\n\ndata: ${'y'.repeat(2000)}\n\n`);
    expect(items.map((item) => item.type)).toEqual(['malformed', 'malformed', 'malformed']);
    const [first, second, third] = items;
    expect(first).toMatchObject({ data: '{"x":', atEOF: false });
    expect(second).toMatchObject({ data: '42', atEOF: false });
    expect(third?.type === 'malformed' && third.data.length).toBe(501);
  });
});

describe('ChatCompletionSSEDecoder end of body (§1.6 policy: flush, flag truncation)', () => {
  it('dispatches a final event without its blank line (row 9)', () => {
    expect(datas(decodeAll('data: {"x":1}\n\ndata: {"x":2}'))).toEqual([{ x: 1 }, { x: 2 }]);
    expect(datas(decodeAll('data: {"x":1}\n\ndata: {"x":2}\n'))).toEqual([{ x: 1 }, { x: 2 }]);
    expect(datas(decodeAll('data: {"x":1}\r\n\r\ndata: {"x":2}\r'))).toEqual([{ x: 1 }, { x: 2 }]);
    expect(decodeAll('data: {"x":1}\n\ndata: [DONE]')).toEqual([
      { type: 'chunk', chunk: { x: 1 } },
      { type: 'done' },
    ]);
  });

  it('flags a final event cut inside its JSON as malformed at EOF', () => {
    expect(decodeAll('data: {"x":1}\n\ndata: {"x":')).toEqual([
      { type: 'chunk', chunk: { x: 1 } },
      { type: 'malformed', data: '{"x":', cause: expect.any(SyntaxError), atEOF: true },
    ]);
  });

  it('a multi-byte character cut by the end of the body becomes U+FFFD, not a lost event', () => {
    const bytes = utf8.encode('data: {"t":"я"}');
    const items = decodeAll(bytes.subarray(0, bytes.length - 3));
    expect(items).toEqual([
      { type: 'malformed', data: '{"t":"\uFFFD', cause: expect.any(SyntaxError), atEOF: true },
    ]);
  });

  // Correctness, not speed (speed belongs to the benchmark): cheap enough for a loaded CI machine.
  function expectDecoded(count: number, sizes: number[]) {
    const parts: string[] = [];
    let expected = '';
    for (let i = 0; i < count; i++) {
      const piece = i % 3 === 0 ? 'ж' : i % 3 === 1 ? '😀' : `${i}`;
      expected += piece;
      parts.push(`data: ${JSON.stringify({ choices: [{ delta: { content: piece } }] })}\r\n\r\n`);
    }
    parts.push('data: [DONE]\r\n\r\n');
    const bytes = utf8.encode(parts.join(''));
    const decoder = new ChatCompletionSSEDecoder();
    let text = '';
    let chunks = 0;
    let done = 0;
    for (let offset = 0, i = 0; offset < bytes.length; i++) {
      const size = sizes[i % sizes.length] as number;
      for (const item of decoder.decode(bytes.subarray(offset, offset + size))) {
        if (item.type === 'chunk') {
          chunks++;
          const choices = item.chunk.choices as Array<{ delta: { content: string } }>;
          text += choices[0]?.delta.content;
        } else if (item.type === 'done') done++;
        else throw new Error(`unexpected ${item.type}`);
      }
      offset += size;
    }
    expect(chunks).toBe(count);
    expect(done).toBe(1);
    expect(text).toBe(expected);
  }

  it('decodes a stream fed one byte per read exactly', () => {
    expectDecoded(1000, [1]);
  });

  it('decodes a 10 000-chunk stream cut into reads of 1–13 bytes exactly', () => {
    // Read ends fall at every offset: inside UTF-8 sequences and between CR and LF.
    expectDecoded(10_000, [1, 2, 3, 5, 7, 11, 13]);
  });
});
