import { AIMessageChunk, HumanMessage } from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
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
