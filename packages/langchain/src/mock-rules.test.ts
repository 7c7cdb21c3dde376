import {
  type AIMessage,
  AIMessageChunk,
  type BaseMessage,
  HumanMessage,
  ToolMessage,
} from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { createReactAgent } from '@langchain/langgraph/prebuilt';
import { createAgent } from 'langchain';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BadRequestError } from './index';
import { type ScriptedMock, startScriptedMock } from './mock.test-helper';

// The mock's own reply rules (no scripting): tools mentioned in the prompt are called, stage by
// stage ("then"), JSON output is generated from the schema, reasoning models think first.
let mock: ScriptedMock;
beforeAll(async () => {
  mock = await startScriptedMock();
});
afterAll(() => mock.close());
afterEach(() => mock.reset());

const getWeather = tool(({ city }) => `Sunny, 21 C in ${city}`, {
  name: 'get_weather',
  description: 'Current weather in a city',
  schema: z.object({ city: z.string() }),
});
const getPopulation = tool(({ city }) => `${city}: 2.1 million people`, {
  name: 'get_population',
  description: 'Population of a city',
  schema: z.object({ city: z.string() }),
});

describe('with the mock reply rules', () => {
  it('createAgent runs weather, then population, then answers with both results', async () => {
    const agent = createAgent({ model: mock.model(), tools: [getWeather, getPopulation] });
    const { messages } = await agent.invoke({
      messages: [new HumanMessage('Get the weather in Paris, then get the population of Paris.')],
    });
    const calls = messages.flatMap((message) =>
      AIMessageChunk.isInstance(message) || message.type === 'ai'
        ? ((message as { tool_calls?: { name: string }[] }).tool_calls ?? []).map(
            (call) => call.name,
          )
        : [],
    );
    expect(calls).toEqual(['get_weather', 'get_population']);
    const final = messages.at(-1)?.text ?? '';
    expect(final).toContain('get_weather: Sunny, 21 C in');
    expect(final).toContain('get_population:');
    expect(final).toContain('2.1 million people');
  });

  it('parallel tool calls in one turn, invoked and streamed', async () => {
    const model = mock.model().bindTools([getWeather, getPopulation]);
    const prompt = 'What are the weather and the population of Rome?';
    const invoked = await model.invoke(prompt);
    let streamed: AIMessageChunk | undefined;
    for await (const chunk of await model.stream(prompt))
      streamed = streamed ? streamed.concat(chunk) : chunk;
    for (const message of [invoked, streamed]) {
      expect(message?.tool_calls?.map((call) => call.name)).toEqual([
        'get_weather',
        'get_population',
      ]);
      for (const call of message?.tool_calls ?? []) {
        expect(call.id).toMatch(/^call_/);
        expect(typeof call.args.city).toBe('string');
      }
    }
  });

  it('structured output by every method parses what the mock generates from the schema', async () => {
    const city = z.object({ name: z.string(), population: z.number().int(), capital: z.boolean() });
    for (const method of ['functionCalling', 'jsonSchema'] as const) {
      const result = await mock
        .model()
        .withStructuredOutput(city, { method, name: 'city' })
        .invoke('Describe Paris as JSON.');
      expect(city.safeParse(result).success).toBe(true);
    }
    // json_object carries no schema: the mock answers {"answer": <its text reply>}
    const answer = z.object({ answer: z.string() });
    const result = await mock
      .model()
      .withStructuredOutput(answer, { method: 'jsonMode' })
      .invoke('Describe Paris as JSON.');
    expect(result.answer).toContain('Describe Paris as JSON.');
  });

  it('a reasoning model thinks before answering, in invoke and stream', async () => {
    const model = mock.model({ model: 'o4-mini', reasoningEffort: 'medium' });
    const invoked = await model.invoke('Why is the sky blue?');
    expect(invoked.additional_kwargs.reasoning_content).toEqual(expect.any(String));
    expect(invoked.usage_metadata?.output_token_details?.reasoning).toBeGreaterThan(0);
    let streamed: AIMessageChunk | undefined;
    for await (const chunk of await model.stream('Why is the sky blue?'))
      streamed = streamed ? streamed.concat(chunk) : chunk;
    expect(streamed?.additional_kwargs.reasoning_content).toBe(
      invoked.additional_kwargs.reasoning_content,
    );
    expect(streamed?.text).toBe(invoked.text);
  });

  it('a model without tool support refuses tools with a BadRequestError naming the parameter', async () => {
    const error = await mock
      .model({ model: 'yandexgpt-lite' })
      .bindTools([getWeather])
      .invoke('Weather in Paris?')
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(BadRequestError.isInstance(error)).toBe(true);
    expect((error as BadRequestError).param).toBe('tools');
  });
});

// Issue 9's agent loop on the mock's own tool rules (no `respond` hook): "then" makes two stages,
// so the model calls get_weather, then get_population (its `city` from the prompt), then answers
// quoting both results verbatim.
const CHAINED = 'Get the weather in Paris, then get the population of Paris.';
const CHAINED_FINAL =
  'Based on the tool results: get_weather: Sunny, 21 C in Paris; get_population: Paris: 2.1 million people.';

type AgentFactory = () => {
  invoke(input: { messages: BaseMessage[] }): Promise<{ messages: BaseMessage[] }>;
  stream(
    input: { messages: BaseMessage[] },
    options: { streamMode: 'messages' },
  ): Promise<AsyncIterable<unknown>>;
};

const agents: [string, AgentFactory][] = [
  [
    'createReactAgent',
    () =>
      createReactAgent({
        llm: mock.model(),
        tools: [getWeather, getPopulation],
      }) as unknown as ReturnType<AgentFactory>,
  ],
  [
    'createAgent',
    () =>
      createAgent({
        model: mock.model(),
        tools: [getWeather, getPopulation],
      }) as unknown as ReturnType<AgentFactory>,
  ],
];

describe.each(agents)('%s on the mock tool rules (two tools, two steps)', (_name, makeAgent) => {
  it('invoke: weather, then population, then an answer quoting both results', async () => {
    const { messages } = await makeAgent().invoke({ messages: [new HumanMessage(CHAINED)] });
    expect(messages.map((message) => message.type)).toEqual([
      'human',
      'ai',
      'tool',
      'ai',
      'tool',
      'ai',
    ]);
    const calls = messages.flatMap((message) => (message as AIMessage).tool_calls ?? []);
    expect(calls).toEqual([
      {
        type: 'tool_call',
        id: expect.stringMatching(/^call_/),
        name: 'get_weather',
        args: { city: 'Paris' },
      },
      {
        type: 'tool_call',
        id: expect.stringMatching(/^call_/),
        name: 'get_population',
        args: { city: 'Paris' },
      },
    ]);
    const results = messages.filter((message) => ToolMessage.isInstance(message)) as ToolMessage[];
    expect(results.map((message) => [message.tool_call_id, message.text])).toEqual([
      [calls[0]?.id, 'Sunny, 21 C in Paris'],
      [calls[1]?.id, 'Paris: 2.1 million people'],
    ]);
    expect(messages.at(-1)?.text).toBe(CHAINED_FINAL);
    // three model calls; the tools stayed bound; the last one carried both results
    const bodies = mock.bodies();
    expect(bodies).toHaveLength(3);
    expect(bodies.every((body) => Array.isArray(body.tools) && body.tools.length === 2)).toBe(true);
    const lastSent = (bodies[2]?.messages ?? []) as Record<string, unknown>[];
    expect(lastSent.filter((message) => message.role === 'tool')).toHaveLength(2);
  });

  it('stream (streamMode "messages"): every tool call is visible and the answer quotes both', async () => {
    const stream = await makeAgent().stream(
      { messages: [new HumanMessage(CHAINED)] },
      { streamMode: 'messages' },
    );
    const streamed: BaseMessage[] = [];
    for await (const item of stream) streamed.push((item as [BaseMessage, unknown])[0]);
    const aiChunks = streamed.filter((message) =>
      AIMessageChunk.isInstance(message),
    ) as AIMessageChunk[];
    // the tool calls as they streamed: a head (id + name) per call, then the argument pieces
    const heads = aiChunks
      .flatMap((chunk) => chunk.tool_call_chunks ?? [])
      .filter((fragment) => fragment.id !== undefined);
    expect(heads.map((fragment) => fragment.name)).toEqual(['get_weather', 'get_population']);
    // each model turn concatenates to its tool call with parsed args
    const turns = new Map<string, AIMessageChunk>();
    for (const chunk of aiChunks) {
      const id = chunk.id ?? '';
      const previous = turns.get(id);
      turns.set(id, previous ? previous.concat(chunk) : chunk);
    }
    const merged = [...turns.values()];
    expect(merged).toHaveLength(3);
    expect(merged.map((turn) => turn.tool_calls?.map((call) => [call.name, call.args]))).toEqual([
      [['get_weather', { city: 'Paris' }]],
      [['get_population', { city: 'Paris' }]],
      [],
    ]);
    expect(merged.map((turn) => turn.tool_calls?.[0]?.id)).toEqual([
      heads[0]?.id,
      heads[1]?.id,
      undefined,
    ]);
    expect(merged[2]?.text).toBe(CHAINED_FINAL);
    expect(merged.every((turn) => (turn.usage_metadata?.input_tokens ?? 0) > 0)).toBe(true);
    const results = streamed.filter((message) => ToolMessage.isInstance(message)) as ToolMessage[];
    expect(results.map((message) => [message.tool_call_id, message.text])).toEqual([
      [heads[0]?.id, 'Sunny, 21 C in Paris'],
      [heads[1]?.id, 'Paris: 2.1 million people'],
    ]);
    // every model call streamed on the wire
    expect(mock.bodies().map((body) => body.stream)).toEqual([true, true, true]);
  });
});
