import { describe, expect, it } from 'vitest';
import { toolArgumentsText } from './tool-arguments-text';

describe('toolArgumentsText', () => {
  it('keeps strings, serializes parsed objects and empties null', () => {
    expect(toolArgumentsText('{"a":')).toBe('{"a":');
    expect(toolArgumentsText({ a: 1 })).toBe('{"a":1}');
    expect(toolArgumentsText(null)).toBe('');
    expect(toolArgumentsText(undefined)).toBe('');
  });
});
