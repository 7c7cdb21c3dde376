import type { ChatModelStreamEvent } from '@langchain/core/language_models/event';
import type { AIMessageChunk } from '@langchain/core/messages';
import { describe, expect, it } from 'vitest';
import { convertStreamToEvents } from './convert-events';
import { convertUsage } from './convert-usage';
import { streamToChunks } from './stream-to-chunks';
import type { WireChunk, WireDelta } from './wire-types';

const chunk = (
  delta: WireDelta,
  extra: Partial<WireChunk> & { finish?: string } = {},
): WireChunk => {
  const { finish, ...rest } = extra;
  return {
    id: 'chatcmpl-1',
    model: 'gpt-4.1',
    choices: [{ index: 0, delta, finish_reason: finish ?? null }],
    ...rest,
  };
};

async function* from(chunks: WireChunk[]): AsyncGenerator<WireChunk> {
  yield* chunks;
}

async function aggregate(
  chunks: WireChunk[],
): Promise<{ parts: AIMessageChunk[]; message: AIMessageChunk }> {
  const parts: AIMessageChunk[] = [];
  for await (const part of streamToChunks(from(chunks))) parts.push(part);
  const [first, ...rest] = parts;
  if (first === undefined) throw new Error('no chunks');
  return { parts, message: rest.reduce((acc, part) => acc.concat(part), first) };
}

async function events(chunks: WireChunk[]): Promise<ChatModelStreamEvent[]> {
  const all: ChatModelStreamEvent[] = [];
  for await (const event of convertStreamToEvents(from(chunks))) all.push(event);
  return all;
}

const finishedBlocks = (all: ChatModelStreamEvent[]) =>
  all.flatMap((event) => (event.event === 'content-block-finish' ? [event.content] : []));

describe('convertUsage', () => {
  it('leaves out empty detail objects and fills total_tokens', () => {
    expect(convertUsage({ prompt_tokens: 3, completion_tokens: 2 })).toEqual({
      input_tokens: 3,
      output_tokens: 2,
      total_tokens: 5,
    });
    expect(convertUsage(undefined)).toBeUndefined();
    expect(
      convertUsage({
        prompt_tokens: 10,
        completion_tokens: 4,
        total_tokens: 14,
        prompt_tokens_details: { cached_tokens: 6, cache_write_tokens: 2, audio_tokens: null },
        completion_tokens_details: { reasoning_tokens: 1 },
      }),
    ).toEqual({
      input_tokens: 10,
      output_tokens: 4,
      total_tokens: 14,
      input_token_details: { cache_read: 6, cache_creation: 2 },
      output_token_details: { reasoning: 1 },
    });
  });
});

describe('stream chunks', () => {
  it('keeps usage on one chunk even when the upstream repeats it', async () => {
    const usage = { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 };
    const { parts, message } = await aggregate([
      chunk({ role: 'assistant', content: 'Hi' }, { usage }),
      chunk({ content: '!' }, { usage, finish: 'stop' }),
      { id: 'chatcmpl-1', choices: [], usage },
    ]);
    const withUsage = parts.filter((part) => part.usage_metadata);
    expect(withUsage).toHaveLength(1);
    expect(withUsage[0]?.usage_metadata).toEqual({
      input_tokens: 5,
      output_tokens: 2,
      total_tokens: 7,
    });
    expect(message.usage_metadata).toMatchObject({
      input_tokens: 5,
      output_tokens: 2,
      total_tokens: 7,
    });
    expect(message.response_metadata.model_name).toBe('gpt-4.1');
  });

  it('separates parallel calls an upstream sends all at index 0 with distinct ids', async () => {
    const wire = [
      chunk({
        tool_calls: [{ index: 0, id: 'call_a', function: { name: 'one', arguments: '{"x":' } }],
      }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '1}' } }] }),
      chunk({
        tool_calls: [{ index: 0, id: 'call_b', function: { name: 'two', arguments: '{}' } }],
      }),
      chunk({}, { finish: 'tool_calls' }),
    ];
    const { message } = await aggregate(wire);
    expect(message.tool_calls).toEqual([
      { id: 'call_a', name: 'one', args: { x: 1 }, type: 'tool_call' },
      { id: 'call_b', name: 'two', args: {}, type: 'tool_call' },
    ]);
    expect(message.invalid_tool_calls).toEqual([]);
    const blocks = finishedBlocks(await events(wire));
    expect(blocks).toEqual([
      { type: 'tool_call', id: 'call_a', name: 'one', args: { x: 1 } },
      { type: 'tool_call', id: 'call_b', name: 'two', args: {} },
    ]);
  });

  it('gives an id to a call the upstream sent without one, so agents can answer it', async () => {
    const wire = [
      chunk({ tool_calls: [{ index: 0, function: { name: 'lookup', arguments: '{"q":"a"}' } }] }),
      chunk({}, { finish: 'tool_calls' }),
    ];
    const { message } = await aggregate(wire);
    expect(message.tool_calls).toEqual([
      { id: 'call_chatcmpl-1_0', name: 'lookup', args: { q: 'a' }, type: 'tool_call' },
    ]);
    expect(finishedBlocks(await events(wire))).toEqual([
      { type: 'tool_call', id: 'call_chatcmpl-1_0', name: 'lookup', args: { q: 'a' } },
    ]);
  });

  it('text and tool blocks never share an index in events; non-object args are invalid', async () => {
    const all = await events([
      chunk({ content: 'Sure.' }),
      chunk({
        tool_calls: [{ index: 0, id: 'call_1', function: { name: 'list', arguments: '[1,2]' } }],
      }),
      chunk({}, { finish: 'tool_calls' }),
    ]);
    const starts = all.flatMap((event) =>
      event.event === 'content-block-start' ? [event.index] : [],
    );
    expect(new Set(starts).size).toBe(starts.length);
    expect(finishedBlocks(all)).toEqual([
      { type: 'text', text: 'Sure.' },
      {
        type: 'invalid_tool_call',
        id: 'call_1',
        name: 'list',
        args: '[1,2]',
        error: 'Tool call arguments must be a JSON object.',
      },
    ]);
    const finish = all.at(-1);
    expect(finish).toMatchObject({
      event: 'message-finish',
      reason: 'tool_use',
      responseMetadata: {
        model_provider: 'routify',
        model_name: 'gpt-4.1',
        finish_reason: 'tool_calls',
      },
    });
  });
});
