import { describe, expect, it } from 'vitest';
import { convertRoutifyContent } from './convert-routify-content';

describe('convertRoutifyContent', () => {
  it('reads string content as text, and nothing from empty or missing content', () => {
    expect(convertRoutifyContent('Hi')).toEqual([{ type: 'text', text: 'Hi' }]);
    expect(convertRoutifyContent('')).toEqual([]);
    expect(convertRoutifyContent(null)).toEqual([]);
    expect(convertRoutifyContent(undefined)).toEqual([]);
  });

  it('reads content part arrays: text, thinking and reasoning parts', () => {
    expect(
      convertRoutifyContent([
        {
          type: 'thinking',
          thinking: [
            { type: 'text', text: 'Let me ' },
            { type: 'text', text: 'see.' },
          ],
        },
        { type: 'text', text: 'Answer.' },
        { type: 'reasoning', text: 'More.' },
        { type: 'image_url', image_url: { url: 'x' } },
        { type: 'text', text: '' },
      ]),
    ).toEqual([
      { type: 'reasoning', text: 'Let me see.' },
      { type: 'text', text: 'Answer.' },
      { type: 'reasoning', text: 'More.' },
    ]);
  });
});
