import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import type { RoutifyChatCompletionChunk } from './routify-api-types';
import { RoutifyStreamTransformer } from './routify-stream-transformer';

function run(
  chunks: RoutifyChatCompletionChunk[],
  ending: 'end' | { error: unknown; reason: 'error' | 'interrupted' } = 'end',
  options: { includeRawChunks?: boolean } = {},
) {
  const parts: LanguageModelV4StreamPart[] = [];
  let next = 0;
  const transformer = new RoutifyStreamTransformer({
    enqueue: (part) => parts.push(part),
    warnings: [],
    providerName: 'routify',
    generateId: () => `gen-${next++}`,
    ...options,
  });
  transformer.start();
  for (const chunk of chunks) transformer.chunk(chunk);
  if (ending === 'end') transformer.end();
  else transformer.fail(ending);
  return parts;
}

const head = { id: 'chatcmpl-1', model: 'gpt-4.1', created: 1764460800 };
const delta = (
  d: Record<string, unknown>,
  finish_reason: string | null = null,
): RoutifyChatCompletionChunk => ({
  ...head,
  choices: [{ index: 0, delta: d, finish_reason }],
});
const toolDelta = (tool: Record<string, unknown>, finish: string | null = null) =>
  delta({ tool_calls: [tool] }, finish);
const types = (parts: LanguageModelV4StreamPart[]) => parts.map((part) => part.type);

describe('RoutifyStreamTransformer', () => {
  it('emits stream-start, one response-metadata, a text block, and one finish with usage', () => {
    const usage = { prompt_tokens: 10, completion_tokens: 2, total_tokens: 12 };
    const parts = run([
      delta({ role: 'assistant' }),
      delta({ content: 'Hel' }),
      delta({ content: 'lo' }, 'stop'),
      { ...head, choices: [], usage },
    ]);
    expect(parts).toEqual([
      { type: 'stream-start', warnings: [] },
      {
        type: 'response-metadata',
        id: 'chatcmpl-1',
        modelId: 'gpt-4.1',
        timestamp: new Date(1764460800 * 1000),
      },
      { type: 'text-start', id: 'text-0' },
      { type: 'text-delta', id: 'text-0', delta: 'Hel' },
      { type: 'text-delta', id: 'text-0', delta: 'lo' },
      { type: 'text-end', id: 'text-0' },
      {
        type: 'finish',
        finishReason: { unified: 'stop', raw: 'stop' },
        usage: {
          inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: undefined },
          outputTokens: { total: 2, text: 2, reasoning: 0 },
          raw: usage,
        },
        providerMetadata: { routify: {} },
      },
    ]);
  });

  it('closes reasoning before text starts, with stable ids', () => {
    const parts = run([
      delta({ reasoning_content: 'Let me ' }),
      delta({ reasoning: 'think.' }),
      delta({ content: 'Answer' }, 'stop'),
    ]);
    expect(types(parts)).toEqual([
      'stream-start',
      'response-metadata',
      'reasoning-start',
      'reasoning-delta',
      'reasoning-delta',
      'reasoning-end',
      'text-start',
      'text-delta',
      'text-end',
      'finish',
    ]);
    expect(
      parts
        .filter((part) => part.type.startsWith('reasoning'))
        .map((part) => 'id' in part && part.id),
    ).toEqual(['reasoning-0', 'reasoning-0', 'reasoning-0', 'reasoning-0']);
  });

  it('streams tool input and emits the tool call after the stream ended properly', () => {
    const parts = run([
      delta({ reasoning_content: 'hmm' }),
      toolDelta({
        index: 0,
        id: 'call_1',
        type: 'function',
        function: { name: 'weather', arguments: '' },
      }),
      toolDelta({ index: 0, function: { arguments: '{"city":' } }),
      toolDelta({ index: 0, function: { arguments: '"Paris"}' } }),
      toolDelta({ index: 1, id: 'call_2', function: { name: 'time', arguments: '' } }),
      delta({}, 'tool_calls'),
    ]);
    expect(parts.slice(2)).toEqual([
      { type: 'reasoning-start', id: 'reasoning-0' },
      { type: 'reasoning-delta', id: 'reasoning-0', delta: 'hmm' },
      { type: 'reasoning-end', id: 'reasoning-0' },
      { type: 'tool-input-start', id: 'call_1', toolName: 'weather' },
      { type: 'tool-input-delta', id: 'call_1', delta: '{"city":' },
      { type: 'tool-input-delta', id: 'call_1', delta: '"Paris"}' },
      { type: 'tool-input-start', id: 'call_2', toolName: 'time' },
      { type: 'tool-input-end', id: 'call_1' },
      { type: 'tool-call', toolCallId: 'call_1', toolName: 'weather', input: '{"city":"Paris"}' },
      { type: 'tool-input-end', id: 'call_2' },
      { type: 'tool-call', toolCallId: 'call_2', toolName: 'time', input: '{}' },
      expect.objectContaining({
        type: 'finish',
        finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
      }),
    ]);
  });

  it('waits for a name that arrives after the id and arguments', () => {
    const parts = run([
      toolDelta({ index: 0, id: 'call_1', function: { arguments: '{"a":' } }),
      toolDelta({ index: 0, function: { name: 'f', arguments: '1}' } }),
      delta({}, 'tool_calls'),
    ]);
    expect(parts.slice(2, -1)).toEqual([
      { type: 'tool-input-start', id: 'call_1', toolName: 'f' },
      { type: 'tool-input-delta', id: 'call_1', delta: '{"a":1}' },
      { type: 'tool-input-end', id: 'call_1' },
      { type: 'tool-call', toolCallId: 'call_1', toolName: 'f', input: '{"a":1}' },
    ]);
  });

  it('ignores a duplicate empty delta or a repeat of the whole arguments after completion', () => {
    const parts = run([
      toolDelta({ index: 0, id: 'call_1', function: { name: 'f', arguments: '{"a":1}' } }),
      toolDelta({ index: 0, function: { arguments: '' } }, 'tool_calls'),
      toolDelta({ index: 0, function: { arguments: '{"a":1}' } }),
    ]);
    expect(parts.filter((part) => part.type === 'tool-call')).toEqual([
      { type: 'tool-call', toolCallId: 'call_1', toolName: 'f', input: '{"a":1}' },
    ]);
    expect(parts.filter((part) => part.type === 'tool-input-delta')).toHaveLength(1);
  });

  it('gives missing and repeated wire ids unique ids', () => {
    const parts = run([
      toolDelta({ index: 0, function: { name: 'f', arguments: '{}' } }),
      toolDelta({ index: 1, id: 'dup', function: { name: 'f', arguments: '{}' } }),
      toolDelta({ index: 2, id: 'dup', function: { name: 'f', arguments: '{}' } }),
    ]);
    expect(
      parts
        .filter((part) => part.type === 'tool-call')
        .map((part) => part.type === 'tool-call' && part.toolCallId),
    ).toEqual(['gen-0', 'dup', 'gen-1']);
  });

  it('reports tool-calls when a properly ended stream with tool calls has no or an unknown finish reason', () => {
    const missing = run([
      toolDelta({ index: 0, id: 'c', function: { name: 'f', arguments: '{}' } }),
    ]);
    expect(missing.at(-1)).toMatchObject({
      type: 'finish',
      finishReason: { unified: 'tool-calls', raw: undefined },
    });
    const unknown = run([
      toolDelta({ index: 0, id: 'c', function: { name: 'f', arguments: '{}' } }, 'end_turn'),
    ]);
    expect(unknown.at(-1)).toMatchObject({
      type: 'finish',
      finishReason: { unified: 'tool-calls', raw: 'end_turn' },
    });
  });

  it('never turns a cut tool call into a call: error part, then finish interrupted', () => {
    const error = new Error('cut');
    const parts = run(
      [toolDelta({ index: 0, id: 'call_1', function: { name: 'f', arguments: '{"a":' } })],
      { error, reason: 'interrupted' },
    );
    expect(types(parts)).toEqual([
      'stream-start',
      'response-metadata',
      'tool-input-start',
      'tool-input-delta',
      'error',
      'finish',
    ]);
    expect(parts.at(-2)).toEqual({ type: 'error', error });
    expect(parts.at(-1)).toMatchObject({
      finishReason: { unified: 'interrupted', raw: undefined },
    });
  });

  it('closes open text on an in-stream error and finishes with error', () => {
    const parts = run([delta({ content: 'partial' })], {
      error: { message: 'rate limited' },
      reason: 'error',
    });
    expect(types(parts).slice(2)).toEqual([
      'text-start',
      'text-delta',
      'text-end',
      'error',
      'finish',
    ]);
    expect(parts.at(-1)).toMatchObject({ finishReason: { unified: 'error' } });
  });

  it('completes normally after an error part when the finish reason had already arrived', () => {
    const parts = run(
      [toolDelta({ index: 0, id: 'c', function: { name: 'f', arguments: '{}' } }, 'tool_calls')],
      { error: new Error('lost usage chunk'), reason: 'interrupted' },
    );
    expect(types(parts).slice(2)).toEqual([
      'tool-input-start',
      'tool-input-delta',
      'error',
      'tool-input-end',
      'tool-call',
      'finish',
    ]);
    expect(parts.at(-1)).toMatchObject({
      finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
    });
  });

  it('starts a new call when an upstream reuses index 0 with a new id', () => {
    const parts = run([
      toolDelta({ index: 0, id: 'a', function: { name: 'f', arguments: '{"x":' } }),
      toolDelta({ index: 0, function: { arguments: '1}' } }),
      toolDelta({ index: 0, id: 'b', function: { name: 'g', arguments: '{"y":2}' } }),
    ]);
    expect(
      parts.flatMap((part) =>
        part.type === 'tool-call' ? [[part.toolCallId, part.toolName, part.input]] : [],
      ),
    ).toEqual([
      ['a', 'f', '{"x":1}'],
      ['b', 'g', '{"y":2}'],
    ]);
  });

  it('ignores a stray fragment with a new id but neither name nor arguments', () => {
    const parts = run([
      toolDelta({ index: 0, id: 'call_1', function: { name: 'f', arguments: '{}' } }),
      delta({ tool_calls: [{ id: 'other', function: { arguments: '' } }] }, 'tool_calls'),
    ]);
    expect(parts.filter((part) => part.type === 'tool-call')).toHaveLength(1);
    expect(parts.some((part) => part.type === 'error')).toBe(false);
    expect(parts.at(-1)).toMatchObject({ finishReason: { unified: 'tool-calls' } });
  });

  it('reports a tool call that never got a name as an error, not a call', () => {
    const parts = run([
      toolDelta({ index: 0, id: 'c', function: { arguments: '{}' } }, 'tool_calls'),
    ]);
    expect(types(parts).slice(2)).toEqual(['error', 'finish']);
    expect(parts.at(-1)).toMatchObject({ finishReason: { unified: 'error', raw: 'tool_calls' } });
  });

  it('emits raw chunks first when asked, and keeps the last usage', () => {
    const first = delta({ content: 'a' });
    const parts = run(
      [
        first,
        {
          ...head,
          choices: [],
          usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
        },
        {
          ...head,
          choices: [],
          usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 },
        },
      ],
      'end',
      { includeRawChunks: true },
    );
    expect(parts[1]).toEqual({ type: 'raw', rawValue: first });
    expect(parts.filter((part) => part.type === 'raw')).toHaveLength(3);
    expect(parts.at(-1)).toMatchObject({
      usage: { inputTokens: { total: 3 }, outputTokens: { total: 4 } },
    });
  });

  it('turns a refusal into text and stop into content-filter', () => {
    const parts = run([delta({ refusal: "I can't help with that." }, 'stop')]);
    expect(parts.find((part) => part.type === 'text-delta')).toMatchObject({
      delta: "I can't help with that.",
    });
    expect(parts.at(-1)).toMatchObject({
      finishReason: { unified: 'content-filter', raw: 'stop' },
    });
  });
});
