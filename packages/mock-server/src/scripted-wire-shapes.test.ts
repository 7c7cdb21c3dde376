import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockReplySpec, startMockServer } from './index';
import type { MockServer } from './node-server';
import { type Loose, NOW, post, sseChunks } from './test-helper.test-helper';

// Report 5 of the mock-server review: a scripted reply must express every wire shape a client
// has to handle (finish_reason null / absent / unknown, a usage-only chunk, `reasoning` vs
// `reasoning_content`, chosen tool-call fragments) without a hand-made raw Response.

const scripts: Record<string, MockReplySpec> = {
  'null finish': { content: 'Hi', finishReason: null },
  'no finish': { content: 'Hi', omitFinishReason: true },
  'unknown finish': { content: 'Hi', finishReason: 'end_turn' },
  'reasoning field': { content: 'Hi', reasoning: 'Think.', reasoningField: 'reasoning' },
  'usage always': { content: 'Hi', usageChunk: true },
  'usage never': { content: 'Hi', usageChunk: false },
  fragments: { toolCalls: [{ name: 'lookup', fragments: ['{"q"', ':"x', '"}'], id: 'call_1' }] },
  mismatch: { toolCalls: [{ name: 'lookup', arguments: { q: 1 }, fragments: ['{}'] }] },
};

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer({
    now: () => NOW,
    respond: ({ body }) => scripts[String(body.messages.at(-1)?.content)],
  });
});
afterAll(() => server.close());

const ask = (content: string, extra: Record<string, unknown> = {}) =>
  post(server.baseURL, { model: 'gpt-4.1', messages: [{ role: 'user', content }], ...extra });
const json = async (content: string): Promise<Loose> => (await ask(content)).json();
const chunks = async (content: string, extra: Record<string, unknown> = {}): Promise<Loose[]> =>
  sseChunks(await (await ask(content, { stream: true, ...extra })).text());
const choicesOf = (list: Loose[]) => list.flatMap((chunk) => chunk.choices);

describe('scripted replies express every wire shape (report 5)', () => {
  it('finishReason: null → "finish_reason": null in JSON and on every chunk', async () => {
    expect((await json('null finish')).choices[0].finish_reason).toBeNull();
    const streamed = choicesOf(await chunks('null finish'));
    expect(streamed.length).toBeGreaterThan(1);
    for (const choice of streamed) expect(choice).toHaveProperty('finish_reason', null);
  });

  it('omitFinishReason → no finish_reason key anywhere', async () => {
    expect((await json('no finish')).choices[0]).not.toHaveProperty('finish_reason');
    const streamed = choicesOf(await chunks('no finish'));
    for (const choice of streamed) expect(choice).not.toHaveProperty('finish_reason');
    expect(streamed.map((choice) => choice.delta.content ?? '').join('')).toBe('Hi');
  });

  it('an unknown finish_reason string is sent as is, on the last content chunk', async () => {
    expect((await json('unknown finish')).choices[0].finish_reason).toBe('end_turn');
    const streamed = choicesOf(await chunks('unknown finish'));
    expect(streamed.at(-1)).toMatchObject({ delta: { content: 'Hi' }, finish_reason: 'end_turn' });
  });

  it('reasoningField: "reasoning" names the field in the message and in the deltas', async () => {
    const message = (await json('reasoning field')).choices[0].message;
    expect(message.reasoning).toBe('Think.');
    expect(message).not.toHaveProperty('reasoning_content');
    const deltas = choicesOf(await chunks('reasoning field')).map((choice) => choice.delta);
    expect(deltas.map((delta) => delta.reasoning ?? '').join('')).toBe('Think.');
    expect(deltas.some((delta) => 'reasoning_content' in delta)).toBe(false);
  });

  it('usageChunk forces or suppresses the usage-only chunk', async () => {
    const forced = await chunks('usage always');
    expect(forced.at(-1)).toMatchObject({ choices: [], usage: { completion_tokens: 1 } });
    const suppressed = await chunks('usage never', { stream_options: { include_usage: true } });
    expect(suppressed.every((chunk) => chunk.choices.length > 0)).toBe(true);
  });

  it('tool-call fragments are streamed as given; JSON arguments are their concatenation', async () => {
    const message = (await json('fragments')).choices[0].message;
    expect(message.tool_calls).toEqual([
      { id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{"q":"x"}' } },
    ]);
    const calls = choicesOf(await chunks('fragments')).flatMap(
      (choice) => choice.delta.tool_calls ?? [],
    );
    expect(calls.map((call: Loose) => call.function.arguments)).toEqual(['', '{"q"', ':"x', '"}']);
  });

  it('fragments that disagree with arguments are a 500 naming the problem', async () => {
    const response = await ask('mismatch');
    expect(response.status).toBe(500);
    expect((await response.json()).error).toMatchObject({
      code: 'respond_hook_error',
      message: expect.stringContaining('toolCalls[0].fragments join to "{}"'),
    });
  });
});
