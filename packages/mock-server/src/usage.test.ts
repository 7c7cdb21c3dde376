import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockServer } from './index';
import type { MockServer } from './node-server';
import { post, sseChunks } from './test-helper.test-helper';
import { countTokens, tokenize } from './tokenize';

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const usageOf = async (body: unknown) => (await (await post(server.baseURL, body)).json()).usage;

describe('tokens', () => {
  it('splits text into word pieces of at most 6 letters and single symbols, losslessly', () => {
    expect(tokenize('Hello! You said')).toEqual(['Hello', '!', ' You', ' said']);
    expect(tokenize('internationalization')).toEqual(['intern', 'ationa', 'lizati', 'on']);
    expect(tokenize('a  🦔 b ')).toEqual(['a', '  🦔', ' b', ' ']);
    const text = 'Привет, мир! ёжик 🦔\n\tok';
    expect(tokenize(text).join('')).toBe(text);
    expect(countTokens('')).toBe(0);
  });
});

describe('usage', () => {
  it('counts 4 per message plus the text tokens, and total = prompt + completion', async () => {
    const usage = await usageOf({
      model: 'gpt-4.1',
      messages: [
        { role: 'system', content: 'You are terse.' }, // 4 + 4
        { role: 'user', content: 'Hi there', name: 'bob' }, // 4 + 2 + 1
      ],
    });
    expect(usage).toEqual({
      prompt_tokens: 15,
      completion_tokens: 22,
      total_tokens: 37,
      prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0 },
    });
  });

  it('counts tools in the preamble and 85 tokens per image part', async () => {
    const tools = [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }];
    const usage = await usageOf({
      model: 'gpt-4.1',
      tools,
      tool_choice: 'none',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
          ],
        },
      ],
    });
    expect(usage.prompt_tokens).toBe(countTokens(JSON.stringify(tools)) + 4 + 4 + 85);
  });
});

describe('prompt caching', () => {
  const system = { role: 'system', content: 'You are terse.' }; // 8 tokens
  const first = { role: 'user', content: 'Hi there' }; // 6 tokens

  it('reads the leading messages an earlier request sent from the cache, until reset()', async () => {
    const turn1 = await usageOf({ model: 'gpt-4.1', messages: [system, first] });
    expect(turn1.prompt_tokens).toBe(14);
    expect(turn1.prompt_tokens_details).toEqual({ cached_tokens: 0, cache_write_tokens: 0 });
    const turn2 = {
      model: 'gpt-4.1',
      messages: [
        system,
        first,
        { role: 'assistant', content: 'Hello!' },
        { role: 'user', content: 'More' },
      ],
    };
    const second = await usageOf(turn2);
    expect(second.prompt_tokens).toBe(14 + 6 + 5);
    expect(second.prompt_tokens_details).toEqual({ cached_tokens: 14, cache_write_tokens: 0 });
    // A different first message breaks the prefix.
    const other = await usageOf({
      model: 'gpt-4.1',
      messages: [{ role: 'system', content: 'Other.' }, first],
    });
    expect(other.prompt_tokens_details.cached_tokens).toBe(0);
    server.reset();
    expect((await usageOf(turn2)).prompt_tokens_details.cached_tokens).toBe(0);
  });

  it('reports the same cache counts in the stream usage chunk', async () => {
    await usageOf({ model: 'gpt-4.1', messages: [system, first] });
    const chunks = sseChunks(
      await (
        await post(server.baseURL, {
          model: 'gpt-4.1',
          stream: true,
          stream_options: { include_usage: true },
          messages: [system, first],
        })
      ).text(),
    );
    expect(chunks.at(-1).usage.prompt_tokens_details).toEqual({
      cached_tokens: 14,
      cache_write_tokens: 0,
    });
  });

  it('writes a first-time prompt of at least 1024 tokens, then reads it', async () => {
    const long = { role: 'user', content: 'word '.repeat(1100) }; // 1101 tokens + 4
    const written = await usageOf({ model: 'gpt-4.1', messages: [long] });
    expect(written.prompt_tokens).toBe(1105);
    expect(written.prompt_tokens_details).toEqual({ cached_tokens: 0, cache_write_tokens: 1105 });
    const next = await usageOf({
      model: 'gpt-4.1',
      messages: [long, { role: 'assistant', content: 'Ok.' }, { role: 'user', content: 'And?' }],
    });
    expect(next.prompt_tokens).toBe(1105 + 6 + 6);
    expect(next.prompt_tokens_details).toEqual({ cached_tokens: 1105, cache_write_tokens: 12 });
    const short = await usageOf({
      model: 'gpt-4.1',
      messages: [{ role: 'user', content: 'short' }],
    });
    expect(short.prompt_tokens_details.cache_write_tokens).toBe(0);
  });

  it('takes the write threshold from cacheWriteThreshold', async () => {
    const low = await startMockServer({ cacheWriteThreshold: 5 });
    try {
      const response = await post(low.baseURL, { model: 'gpt-4.1', messages: [first] });
      expect((await response.json()).usage.prompt_tokens_details).toEqual({
        cached_tokens: 0,
        cache_write_tokens: 6,
      });
    } finally {
      await low.close();
    }
  });
});
