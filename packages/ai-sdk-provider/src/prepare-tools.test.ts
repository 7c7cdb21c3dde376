import { describe, expect, it } from 'vitest';
import { prepareTools } from './prepare-tools';

const weather = {
  type: 'function' as const,
  name: 'weather',
  description: 'Weather in a city',
  inputSchema: {
    type: 'object' as const,
    properties: { city: { type: 'string' as const } },
    required: ['city'],
  },
};

describe('prepareTools', () => {
  it('converts function tools and every tool choice', () => {
    expect(prepareTools({ tools: [weather] })).toEqual({
      tools: [
        {
          type: 'function',
          function: {
            name: 'weather',
            description: 'Weather in a city',
            parameters: weather.inputSchema,
          },
        },
      ],
      toolChoice: undefined,
      warnings: [],
    });
    expect(prepareTools({ tools: [weather], toolChoice: { type: 'required' } }).toolChoice).toBe(
      'required',
    );
    expect(prepareTools({ tools: [weather], toolChoice: { type: 'none' } }).toolChoice).toBe(
      'none',
    );
    expect(prepareTools({ tools: [weather], toolChoice: { type: 'auto' } }).toolChoice).toBe(
      'auto',
    );
    expect(
      prepareTools({ tools: [weather], toolChoice: { type: 'tool', toolName: 'weather' } })
        .toolChoice,
    ).toEqual({
      type: 'function',
      function: { name: 'weather' },
    });
  });

  it('keeps strict when set', () => {
    expect(
      prepareTools({ tools: [{ ...weather, strict: true }] }).tools?.[0]?.function.strict,
    ).toBe(true);
  });

  it('warns about provider tools and input examples, and sends neither', () => {
    const result = prepareTools({
      tools: [
        { type: 'provider', id: 'openai.web_search', name: 'web_search', args: {} },
        { ...weather, inputExamples: [{ input: { city: 'Paris' } }] },
      ],
    });
    expect(result.tools).toHaveLength(1);
    expect(result.warnings).toEqual([
      expect.objectContaining({
        type: 'unsupported',
        feature: 'provider-defined tool openai.web_search',
      }),
      expect.objectContaining({ type: 'unsupported', feature: 'tool input examples' }),
    ]);
  });

  it('omits tools and tool_choice when there are no function tools', () => {
    expect(prepareTools({ tools: [] })).toEqual({
      tools: undefined,
      toolChoice: undefined,
      warnings: [],
    });
    const result = prepareTools({ tools: [], toolChoice: { type: 'required' } });
    expect(result.toolChoice).toBeUndefined();
    expect(result.warnings).toEqual([
      expect.objectContaining({ type: 'unsupported', feature: 'toolChoice' }),
    ]);
  });
});
