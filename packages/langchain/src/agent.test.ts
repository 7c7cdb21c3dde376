import {
  type AIMessage,
  AIMessageChunk,
  type BaseMessage,
  HumanMessage,
  ToolMessage,
} from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { InMemoryStore } from '@langchain/langgraph';
import { createReactAgent } from '@langchain/langgraph/prebuilt';
import type { MockChatRequest, MockRespondResult } from '@routify/mock-server';
import { createAgent } from 'langchain';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type ScriptedMock, startScriptedMock } from './mock.test-helper';

let mock: ScriptedMock;
beforeAll(async () => {
  mock = await startScriptedMock();
});
afterAll(() => mock.close());
afterEach(() => mock.reset());

const getWeather = tool(({ city }) => `Sunny and 21 C in ${city}`, {
  name: 'get_weather',
  description: 'Current weather in a city',
  schema: z.object({ city: z.string() }),
});
const getPopulation = tool(({ city }) => `${city} has 2.1 million inhabitants`, {
  name: 'get_population',
  description: 'Population of a city',
  schema: z.object({ city: z.string() }),
});

/**
 * A model that works like a real one in an agent loop: first the weather tool, then the
 * population tool, then an answer quoting both tool results.
 */
function agentScript({ body }: MockChatRequest): MockRespondResult {
  const toolResults = body.messages.filter((message) => message.role === 'tool');
  if (toolResults.length === 0) {
    return {
      content: 'Checking the weather.',
      toolCalls: [{ id: 'call_weather', name: 'get_weather', arguments: { city: 'Paris' } }],
    };
  }
  if (toolResults.length === 1) {
    return {
      toolCalls: [{ id: 'call_population', name: 'get_population', arguments: { city: 'Paris' } }],
    };
  }
  return `Weather: ${String(toolResults[0]?.content)}. Population: ${String(toolResults[1]?.content)}.`;
}

const FINAL = 'Weather: Sunny and 21 C in Paris. Population: Paris has 2.1 million inhabitants.';
const QUESTION = 'What is the weather and population of Paris?';

function expectLoopMessages(messages: BaseMessage[]) {
  expect(messages.map((message) => message.type)).toEqual([
    'human',
    'ai',
    'tool',
    'ai',
    'tool',
    'ai',
  ]);
  const [, first, , second, , final] = messages;
  expect((first as AIMessage).tool_calls?.[0]).toMatchObject({
    id: 'call_weather',
    name: 'get_weather',
    args: { city: 'Paris' },
  });
  expect((second as AIMessage).tool_calls?.[0]).toMatchObject({
    id: 'call_population',
    name: 'get_population',
  });
  expect(final?.text).toBe(FINAL);
  // the history sent on the last turn carries both calls and both results
  const lastMessages = mock.bodies().at(-1)?.messages as Record<string, unknown>[];
  expect(lastMessages.filter((message) => message.role === 'tool')).toEqual([
    { role: 'tool', content: 'Sunny and 21 C in Paris', tool_call_id: 'call_weather' },
    { role: 'tool', content: 'Paris has 2.1 million inhabitants', tool_call_id: 'call_population' },
  ]);
  expect(mock.bodies()).toHaveLength(3);
  for (const body of mock.bodies()) {
    expect(
      (body.tools as { function: { name: string } }[]).map((entry) => entry.function.name),
    ).toEqual(['get_weather', 'get_population']);
  }
}

async function streamMessages(stream: AsyncIterable<unknown>) {
  const tuples: [BaseMessage, Record<string, unknown>][] = [];
  for await (const item of stream) tuples.push(item as [BaseMessage, Record<string, unknown>]);
  const aiChunks = tuples
    .map(([message]) => message)
    .filter((message) => AIMessageChunk.isInstance(message));
  const toolMessages = tuples
    .map(([message]) => message)
    .filter((message) => ToolMessage.isInstance(message));
  const streamedCalls = aiChunks.flatMap(
    (chunk) => (chunk as AIMessageChunk).tool_call_chunks ?? [],
  );
  return { tuples, aiChunks, toolMessages, streamedCalls };
}

describe('LangGraph createReactAgent', () => {
  it('runs a two-tool loop via invoke', async () => {
    mock.script(agentScript);
    const agent = createReactAgent({ llm: mock.model(), tools: [getWeather, getPopulation] });
    const result = await agent.invoke({ messages: [new HumanMessage(QUESTION)] });
    expectLoopMessages(result.messages);
  });

  it('streams every tool call and the final answer with streamMode "messages"', async () => {
    mock.script(agentScript);
    const agent = createReactAgent({ llm: mock.model(), tools: [getWeather, getPopulation] });
    const stream = await agent.stream(
      { messages: [new HumanMessage(QUESTION)] },
      { streamMode: 'messages' },
    );
    const { aiChunks, toolMessages, streamedCalls } = await streamMessages(stream);
    expect(streamedCalls.filter((call) => call.id).map((call) => [call.id, call.name])).toEqual([
      ['call_weather', 'get_weather'],
      ['call_population', 'get_population'],
    ]);
    expect(toolMessages.map((message) => message.text)).toEqual([
      'Sunny and 21 C in Paris',
      'Paris has 2.1 million inhabitants',
    ]);
    const finalRun = aiChunks.filter((chunk) => chunk.id === aiChunks.at(-1)?.id);
    expect(finalRun.map((chunk) => chunk.text).join('')).toBe(FINAL);
    expect(aiChunks.filter((chunk) => (chunk as AIMessageChunk).usage_metadata).length).toBe(3);
    // every model call streamed (stream: true on the wire)
    expect(mock.bodies().every((body) => body.stream === true)).toBe(true);
  });
});

describe('a model bound by the user', () => {
  it('createReactAgent accepts model.bindTools(tools, kwargs) and keeps the kwargs', async () => {
    mock.script(agentScript);
    const llm = mock.model().bindTools([getWeather, getPopulation], { parallel_tool_calls: false });
    const agent = createReactAgent({ llm, tools: [getWeather, getPopulation] });
    const result = await agent.invoke({ messages: [new HumanMessage(QUESTION)] });
    expectLoopMessages(result.messages);
    expect(mock.bodies().every((body) => body.parallel_tool_calls === false)).toBe(true);
  });
});

describe('langchain createAgent', () => {
  it('runs a two-tool loop via invoke', async () => {
    mock.script(agentScript);
    const agent = createAgent({ model: mock.model(), tools: [getWeather, getPopulation] });
    const result = await agent.invoke({ messages: [new HumanMessage(QUESTION)] });
    expectLoopMessages(result.messages);
  });

  it('streams every tool call and the final answer with streamMode "messages"', async () => {
    mock.script(agentScript);
    const agent = createAgent({ model: mock.model(), tools: [getWeather, getPopulation] });
    const stream = await agent.stream(
      { messages: [new HumanMessage(QUESTION)] },
      { streamMode: 'messages' },
    );
    const { aiChunks, streamedCalls, toolMessages } = await streamMessages(stream);
    expect(streamedCalls.filter((call) => call.id).map((call) => call.name)).toEqual([
      'get_weather',
      'get_population',
    ]);
    expect(toolMessages).toHaveLength(2);
    expect(aiChunks.map((chunk) => chunk.text).join('')).toContain(FINAL);
  });

  it('uses native structured output (response_format) because the profile says so', async () => {
    mock.script(({ body }) => {
      const toolResults = body.messages.filter((message) => message.role === 'tool');
      if (toolResults.length === 0) {
        return {
          toolCalls: [{ id: 'call_weather', name: 'get_weather', arguments: { city: 'Paris' } }],
        };
      }
      return JSON.stringify({ city: 'Paris', summary: String(toolResults[0]?.content) });
    });
    const agent = createAgent({
      model: mock.model(),
      tools: [getWeather],
      responseFormat: z.object({ city: z.string(), summary: z.string() }),
    });
    const result = await agent.invoke({
      messages: [new HumanMessage('Weather in Paris, as JSON')],
    });
    expect(result.structuredResponse).toEqual({
      city: 'Paris',
      summary: 'Sunny and 21 C in Paris',
    });
    expect(mock.bodies()[0]?.response_format).toMatchObject({ type: 'json_schema' });
    expect(mock.bodies()[0]).not.toHaveProperty('outputConfig');
  });
});

describe('LangGraph v3 streaming (content-block events)', () => {
  it('reasoning, text and tool calls (a zero-argument one too) come through intact', async () => {
    const now = tool(() => 'noon', {
      name: 'now',
      description: 'Current time',
      schema: z.object({}),
    });
    mock.script(({ body }) => {
      const toolResults = body.messages.filter((message) => message.role === 'tool');
      if (toolResults.length === 0) {
        return {
          reasoning: 'Weather first.',
          content: 'Checking.',
          toolCalls: [{ id: 'call_weather', name: 'get_weather', arguments: { city: 'Paris' } }],
        };
      }
      if (toolResults.length === 1)
        return { toolCalls: [{ id: 'call_now', name: 'now', arguments: '' }] };
      return 'Sunny at noon.';
    });
    const agent = createReactAgent({ llm: mock.model(), tools: [getWeather, now] });
    const run = await agent.streamEvents({ messages: [new HumanMessage('Weather now?')] }, {
      version: 'v3',
    } as never);
    const data: Record<string, unknown>[] = [];
    for await (const event of run as AsyncIterable<{
      method: string;
      params: { data: Record<string, unknown> };
    }>) {
      if (event.method === 'messages') data.push(event.params.data);
    }
    const finished = data
      .filter((entry) => entry.event === 'content-block-finish')
      .map((entry) => entry.content as Record<string, unknown>);
    expect(finished).toContainEqual({ type: 'reasoning', reasoning: 'Weather first.' });
    expect(finished).toContainEqual({ type: 'text', text: 'Checking.' });
    expect(finished).toContainEqual({
      type: 'tool_call',
      id: 'call_weather',
      name: 'get_weather',
      args: { city: 'Paris' },
    });
    expect(finished).toContainEqual({ type: 'tool_call', id: 'call_now', name: 'now', args: {} });
    expect(finished).toContainEqual({ type: 'text', text: 'Sunny at noon.' });
    const bodies = mock.bodies();
    expect(bodies).toHaveLength(3);
    expect(bodies.every((body) => body.stream === true)).toBe(true);
    // the v1-shaped AI message goes back with its reasoning and its tool call
    expect((bodies[1]?.messages as Record<string, unknown>[] | undefined)?.[1]).toEqual({
      role: 'assistant',
      content: 'Checking.',
      tool_calls: [
        {
          id: 'call_weather',
          type: 'function',
          function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
        },
      ],
      reasoning_content: 'Weather first.',
    });
  });
});

describe('LangGraph run config never reaches the request body', () => {
  it('createAgent context (the user run context) and RunControl are not sent', async () => {
    const agent = createAgent({
      model: mock.model(),
      tools: [getWeather],
      contextSchema: z.object({ userSecret: z.string() }),
    });
    const result = await agent.invoke(
      { messages: [new HumanMessage('What is the weather in Paris?')] },
      { context: { userSecret: 'user-data-not-for-the-api' } },
    );
    expect(result.messages.at(-1)?.text).toBe(
      'Based on the tool results: get_weather: Sunny and 21 C in Paris.',
    );
    expect(mock.bodies()).toHaveLength(2);
    for (const body of mock.bodies()) {
      expect(Object.keys(body).sort()).toEqual(['messages', 'model', 'tools']);
      expect(JSON.stringify(body)).not.toContain('user-data-not-for-the-api');
    }
  });

  it('createReactAgent with a store: neither the store nor other runtime keys are sent', async () => {
    const store = new InMemoryStore();
    const agent = createReactAgent({ llm: mock.model(), tools: [getWeather], store });
    await agent.invoke(
      { messages: [new HumanMessage('What is the weather in Paris?')] },
      { configurable: { thread_id: 't1' }, durability: 'exit' },
    );
    expect(mock.bodies()).toHaveLength(2);
    for (const body of mock.bodies()) {
      expect(Object.keys(body).sort()).toEqual(['messages', 'model', 'tools']);
    }
  });

  it('call options that are not JSON data or are tracing keys are not sent; modelKwargs still is', async () => {
    class Handle {
      value = 1;
    }
    await mock.model().invoke('Hi', {
      seed: 7,
      handle_object: new Handle(),
      on_token: () => undefined,
      ls_custom: 'trace',
      context: { a: 1 },
      modelKwargs: { context: 'explicit' },
    } as never);
    expect(mock.bodies()[0]).toEqual({
      model: 'gpt-4.1',
      seed: 7,
      context: 'explicit',
      messages: [{ role: 'user', content: 'Hi' }],
    });
  });
});
