import { describe, expect, it } from 'vitest';
import { convertRoutifyUsage } from './convert-routify-usage';

describe('convertRoutifyUsage', () => {
  it('splits input into no-cache, cache read and cache write, output into text and reasoning', () => {
    const usage = {
      prompt_tokens: 100,
      completion_tokens: 40,
      total_tokens: 140,
      prompt_tokens_details: { cached_tokens: 60, cache_write_tokens: 10 },
      completion_tokens_details: { reasoning_tokens: 25 },
    };
    expect(convertRoutifyUsage(usage)).toEqual({
      inputTokens: { total: 100, noCache: 30, cacheRead: 60, cacheWrite: 10 },
      outputTokens: { total: 40, text: 15, reasoning: 25 },
      raw: usage,
    });
  });

  it('defaults absent details: cacheRead and reasoning 0, cacheWrite undefined', () => {
    expect(
      convertRoutifyUsage({ prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 }),
    ).toEqual({
      inputTokens: { total: 12, noCache: 12, cacheRead: 0, cacheWrite: undefined },
      outputTokens: { total: 5, text: 5, reasoning: 0 },
      raw: { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 },
    });
  });

  it('gives all-undefined usage when none arrived', () => {
    const usage = convertRoutifyUsage(undefined);
    expect(usage.inputTokens).toEqual({
      total: undefined,
      noCache: undefined,
      cacheRead: undefined,
      cacheWrite: undefined,
    });
    expect(usage.outputTokens).toEqual({ total: undefined, text: undefined, reasoning: undefined });
    expect(usage.raw).toBeUndefined();
  });
});
