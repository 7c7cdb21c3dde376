import { describe, expect, it } from 'vitest';
import { ChatCompletionSSEDecoder, DEFAULT_MAX_EVENT_SIZE } from './sse-decoder';

const utf8 = new TextEncoder();

describe('ChatCompletionSSEDecoder memory bound (maxEventSize)', () => {
  it('regression: many data lines without a blank line stop at the limit with one fatal item', () => {
    const decoder = new ChatCompletionSSEDecoder({ maxEventSize: 100 });
    const items = [];
    for (let i = 0; i < 20; i++) items.push(...decoder.decode(utf8.encode('data: 0123456789\n')));
    items.push(...decoder.end());
    expect(items).toEqual([
      expect.objectContaining({ type: 'fatal', reason: 'too-large', limit: 100 }),
    ]);
  });

  it('a line just under the limit is decoded; after a fatal item nothing more is', () => {
    const decoder = new ChatCompletionSSEDecoder({ maxEventSize: 64 });
    expect(decoder.decode(utf8.encode('data: {"a":1}\n\n'))).toEqual([
      { type: 'chunk', chunk: { a: 1 } },
    ]);
    expect(decoder.decode(utf8.encode(`data: "${'x'.repeat(100)}`))[0]?.type).toBe('fatal');
    expect(decoder.decode(utf8.encode('\n\ndata: {"b":2}\n\n'))).toEqual([]);
    expect(decoder.end()).toEqual([]);
  });

  it('the default limit (128 Mi characters) lets a 9 MiB event (above the 8 MiB cap the openai SDK dropped) through', () => {
    expect(DEFAULT_MAX_EVENT_SIZE).toBe(128 * 1024 * 1024);
    const text = 'x'.repeat(9 * 1024 * 1024);
    const decoder = new ChatCompletionSSEDecoder();
    const bytes = utf8.encode(`data: {"t":"${text}"}\n\n`);
    const items = [];
    for (let i = 0; i < bytes.length; i += 65536)
      items.push(...decoder.decode(bytes.subarray(i, i + 65536)));
    expect(items).toHaveLength(1);
    expect(items[0]?.type === 'chunk' && items[0].chunk.t === text).toBe(true);
  });
});
