import { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import { load } from '@langchain/core/load';
import {
  AIMessage,
  AIMessageChunk,
  type BaseMessage,
  HumanMessage,
  SystemMessage,
  ToolMessage,
} from '@langchain/core/messages';
import { RunnableLambda } from '@langchain/core/runnables';
import { StructuredTool, tool } from '@langchain/core/tools';
import { toJsonSchema } from '@langchain/core/utils/json_schema';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ChatRoutify } from './chat-routify';
import { type ScriptedMock, startScriptedMock, TEST_KEY } from './mock.test-helper';

// A port, in spirit, of LangChain's standard chat-model tests (`@langchain/standard-tests`
// `ChatModelUnitTests` and `ChatModelIntegrationTests`, langchain-chat-model.md §3), run over
// loopback against the mock server's own reply rules (scripted only where a test needs exact
// ids or values the rules cannot produce).

let mock: ScriptedMock;
beforeAll(async () => {
  mock = await startScriptedMock();
});
afterAll(() => mock.close());
afterEach(() => {
  mock.reset();
  vi.unstubAllEnvs();
});

const adderSchema = z.object({ a: z.number().int(), b: z.number().int() }).describe('Adds a and b');
const MATH_ADDITION_PROMPT = 'What is 1 plus 2? Use the math_addition tool with a 1 and b 2.';

class AdderTool extends StructuredTool {
  name = 'math_addition';
  description = 'Adds a and b';
  schema = adderSchema;
  async _call({ a, b }: z.infer<typeof adderSchema>): Promise<string> {
    return String(a + b);
  }
}

const weatherTool = tool(({ location }) => `Sunny in ${location}`, {
  name: 'get_current_weather',
  description: 'Current weather at a location',
  schema: z.object({ location: z.string() }),
});

/** Records `handleChatModelStart` extra params (where tracing reads `ls_structured_output_format`). */
class TestCallbackHandler extends BaseCallbackHandler {
  name = 'test_callback_handler';
  extraParams: Record<string, unknown>[] = [];
  override handleChatModelStart(
    _llm: unknown,
    _messages: unknown,
    _runId: string,
    _parentRunId?: string,
    extraParams?: Record<string, unknown>,
  ): void {
    this.extraParams.push(extraParams ?? {});
  }
}

async function concatStream(stream: AsyncIterable<AIMessageChunk>): Promise<AIMessageChunk> {
  let result: AIMessageChunk | undefined;
  let count = 0;
  for await (const chunk of stream) {
    expect(chunk).toBeInstanceOf(AIMessageChunk);
    result = result === undefined ? chunk : result.concat(chunk);
    count += 1;
  }
  expect(count).toBeGreaterThan(0);
  if (result === undefined) throw new Error('no chunks');
  return result;
}

function expectUsage(message: AIMessage | AIMessageChunk) {
  const usage = message.usage_metadata;
  expect(usage).toBeDefined();
  expect(usage?.input_tokens).toEqual(expect.any(Number));
  expect(usage?.output_tokens).toEqual(expect.any(Number));
  expect(usage?.total_tokens).toBe((usage?.input_tokens ?? 0) + (usage?.output_tokens ?? 0));
  const inputDetails = Object.values(usage?.input_token_details ?? {}).reduce((a, b) => a + b, 0);
  const outputDetails = Object.values(usage?.output_token_details ?? {}).reduce((a, b) => a + b, 0);
  expect(usage?.input_tokens).toBeGreaterThanOrEqual(inputDetails);
  expect(usage?.output_tokens).toBeGreaterThanOrEqual(outputDetails);
  expect(message.response_metadata.model).toEqual(expect.stringMatching(/.+/));
}

describe('ChatModelUnitTests', () => {
  it('testChatModelInit / InitApiKey / InitStreaming with the standard constructor args', () => {
    const args = { temperature: 0, maxTokens: 100, timeout: 60, stopSequences: [], maxRetries: 2 };
    expect(new ChatRoutify(args)).toBeDefined();
    expect(new ChatRoutify({ ...args, apiKey: 'test' })).toBeDefined();
    expect(new ChatRoutify({ ...args, streaming: true })).toBeDefined();
  });

  it('testChatModelWithBindTools / WithStructuredOutput', () => {
    expect(mock.model().bindTools([new AdderTool()])).toBeDefined();
    expect(mock.model().withStructuredOutput(adderSchema)).toBeDefined();
  });

  it('testStandardParams: exactly the six ls_* keys', () => {
    const model = mock.model({ temperature: 0, maxTokens: 100, stop: ['x'] });
    expect(Object.keys(model.getLsParams({})).sort()).toEqual([
      'ls_max_tokens',
      'ls_model_name',
      'ls_model_type',
      'ls_provider',
      'ls_stop',
      'ls_temperature',
    ]);
  });

  it('testInvokeThrowsWithAbortedSignal / testStreamReturnsEarlyWithAbortedSignal', async () => {
    const model = mock.model();
    await expect(
      model.invoke([new HumanMessage('Hi')], { signal: AbortSignal.abort() }),
    ).rejects.toThrow();
    let chunks = 0;
    let threw = false;
    try {
      for await (const _chunk of await model.stream([new HumanMessage('Hi')], {
        signal: AbortSignal.abort(),
      })) {
        chunks += 1;
      }
    } catch {
      threw = true;
    }
    expect(threw || chunks === 0).toBe(true);
    expect(mock.bodies()).toHaveLength(0);
  });
});

describe('ChatModelIntegrationTests: chat', () => {
  it('testInvoke, testStream, testBatch, testConversation', async () => {
    const model = mock.model();
    const invoked = await model.invoke('Hello');
    expect(invoked).toBeInstanceOf(AIMessage);
    expect(invoked.text).not.toBe('');
    const streamed = await concatStream(await model.stream('Hello'));
    expect(streamed.text).toBe(invoked.text);
    const batch = await model.batch(['Hello', 'Hey']);
    expect(batch).toHaveLength(2);
    for (const reply of batch) {
      expect(reply).toBeInstanceOf(AIMessage);
      expect(reply.text).not.toBe('');
    }
    const conversation = await model.invoke([
      new HumanMessage('hello'),
      new AIMessage('hello'),
      new HumanMessage('how are you'),
    ]);
    expect(conversation.text).toContain('how are you');
  });

  it('testDoubleMessageConversation: two system, two human, two AI in a row', async () => {
    const reply = await mock
      .model()
      .invoke([
        new SystemMessage('hello'),
        new SystemMessage('hello'),
        new HumanMessage('hello'),
        new HumanMessage('hello'),
        new AIMessage('hello'),
        new AIMessage('hello'),
        new HumanMessage('how are you'),
      ]);
    expect(reply.text).not.toBe('');
  });

  it('testStreamEvents (v2): start, stream and end; the streamed text equals the final', async () => {
    const kinds: string[] = [];
    let streamed = '';
    let final: AIMessageChunk | undefined;
    for await (const event of mock.model().streamEvents('Hello', { version: 'v2' })) {
      kinds.push(event.event);
      if (event.event === 'on_chat_model_stream')
        streamed += (event.data.chunk as AIMessageChunk).text;
      if (event.event === 'on_chat_model_end') final = event.data.output as AIMessageChunk;
    }
    expect(kinds[0]).toBe('on_chat_model_start');
    expect(kinds.at(-1)).toBe('on_chat_model_end');
    expect(kinds.filter((kind) => kind === 'on_chat_model_stream').length).toBeGreaterThan(1);
    expect(streamed).not.toBe('');
    expect(final?.text).toBe(streamed);
  });

  it('testStopSequence: call option and constructor stop', async () => {
    // the mock answers 'Hello! You said: "…". This is a mock reply from gpt-4.1.'
    const byCall = await mock.model().invoke('hi', { stop: ['You'] });
    expect(byCall.text).toBe('Hello! ');
    const byField = await mock.model({ stop: ['You'] }).invoke('hi');
    expect(byField.text).toBe('Hello! ');
    const streamed = await concatStream(await mock.model({ stop: ['You'] }).stream('hi'));
    expect(streamed.text).toBe('Hello! ');
    expect(mock.bodies().map((body) => body.stop)).toEqual([['You'], ['You'], ['You']]);
  });

  it('testUsageMetadata and testUsageMetadataStreaming (numeric usage, details within totals)', async () => {
    const invoked = await mock.model().invoke('Hello');
    expectUsage(invoked);
    mock.reset(); // the same prompt again would be read from the mock's prompt cache
    const streamed = await concatStream(await mock.model().stream('Hello'));
    expectUsage(streamed);
    expect(streamed.usage_metadata).toEqual(invoked.usage_metadata);
  });

  it('usage details: cache_read, cache_creation and reasoning, invoked and streamed', async () => {
    const model = mock.model({ model: 'o4-mini', reasoningEffort: 'low' });
    const long = `Summarize: ${'the quick brown fox jumps over the lazy dog. '.repeat(120)}`;
    const first = await model.invoke(long);
    expectUsage(first);
    expect(first.usage_metadata?.input_token_details?.cache_creation).toBe(
      first.usage_metadata?.input_tokens,
    );
    expect(first.usage_metadata?.output_token_details?.reasoning).toBeGreaterThan(0);
    const second = await concatStream(await model.stream(long));
    expectUsage(second);
    expect(second.usage_metadata?.input_token_details?.cache_read).toBe(
      second.usage_metadata?.input_tokens,
    );
    expect(second.usage_metadata?.output_token_details?.reasoning).toBe(
      first.usage_metadata?.output_token_details?.reasoning,
    );
  });

  it('testCacheComplexMessageTypes: cache: true answers the second call from the cache', async () => {
    const model = mock.model({ cache: true });
    const input = [new HumanMessage({ content: [{ type: 'text', text: 'Hello cache' }] })];
    const first = await model.invoke(input);
    const second = await model.invoke(input);
    expect(second.text).toBe(first.text);
    expect(mock.bodies()).toHaveLength(1);
  });
});

describe('ChatModelIntegrationTests: tools', () => {
  it('testToolCalling: exact args and the id the model gave', async () => {
    mock.script(({ body }) =>
      body.messages.some((message) => message.role === 'tool')
        ? undefined
        : { toolCalls: [{ id: 'abc123', name: 'math_addition', arguments: { a: 1, b: 2 } }] },
    );
    const model = mock.model().bindTools([new AdderTool()]);
    const reply = await model.invoke(MATH_ADDITION_PROMPT);
    expect(reply.tool_calls).toEqual([
      { type: 'tool_call', id: 'abc123', name: 'math_addition', args: { a: 1, b: 2 } },
    ]);
    const streamed = await concatStream(await model.stream(MATH_ADDITION_PROMPT));
    expect(streamed.tool_calls).toEqual([
      { type: 'tool_call', id: 'abc123', name: 'math_addition', args: { a: 1, b: 2 } },
    ]);
  });

  it('the mock rules: the adder gets a: 1, b: 2 from the prompt, invoked and streamed', async () => {
    const model = mock.model().bindTools([new AdderTool()]);
    const invoked = await model.invoke(MATH_ADDITION_PROMPT);
    const streamed = await concatStream(await model.stream(MATH_ADDITION_PROMPT));
    for (const message of [invoked, streamed]) {
      expect(message.tool_calls).toHaveLength(1);
      expect(message.tool_calls?.[0]).toMatchObject({
        type: 'tool_call',
        name: 'math_addition',
        args: { a: 1, b: 2 },
        id: expect.stringMatching(/^call_/),
      });
    }
    // testStreamTokensWithToolCalls: usage on a streamed tool call
    expect(streamed.usage_metadata?.input_tokens).toBeGreaterThan(0);
    expect(streamed.usage_metadata?.output_tokens).toBeGreaterThan(0);
  });

  it('testToolMessageHistoriesStringContent and ListContent (tool_use blocks dropped)', async () => {
    const model = mock.model().bindTools([new AdderTool()]);
    const call = { id: 'abc123', name: 'math_addition', args: { a: 1, b: 2 } };
    const result = new ToolMessage({ content: '3', tool_call_id: 'abc123', name: 'math_addition' });
    const stringHistory = [
      new HumanMessage(MATH_ADDITION_PROMPT),
      new AIMessage({ content: '', tool_calls: [call] }),
      result,
    ];
    expect((await model.invoke(stringHistory)).text).toContain('math_addition: 3');
    const listHistory = [
      new HumanMessage(MATH_ADDITION_PROMPT),
      new AIMessage({
        content: [
          { type: 'text', text: 'some text' },
          { type: 'tool_use', id: 'abc123', name: 'math_addition', input: { a: 1, b: 2 } },
        ],
        tool_calls: [call],
      }),
      result,
    ];
    expect((await model.invoke(listHistory)).text).toContain('math_addition: 3');
    const sent = mock.bodies()[1]?.messages as Record<string, unknown>[];
    expect(sent[1]).toEqual({
      role: 'assistant',
      content: 'some text',
      tool_calls: [
        {
          id: 'abc123',
          type: 'function',
          function: { name: 'math_addition', arguments: '{"a":1,"b":2}' },
        },
      ],
    });
    expect(sent[2]).toEqual({ role: 'tool', content: '3', tool_call_id: 'abc123' });
  });

  it('testStructuredFewShotExamples', async () => {
    const model = mock.model().bindTools([new AdderTool()]);
    const reply = await model.invoke([
      new HumanMessage('What is 1 + 2'),
      new AIMessage({
        content: '',
        tool_calls: [{ id: 'abc123', name: 'math_addition', args: { a: 1, b: 2 } }],
      }),
      new ToolMessage({ content: '3', tool_call_id: 'abc123', name: 'math_addition' }),
      new AIMessage({ content: '3' }),
      new HumanMessage('What is 3 + 4'),
    ]);
    expect(reply).toBeInstanceOf(AIMessage);
  });

  it('testBindToolsWithOpenAIFormattedTools and testBindToolsWithRunnableToolLike', async () => {
    const openAITool = {
      type: 'function',
      function: {
        name: 'math_addition',
        description: 'Adds a and b',
        parameters: toJsonSchema(adderSchema),
      },
    };
    const first = await mock.model().bindTools([openAITool]).invoke(MATH_ADDITION_PROMPT);
    expect(first.tool_calls?.[0]?.name).toBe('math_addition');
    const runnableTool = RunnableLambda.from((input: { a: number; b: number }) =>
      String(input.a + input.b),
    ).asTool({ name: 'math_addition', description: 'Adds a and b', schema: adderSchema });
    const second = await mock.model().bindTools([runnableTool]).invoke(MATH_ADDITION_PROMPT);
    expect(second.tool_calls).toHaveLength(1);
    expect(second.tool_calls?.[0]).toMatchObject({
      type: 'tool_call',
      id: expect.any(String),
      args: { a: 1, b: 2 },
    });
  });

  it('testModelCanUseToolUseAIMessage, invoked and streamed (streamed chunk re-sent)', async () => {
    const model = mock.model().bindTools([weatherTool]);
    const prompt = new HumanMessage('What is the weather in San Francisco?');
    const first = await model.invoke([prompt]);
    const call = first.tool_calls?.[0];
    expect(call).toMatchObject({
      name: 'get_current_weather',
      args: { location: 'San Francisco' },
    });
    const answer = await model.invoke([prompt, first, await weatherTool.invoke(call as never)]);
    expect(answer.text).toBe(
      'Based on the tool results: get_current_weather: Sunny in San Francisco.',
    );

    const streamedFirst = await concatStream(await model.stream([prompt]));
    const streamedCall = streamedFirst.tool_calls?.[0];
    // a repeated request gets a new id from the mock
    expect(streamedCall).toEqual({ ...call, id: expect.stringMatching(/^call_/) });
    expect(streamedCall?.id).not.toBe(call?.id);
    const streamedAnswer = await concatStream(
      await model.stream([prompt, streamedFirst, await weatherTool.invoke(streamedCall as never)]),
    );
    expect(streamedAnswer.text).toBe(answer.text);
  });

  it('testParallelToolCalling: invoked and streamed, then answered with both results', async () => {
    const timeTool = tool(({ timezone }) => `10:00 in ${timezone}`, {
      name: 'get_current_time',
      description: 'Current time in a time zone',
      schema: z.object({ timezone: z.string() }),
    });
    const model = mock.model().bindTools([weatherTool, timeTool]);
    const prompt = new HumanMessage('What is the weather in Paris and the time in Tokyo?');
    const invoked = await model.invoke([prompt]);
    const streamed = await concatStream(await model.stream([prompt]));
    for (const message of [invoked, streamed]) {
      expect(message.tool_calls?.map((call) => call.name)).toEqual([
        'get_current_weather',
        'get_current_time',
      ]);
    }
    const results = [
      await weatherTool.invoke(invoked.tool_calls?.[0] as never),
      await timeTool.invoke(invoked.tool_calls?.[1] as never),
    ] as BaseMessage[];
    const final = await model.invoke([prompt, invoked, ...results]);
    expect(final.tool_calls).toEqual([]);
    expect(final.text).toBe(
      'Based on the tool results: get_current_weather: Sunny in Paris; get_current_time: 10:00 in Asia/Tokyo.',
    );
  });

  it('testModelCanAcceptStructuredToolParamsSchema and testStreamTools', async () => {
    const params = {
      name: 'get_current_weather',
      description: 'Current weather at a location',
      schema: z.object({ location: z.string() }),
    };
    const model = mock.model().bindTools([params]);
    const invoked = await model.invoke('What is the weather in Berlin?');
    expect(invoked.tool_calls?.[0]?.args.location).toBe('Berlin');
    const streamed = await concatStream(await model.stream('What is the weather in Berlin?'));
    expect(streamed.tool_calls?.[0]?.args.location).toBe('Berlin');
  });

  it('a zero-argument tool: args {} in invoke, stream and streamEvents', async () => {
    const now = tool(() => 'noon', { name: 'get_time', description: 'Time', schema: z.object({}) });
    const model = mock.model().bindTools([now]);
    const invoked = await model.invoke('What time is it?');
    const streamed = await concatStream(await model.stream('What time is it?'));
    const evented = await model.streamEvents('What time is it?');
    for (const message of [invoked, streamed, evented]) {
      expect(message.tool_calls).toEqual([
        { type: 'tool_call', id: expect.stringMatching(/^call_/), name: 'get_time', args: {} },
      ]);
      expect(message.invalid_tool_calls ?? []).toEqual([]);
    }
  });
});

describe('ChatModelIntegrationTests: structured output', () => {
  it('testWithStructuredOutput: functionCalling, with the tracing metadata', async () => {
    const handler = new TestCallbackHandler();
    const result = await mock
      .model()
      .withStructuredOutput(adderSchema, { name: 'math_addition' })
      .invoke(MATH_ADDITION_PROMPT, { callbacks: [handler] });
    expect(result).toEqual({ a: 1, b: 2 });
    const format = (handler.extraParams[0]?.options as Record<string, unknown>)
      ?.ls_structured_output_format;
    expect(format).toEqual({
      kwargs: { method: 'functionCalling' },
      schema: toJsonSchema(adderSchema),
    });
  });

  it('testWithStructuredOutputIncludeRaw, for a zod and a JSON schema, by every method', async () => {
    const jsonSchema = toJsonSchema(adderSchema) as Record<string, unknown>;
    for (const schema of [adderSchema, { ...jsonSchema, title: 'math_addition' }]) {
      for (const method of ['functionCalling', 'jsonSchema'] as const) {
        const handler = new TestCallbackHandler();
        const { raw, parsed } = await mock
          .model()
          .withStructuredOutput(schema as typeof adderSchema, {
            name: 'math_addition',
            method,
            includeRaw: true,
          })
          .invoke(MATH_ADDITION_PROMPT, { callbacks: [handler] });
        expect(raw).toBeInstanceOf(AIMessage);
        expect(parsed).toEqual({ a: 1, b: 2 });
        expect(
          (handler.extraParams[0]?.options as Record<string, unknown>)?.ls_structured_output_format,
        ).toMatchObject({ kwargs: { method } });
      }
    }
  });

  it('testInvokeMoreComplexTools: enum, nested object and a record', async () => {
    const schema = z.object({
      title: z.string(),
      kind: z.enum(['book', 'film']),
      meta: z.object({ year: z.number().int() }),
      extra: z.record(z.string(), z.unknown()),
    });
    const result = await mock
      .model()
      .withStructuredOutput(schema, { name: 'catalog' })
      .invoke('Describe the film "Alien" from 1979.');
    expect(schema.safeParse(result).success).toBe(true);
    expect(result.kind).toBe('film');
  });
});

describe('ChatModelIntegrationTests: content blocks', () => {
  const PNG =
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
  const DATA_URL = `data:image/png;base64,${PNG}`;
  const REMOTE = 'https://example.com/cat.png';

  it('testStandardImageContentBlocks: every image block shape reaches the mock as image_url', async () => {
    const blocks: Record<string, unknown>[] = [
      { type: 'image', source_type: 'url', url: REMOTE },
      { type: 'image', source_type: 'base64', data: PNG, mime_type: 'image/png' },
      { type: 'image', source_type: 'url', url: DATA_URL },
      { type: 'image', url: REMOTE },
      { type: 'image', data: PNG, mimeType: 'image/png' },
      { type: 'image_url', image_url: { url: DATA_URL, detail: 'low' } },
      { type: 'image_url', image_url: REMOTE },
    ];
    const expected = [
      { url: REMOTE },
      { url: DATA_URL },
      { url: DATA_URL },
      { url: REMOTE },
      { url: DATA_URL },
      { url: DATA_URL, detail: 'low' },
      { url: REMOTE },
    ];
    for (const [position, block] of blocks.entries()) {
      const reply = await mock.model().invoke([
        new HumanMessage({
          content: [{ type: 'text', text: 'describe the weather in this image' }, block as never],
        }),
      ]);
      expect(reply.text).toContain('I see 1 image.');
      const content = ((mock.bodies()[position]?.messages ?? []) as Record<string, unknown>[])[0]
        ?.content as Record<string, unknown>[];
      expect(content[1]).toEqual({ type: 'image_url', image_url: expected[position] });
    }
  });

  it('testStandardTextContentBlocks and a text/plain file', async () => {
    const reply = await mock.model().invoke([
      new HumanMessage({
        content: [
          { type: 'text', source_type: 'text', text: 'first part' } as never,
          {
            type: 'file',
            source_type: 'base64',
            data: btoa('second part'),
            mime_type: 'text/plain',
            metadata: { filename: 'notes.txt' },
          } as never,
        ],
      }),
    ]);
    expect(reply.text).toContain('first part second part');
  });
});

describe('serialization', () => {
  it('toJSON and load round trip without the key', async () => {
    const model = mock.model({ temperature: 0 });
    const json = JSON.stringify(model);
    expect(json).not.toContain(TEST_KEY);
    const restored = await load<ChatRoutify>(json, {
      secretsMap: { ROUTIFY_API_KEY: TEST_KEY },
      optionalImportsMap: { 'langchain/chat_models/routify': await import('./index') },
    });
    expect(restored).toBeInstanceOf(ChatRoutify);
    expect(restored.temperature).toBe(0);
    expect((await restored.invoke('Say: restored')).text).toBe('restored');
  });
});
