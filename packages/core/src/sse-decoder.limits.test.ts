import { describe, expect, it } from 'vitest';
import { ChatCompletionSSEDecoder } from './sse-decoder';

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
});
