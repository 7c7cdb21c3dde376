import { AIMessage, type AIMessageChunk, HumanMessage } from '@langchain/core/messages';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ScriptedMock, startScriptedMock } from './mock.test-helper';

let mock: ScriptedMock;
beforeAll(async () => {
  mock = await startScriptedMock();
});
afterAll(() => mock.close());
afterEach(() => mock.reset());

async function streamConcat(stream: AsyncIterable<AIMessageChunk>): Promise<AIMessageChunk> {
  let aggregate: AIMessageChunk | undefined;
  for await (const chunk of stream)
    aggregate = aggregate === undefined ? chunk : aggregate.concat(chunk);
  if (aggregate === undefined) throw new Error('empty stream');
  return aggregate;
}

const USAGE = {
  prompt_tokens: 100,
  completion_tokens: 30,
  cached_tokens: 40,
  cache_write_tokens: 20,
  reasoning_tokens: 12,
};
const EXPECTED_USAGE = {
  input_tokens: 100,
  output_tokens: 30,
  total_tokens: 130,
  input_token_details: { cache_read: 40, cache_creation: 20 },
  output_token_details: { reasoning: 12 },
};

describe('usage_metadata', () => {
  it('maps cache reads, cache writes and reasoning tokens in invoke', async () => {
    mock.script(() => ({ content: 'ok', reasoning: 'thinking hard', usage: USAGE }));
    const reply = await mock.model({ model: 'o4-mini' }).invoke('Hi');
    expect(reply.usage_metadata).toEqual(EXPECTED_USAGE);
  });

  it('maps the same usage in a stream, on exactly one chunk', async () => {
    mock.script(() => ({ content: 'ok then', reasoning: 'thinking hard', usage: USAGE }));
    const chunks: AIMessageChunk[] = [];
    for await (const chunk of await mock.model({ model: 'o4-mini' }).stream('Hi'))
      chunks.push(chunk);
    const withUsage = chunks.filter((chunk) => chunk.usage_metadata !== undefined);
    expect(withUsage).toHaveLength(1);
    expect(withUsage[0]?.usage_metadata).toEqual(EXPECTED_USAGE);
  });

  it('reports the mock prompt cache: a repeated long prompt reads what the first one wrote', async () => {
    const longPrompt = `${'Context sentence number one. '.repeat(400)}Question?`;
    const model = mock.model();
    const first = await model.invoke(longPrompt);
    const second = await streamConcat(await model.stream(longPrompt));
    expect(first.usage_metadata?.input_token_details?.cache_creation).toBeGreaterThan(0);
    expect(second.usage_metadata?.input_token_details?.cache_read).toBeGreaterThan(0);
    for (const usage of [first.usage_metadata, second.usage_metadata]) {
      const details = usage?.input_token_details ?? {};
      expect(usage?.input_tokens ?? 0).toBeGreaterThanOrEqual(
        (details.cache_read ?? 0) + (details.cache_creation ?? 0),
      );
    }
  });
});

describe('reasoning models', () => {
  it('returns reasoning on the message and as a leading reasoning content block', async () => {
    mock.script(() => ({ content: 'The answer is 4.', reasoning: 'Two plus two is four.' }));
    const reply = await mock.model({ model: 'o4-mini', reasoningEffort: 'low' }).invoke('2+2?');
    expect(mock.bodies()[0]).toMatchObject({ model: 'o4-mini', reasoning_effort: 'low' });
    expect(reply.text).toBe('The answer is 4.');
    expect(reply.additional_kwargs.reasoning_content).toBe('Two plus two is four.');
    expect(reply.contentBlocks).toEqual([
      { type: 'reasoning', reasoning: 'Two plus two is four.' },
      { type: 'text', text: 'The answer is 4.' },
    ]);
  });

  it('streams reasoning deltas that concatenate to the invoke reasoning', async () => {
    mock.script(() => ({
      content: 'The answer is 4.',
      reasoning: 'Two plus two is four, surely.',
    }));
    const model = mock.model({ model: 'o4-mini' });
    const streamed = await streamConcat(await model.stream('2+2?'));
    expect(streamed.additional_kwargs.reasoning_content).toBe('Two plus two is four, surely.');
    expect(streamed.text).toBe('The answer is 4.');
    expect(streamed.contentBlocks[0]).toEqual({
      type: 'reasoning',
      reasoning: 'Two plus two is four, surely.',
    });
  });

  it('sends earlier reasoning back as reasoning_content (invoked and streamed messages)', async () => {
    mock.script(() => ({ content: 'Four.', reasoning: 'Adding.' }));
    const model = mock.model({ model: 'deepseek-reasoner' });
    const invoked = await model.invoke('2+2?');
    const streamed = await streamConcat(await model.stream('2+2?'));
    await model.invoke([new HumanMessage('2+2?'), invoked, new HumanMessage('And 3+3?')]);
    await model.invoke([new HumanMessage('2+2?'), streamed, new HumanMessage('And 3+3?')]);
    for (const body of mock.bodies().slice(2)) {
      expect((body.messages as unknown[])[1]).toEqual({
        role: 'assistant',
        content: 'Four.',
        reasoning_content: 'Adding.',
      });
    }
  });

  it('also reads `reasoning` (instead of reasoning_content) from the wire', async () => {
    mock.script(
      () =>
        new Response(
          JSON.stringify({
            id: 'chatcmpl-r1',
            object: 'chat.completion',
            created: 1,
            model: 'o4-mini',
            choices: [
              {
                index: 0,
                finish_reason: 'stop',
                message: { role: 'assistant', content: 'Yes.', reasoning: 'Considered it.' },
              },
            ],
            usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
          }),
          { headers: { 'content-type': 'application/json' } },
        ),
    );
    const reply = await mock.model({ model: 'o4-mini' }).invoke('ok?');
    expect(reply.additional_kwargs.reasoning_content).toBe('Considered it.');
  });
});

describe('refusals', () => {
  const sse = (events: unknown[]) =>
    new Response(
      `${events.map((event) => `data: ${JSON.stringify(event)}\n\n`).join('')}data: [DONE]\n\n`,
      {
        headers: { 'content-type': 'text/event-stream' },
      },
    );

  it('keeps a refusal in additional_kwargs and as a refusal block, invoked and streamed', async () => {
    mock.script(({ body }) =>
      body.stream
        ? sse([
            {
              id: 'c1',
              object: 'chat.completion.chunk',
              model: 'gpt-4.1',
              choices: [{ index: 0, delta: { role: 'assistant', refusal: 'I cannot ' } }],
            },
            {
              id: 'c1',
              object: 'chat.completion.chunk',
              model: 'gpt-4.1',
              choices: [{ index: 0, delta: { refusal: 'help with that.' }, finish_reason: 'stop' }],
            },
          ])
        : new Response(
            JSON.stringify({
              id: 'c1',
              object: 'chat.completion',
              created: 1,
              model: 'gpt-4.1',
              choices: [
                {
                  index: 0,
                  finish_reason: 'stop',
                  message: {
                    role: 'assistant',
                    content: null,
                    refusal: 'I cannot help with that.',
                  },
                },
              ],
            }),
            { headers: { 'content-type': 'application/json' } },
          ),
    );
    const model = mock.model();
    const invoked = await model.invoke('bad request');
    const streamed = await streamConcat(await model.stream('bad request'));
    for (const message of [invoked, streamed]) {
      expect(message.additional_kwargs.refusal).toBe('I cannot help with that.');
      expect(message.contentBlocks).toContainEqual({
        type: 'refusal',
        refusal: 'I cannot help with that.',
      });
    }
    const events = await model.streamEvents('bad request');
    expect(events.contentBlocks).toContainEqual({
      type: 'refusal',
      refusal: 'I cannot help with that.',
    });
  });
});

describe('streamEvents', () => {
  it('content-block events carry text and reasoning (no version)', async () => {
    mock.script(() => ({
      content: 'Paris is the capital.',
      reasoning: 'France, capital: Paris.',
      usage: USAGE,
    }));
    const stream = mock.model({ model: 'o4-mini' }).streamEvents('Capital of France?');
    const [text, reasoning, usage, message] = await Promise.all([
      stream.text,
      stream.reasoning,
      stream.usage,
      stream,
    ]);
    expect(text).toBe('Paris is the capital.');
    expect(reasoning).toBe('France, capital: Paris.');
    expect(usage).toEqual(EXPECTED_USAGE);
    expect(message).toBeInstanceOf(AIMessage);
    expect(message.usage_metadata).toEqual(EXPECTED_USAGE);
    expect(message.response_metadata).toMatchObject({
      model_provider: 'routify',
      model_name: 'o4-mini',
      model: 'o4-mini',
    });
    const kinds = [];
    for await (const event of stream) kinds.push(event.event);
    expect(kinds[0]).toBe('message-start');
    expect(kinds.at(-1)).toBe('message-finish');
    expect(kinds).toContain('content-block-delta');
  });

  it('legacy v2 events stream every chunk and end with the full message', async () => {
    const events = [];
    for await (const event of mock.model().streamEvents('Hello events', { version: 'v2' })) {
      events.push(event);
    }
    const streamed = events
      .filter((event) => event.event === 'on_chat_model_stream')
      .map((event) => (event.data.chunk as AIMessageChunk).text)
      .join('');
    const end = events.find((event) => event.event === 'on_chat_model_end');
    expect(streamed.length).toBeGreaterThan(0);
    const output = end?.data.output as AIMessageChunk;
    expect(output.text).toBe(streamed);
    expect(output.usage_metadata?.input_tokens).toBeGreaterThan(0);
  });
});
