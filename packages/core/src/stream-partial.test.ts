import { describe, expect, it } from 'vitest';
import { ChatCompletionAccumulator } from './stream-partial';

const chunk = (delta: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  created: 1764460800,
  model: 'gpt-4.1',
  choices: [{ index: 0, delta, finish_reason: null }],
  ...extra,
});

describe('ChatCompletionAccumulator', () => {
  it('starts empty', () => {
    const acc = new ChatCompletionAccumulator();
    expect(acc.snapshot()).toEqual({ content: '', reasoning: '', tool_calls: [] });
    expect(acc.sawFinishReason).toBe(false);
    expect(acc.contentDelivered).toBe(false);
  });

  it('assembles text, reasoning (reasoning_content or reasoning), refusal, finish reason, usage', () => {
    const acc = new ChatCompletionAccumulator();
    acc.add(chunk({ role: 'assistant' }));
    expect(acc.contentDelivered).toBe(false);
    acc.add(chunk({ reasoning_content: 'think ' }));
    acc.add(chunk({ reasoning: 'more' }));
    acc.add(chunk({ content: 'При' }));
    acc.add(chunk({ content: 'вет', refusal: null }));
    acc.add(chunk({ refusal: 'no' }));
    acc.add({ ...chunk({}), choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
    const usage = { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 };
    acc.add({ id: 'chatcmpl-1', choices: [], usage });
    expect(acc.snapshot()).toEqual({
      id: 'chatcmpl-1',
      model: 'gpt-4.1',
      created: 1764460800,
      content: 'Привет',
      reasoning: 'think more',
      refusal: 'no',
      tool_calls: [],
      finish_reason: 'stop',
      usage,
    });
    expect(acc.sawFinishReason).toBe(true);
    expect(acc.contentDelivered).toBe(true);
  });

  it('takes reasoning_content over reasoning when a delta carries both', () => {
    const acc = new ChatCompletionAccumulator();
    acc.add(chunk({ reasoning_content: 'a', reasoning: 'a' }));
    expect(acc.snapshot().reasoning).toBe('a');
  });

  it('merges tool-call fragments by index: id and name from the first, arguments concatenated', () => {
    const acc = new ChatCompletionAccumulator();
    acc.add(
      chunk({
        tool_calls: [
          { index: 0, id: 'call_a', type: 'function', function: { name: 'get', arguments: '' } },
        ],
      }),
    );
    acc.add(chunk({ tool_calls: [{ index: 0, function: { arguments: '{"ci' } }] }));
    acc.add(
      chunk({
        tool_calls: [
          { index: 1, id: 'call_b', type: 'function', function: { name: 'put', arguments: '{}' } },
        ],
      }),
    );
    acc.add(chunk({ tool_calls: [{ index: 0, function: { arguments: 'ty":"Б"}' } }] }));
    acc.add(chunk({ tool_calls: [{ index: 0, id: 'call_x', function: { name: 'other' } }] }));
    expect(acc.snapshot().tool_calls).toEqual([
      {
        index: 0,
        id: 'call_a',
        type: 'function',
        function: { name: 'get', arguments: '{"city":"Б"}' },
      },
      { index: 1, id: 'call_b', type: 'function', function: { name: 'put', arguments: '{}' } },
    ]);
  });

  it('keeps tool calls ordered by index when they arrive out of order', () => {
    const acc = new ChatCompletionAccumulator();
    acc.add(chunk({ tool_calls: [{ index: 2, id: 'c', function: { name: 'c', arguments: '' } }] }));
    acc.add(chunk({ tool_calls: [{ index: 0, id: 'a', function: { name: 'a', arguments: '' } }] }));
    expect(acc.snapshot().tool_calls.map((call) => call.index)).toEqual([0, 2]);
  });

  it('tolerates fragments without index (new id = new call)', () => {
    const acc = new ChatCompletionAccumulator();
    acc.add(chunk({ tool_calls: [{ id: 'a', function: { name: 'f', arguments: '{"x"' } }] }));
    acc.add(chunk({ tool_calls: [{ function: { arguments: ':1}' } }] }));
    acc.add(chunk({ tool_calls: [{ id: 'b', function: { name: 'g', arguments: '{}' } }] }));
    expect(acc.snapshot().tool_calls).toEqual([
      { index: 0, id: 'a', type: 'function', function: { name: 'f', arguments: '{"x":1}' } },
      { index: 1, id: 'b', type: 'function', function: { name: 'g', arguments: '{}' } },
    ]);
  });

  it('tolerates odd chunks: no choices, null delta, other choice indexes, non-object fragments', () => {
    const acc = new ChatCompletionAccumulator();
    acc.add({});
    acc.add({ choices: null, usage: null });
    acc.add({ choices: [null, { index: 0 }, { index: 0, delta: null }] });
    acc.add({ choices: [{ index: 1, delta: { content: 'other' }, finish_reason: 'stop' }] });
    acc.add(chunk({ content: null, tool_calls: [null, 'x'] }));
    const snapshot = acc.snapshot();
    expect(snapshot.content).toBe('');
    expect(snapshot.finish_reason).toBeNull();
    expect(acc.sawFinishReason).toBe(true);
  });

  it('keeps the last usage seen and snapshots are independent of later chunks', () => {
    const acc = new ChatCompletionAccumulator();
    acc.add(
      chunk({ tool_calls: [{ index: 0, id: 'a', function: { name: 'f', arguments: '{' } }] }),
    );
    const before = acc.snapshot();
    acc.add(chunk({ tool_calls: [{ index: 0, function: { arguments: '}' } }] }));
    acc.add({ choices: [], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } });
    acc.add({ choices: [], usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } });
    expect(before.tool_calls[0]?.function.arguments).toBe('{');
    expect(acc.snapshot().tool_calls[0]?.function.arguments).toBe('{}');
    expect(acc.snapshot().usage?.total_tokens).toBe(3);
  });
});
