import { describe, expect, it } from 'vitest';
import { TextBuffer } from './text-buffer';

describe('TextBuffer', () => {
  it('is empty at first', () => {
    expect(new TextBuffer().toString()).toBe('');
  });

  it('joins pieces in order across block boundaries, with reads in between', () => {
    const buffer = new TextBuffer();
    let expected = '';
    for (let i = 0; i < 5000; i++) {
      const piece = i % 7 === 0 ? '' : `${i % 10}ё😀`;
      buffer.append(piece);
      expected += piece;
      if (i % 1500 === 0) expect(buffer.toString()).toBe(expected);
    }
    expect(buffer.toString()).toBe(expected);
    buffer.append('end');
    expect(buffer.toString()).toBe(`${expected}end`);
  });

  it('regression: a read does not change what later appends produce', () => {
    const buffer = new TextBuffer();
    buffer.append('a');
    const first = buffer.toString();
    buffer.append('b');
    expect(first).toBe('a');
    expect(buffer.toString()).toBe('ab');
  });
});
