import {
  AIMessage,
  type AIMessageChunk,
  HumanMessage,
  ToolMessage,
} from '@langchain/core/messages';
import { RunnableLambda } from '@langchain/core/runnables';
import { DynamicStructuredTool, tool } from '@langchain/core/tools';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InvalidToolError } from './convert-tools';
import { type ScriptedMock, startScriptedMock } from './mock.test-helper';

let mock: ScriptedMock;
beforeAll(async () => {
  mock = await startScriptedMock();
});
afterAll(() => mock.close());
afterEach(() => mock.reset());

const addSchema = z.object({ a: z.number().describe('first'), b: z.number().describe('second') });
const addTool = tool(({ a, b }) => String(a + b), {
  name: 'add',
  description: 'Adds two numbers',
  schema: addSchema,
});
const ADD_PARAMETERS = {
  type: 'object',
  properties: {
    a: { type: 'number', description: 'first' },
    b: { type: 'number', description: 'second' },
  },
  required: ['a', 'b'],
};

async function streamConcat(stream: AsyncIterable<AIMessageChunk>) {
  const chunks: AIMessageChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  const [first, ...rest] = chunks;
  if (first === undefined) throw new Error('empty stream');
  return { chunks, message: rest.reduce((acc, chunk) => acc.concat(chunk), first) };
}

const lastBody = () => mock.bodies().at(-1) ?? {};

describe('bindTools input kinds', () => {
  it('converts every input kind to a wire tool', async () => {
    const weatherJsonSchema = {
      type: 'object',
      properties: { city: { type: 'string' } },
      required: ['city'],
    };
    const structured = new DynamicStructuredTool({
      name: 'multiply',
      description: 'Multiplies',
      schema: addSchema,
      func: async ({ a, b }) => String(a * b),
    });
    const asTool = RunnableLambda.from(
      (input: { a: number; b: number }) => input.a - input.b,
    ).asTool({
      name: 'subtract',
      description: 'Subtracts',
      schema: addSchema,
    });
    const bound = mock.model().bindTools([
      addTool,
      structured,
      { name: 'zod_object', description: 'A zod tool object', schema: addSchema },
      { name: 'weather', description: 'JSON-schema tool object', schema: weatherJsonSchema },
      {
        type: 'function',
        function: { name: 'openai_tool', description: 'OpenAI', parameters: weatherJsonSchema },
      },
      { name: 'bare_function', description: 'Bare definition', parameters: weatherJsonSchema },
      asTool,
    ]);
    await bound.invoke('Use a tool');
    const tools = lastBody().tools as { type: string; function: Record<string, unknown> }[];
    expect(tools.map((entry) => [entry.type, entry.function.name])).toEqual([
      ['function', 'add'],
      ['function', 'multiply'],
      ['function', 'zod_object'],
      ['function', 'weather'],
      ['function', 'openai_tool'],
      ['function', 'bare_function'],
      ['function', 'subtract'],
    ]);
    for (const index of [0, 1, 2, 6]) {
      expect(tools[index]?.function.parameters).toMatchObject(ADD_PARAMETERS);
    }
    for (const index of [3, 4, 5])
      expect(tools[index]?.function.parameters).toEqual(weatherJsonSchema);
    expect(tools[0]?.function.description).toBe('Adds two numbers');
  });

  it('rejects something that is not a tool, naming the accepted shapes', () => {
    expect(() => mock.model().bindTools([addSchema as never])).toThrow(InvalidToolError);
    expect(() => mock.model().bindTools([{ description: 'no name' }])).toThrow(/LangChain tool/);
  });

  it('forwards strict, parallel_tool_calls and response_format', async () => {
    await mock
      .model()
      .bindTools([addTool], {
        strict: true,
        parallel_tool_calls: false,
        response_format: { type: 'text' },
      })
      .invoke('Add');
    const body = lastBody();
    expect(body.parallel_tool_calls).toBe(false);
    expect(body.response_format).toEqual({ type: 'text' });
    expect((body.tools as { function: { strict?: boolean } }[])[0]?.function.strict).toBe(true);
  });

  it.each([
    ['auto', 'auto'],
    ['none', 'none'],
    ['required', 'required'],
    ['any', 'required'],
    ['add', { type: 'function', function: { name: 'add' } }],
    [
      { type: 'function', function: { name: 'add' } },
      { type: 'function', function: { name: 'add' } },
    ],
  ])('maps tool_choice %j', async (choice, wire) => {
    await mock
      .model()
      .bindTools([addTool], { tool_choice: choice as never })
      .invoke('Add');
    expect(lastBody().tool_choice).toEqual(wire);
  });
});

describe('tool calls back', () => {
  it('invoke: tool_calls with id, parsed args and type; round trip as history', async () => {
    mock.script(({ body }) =>
      body.messages.some((message) => message.role === 'tool')
        ? 'The sum is 5.'
        : { toolCalls: [{ id: 'call_add_1', name: 'add', arguments: { a: 2, b: 3 } }] },
    );
    const model = mock.model().bindTools([addTool]);
    const question = new HumanMessage('What is 2 + 3?');
    const first = await model.invoke([question]);
    expect(first.tool_calls).toEqual([
      { id: 'call_add_1', name: 'add', args: { a: 2, b: 3 }, type: 'tool_call' },
    ]);
    expect(first.response_metadata.finish_reason).toBe('tool_calls');
    const toolMessage = await addTool.invoke(first.tool_calls?.[0] as never);
    expect(toolMessage).toBeInstanceOf(ToolMessage);
    const final = await model.invoke([question, first, toolMessage]);
    expect(final.text).toBe('The sum is 5.');
    expect((lastBody().messages as unknown[]).slice(1)).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_add_1',
            type: 'function',
            function: { name: 'add', arguments: '{"a":2,"b":3}' },
          },
        ],
      },
      { role: 'tool', content: '5', tool_call_id: 'call_add_1' },
    ]);
  });

  it('stream: tool_call_chunks with index and id concatenate into the same calls; re-sent as history', async () => {
    mock.script(({ body }) =>
      body.messages.some((message) => message.role === 'tool')
        ? 'The sum is 1234.'
        : { toolCalls: [{ id: 'call_add_2', name: 'add', arguments: { a: 1000, b: 234 } }] },
    );
    const model = mock.model().bindTools([addTool]);
    const question = new HumanMessage('What is 1000 + 234?');
    const { chunks, message } = await streamConcat(await model.stream([question]));
    const fragments = chunks.flatMap((chunk) => chunk.tool_call_chunks ?? []);
    expect(fragments.length).toBeGreaterThan(1);
    expect(fragments.every((fragment) => fragment.index === 0)).toBe(true);
    expect(fragments.filter((fragment) => fragment.id !== undefined)).toHaveLength(1);
    expect(message.tool_calls).toEqual([
      { id: 'call_add_2', name: 'add', args: { a: 1000, b: 234 }, type: 'tool_call' },
    ]);
    expect(message.invalid_tool_calls).toEqual([]);
    const toolMessage = await addTool.invoke(message.tool_calls?.[0] as never);
    const final = await streamConcat(await model.stream([question, message, toolMessage]));
    expect(final.message.text).toBe('The sum is 1234.');
    expect((lastBody().messages as Record<string, unknown>[])[1]).toEqual({
      role: 'assistant',
      content: null,
      tool_calls: [
        {
          id: 'call_add_2',
          type: 'function',
          function: { name: 'add', arguments: '{"a":1000,"b":234}' },
        },
      ],
    });
  });

  it('parallel calls, invoked and streamed', async () => {
    mock.script(() => ({
      toolCalls: [
        { id: 'call_w', name: 'weather', arguments: { city: 'Paris' } },
        { id: 'call_t', name: 'time', arguments: { city: 'Paris' } },
      ],
    }));
    const model = mock.model();
    const invoked = await model.invoke('Weather and time in Paris?');
    const { message: streamed } = await streamConcat(
      await model.stream('Weather and time in Paris?'),
    );
    for (const message of [invoked, streamed]) {
      expect(message.tool_calls?.map((call) => [call.id, call.name, call.args])).toEqual([
        ['call_w', 'weather', { city: 'Paris' }],
        ['call_t', 'time', { city: 'Paris' }],
      ]);
    }
  });

  it('a tool without arguments gives args {} (invoke, stream and stream events)', async () => {
    for (const argumentsText of ['', '{}']) {
      mock.script(() => ({
        toolCalls: [{ id: 'call_now', name: 'now', arguments: argumentsText }],
      }));
      const model = mock.model();
      const invoked = await model.invoke('What time is it?');
      const { message: streamed } = await streamConcat(await model.stream('What time is it?'));
      const events = await model.streamEvents('What time is it?');
      for (const message of [invoked, streamed, events]) {
        expect(message.tool_calls).toEqual([
          { id: 'call_now', name: 'now', args: {}, type: 'tool_call' },
        ]);
        expect(message.invalid_tool_calls ?? []).toEqual([]);
      }
    }
  });

  it('malformed arguments become invalid_tool_calls with the raw text', async () => {
    mock.script(() => ({
      toolCalls: [{ id: 'call_bad', name: 'add', arguments: '{"a": 1, "b": two}' }],
    }));
    const model = mock.model();
    const invoked = await model.invoke('Add');
    const { message: streamed } = await streamConcat(await model.stream('Add'));
    const events = await model.streamEvents('Add');
    expect(events.tool_calls).toEqual([]);
    expect(events.contentBlocks).toContainEqual(
      expect.objectContaining({
        type: 'invalid_tool_call',
        id: 'call_bad',
        args: '{"a": 1, "b": two}',
      }),
    );
    for (const message of [invoked, streamed]) {
      expect(message.tool_calls).toEqual([]);
      expect(message.invalid_tool_calls).toMatchObject([
        { id: 'call_bad', name: 'add', args: '{"a": 1, "b": two}', type: 'invalid_tool_call' },
      ]);
    }
  });

  it('streamEvents: tool calls arrive finished, with ids and parsed args', async () => {
    mock.script(() => ({
      content: 'Let me check.',
      toolCalls: [
        { id: 'call_1', name: 'weather', arguments: { city: 'Oslo' } },
        { id: 'call_2', name: 'weather', arguments: { city: 'Rome' } },
      ],
    }));
    const stream = mock.model().streamEvents('Weather in Oslo and Rome?');
    const calls = await stream.toolCalls;
    const message = await stream;
    expect(calls.map((call) => [call.id, call.name, call.args])).toEqual([
      ['call_1', 'weather', { city: 'Oslo' }],
      ['call_2', 'weather', { city: 'Rome' }],
    ]);
    expect(message).toBeInstanceOf(AIMessage);
    expect(message.text).toBe('Let me check.');
    expect(message.tool_calls?.map((call) => call.id)).toEqual(['call_1', 'call_2']);
  });
});

describe('a bound model (bindTools / withConfig) and streamEvents', () => {
  it('bindTools(...).streamEvents(input) threw a TypeError (reading "version"): now content-block events with the bound tools', async () => {
    const now = tool(() => 'noon', { name: 'get_time', description: 'Time', schema: z.object({}) });
    const bound = mock.model().bindTools([now], { tool_choice: 'required' });
    const stream = bound.streamEvents('What time is it?');
    const kinds: string[] = [];
    for await (const event of stream) kinds.push(event.event);
    const message = await stream;
    expect(kinds[0]).toBe('message-start');
    expect(kinds.at(-1)).toBe('message-finish');
    expect(message.tool_calls).toEqual([
      { type: 'tool_call', id: expect.stringMatching(/^call_/), name: 'get_time', args: {} },
    ]);
    expect(lastBody()).toMatchObject({
      stream: true,
      tool_choice: 'required',
      tools: [{ type: 'function', function: { name: 'get_time' } }],
    });
  });

  it('withConfig chains keep it; call options merge over the bound ones; legacy v2 still works', async () => {
    const bound = mock.model().withConfig({ temperature: 0 }).withConfig({ maxTokens: 50 });
    const message = await bound.streamEvents('Say: merged', { seed: 3 });
    expect(message.text).toBe('merged');
    expect(lastBody()).toMatchObject({ temperature: 0, max_tokens: 50, seed: 3 });
    const legacy: string[] = [];
    for await (const event of bound.streamEvents('Say: legacy', { version: 'v2' })) {
      legacy.push(event.event);
    }
    expect(legacy).toContain('on_chat_model_stream');
    expect(lastBody()).toMatchObject({ temperature: 0, max_tokens: 50 });
  });
});
