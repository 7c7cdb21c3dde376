import { type MockServer, startMockServer } from '@routify/mock-server';
import { generateText, isStepCount, Output, streamText, tool } from 'ai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createRoutify, type RoutifyProvider } from './routify-provider';

// The mock's own reply rules (its README, "Reply rules"): tools it decides to call from the
// prompt, JSON generated from the schema sent, reasoning models that think first.

let server: MockServer;
let provider: RoutifyProvider;

beforeAll(async () => {
  server = await startMockServer();
  provider = createRoutify({ apiKey: 'sk-test', baseURL: server.baseURL });
  (globalThis as { AI_SDK_LOG_WARNINGS?: unknown }).AI_SDK_LOG_WARNINGS = false;
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  server.reset();
});

const tools = {
  get_weather: tool({
    description: 'Current weather in a city',
    inputSchema: z.object({ city: z.string(), unit: z.enum(['celsius', 'fahrenheit']) }),
    execute: async ({ city, unit }) => ({ city, unit, temperature: 21 }),
  }),
  get_time: tool({
    description: 'Current time in a time zone',
    inputSchema: z.object({ timezone: z.string() }),
    execute: async ({ timezone }) => `10:00 in ${timezone}`,
  }),
};
const prompt = 'What is the weather in Paris and the time in Tokyo?';
type Body = {
  reasoning_effort?: string;
  stop?: string[];
  messages: Array<Record<string, unknown>>;
};
const body = (index: number) => (server.requests.at(index)?.body ?? { messages: [] }) as Body;

describe('an agent loop against the mock reply rules', () => {
  it('generateText: parallel tool calls, then the answer quoting both results', async () => {
    const result = await generateText({
      model: provider('gpt-4.1'),
      tools,
      stopWhen: isStepCount(5),
      prompt,
    });
    expect(result.steps).toHaveLength(2);
    expect(result.steps[0]?.finishReason).toBe('tool-calls');
    expect(result.steps[0]?.toolCalls.map((call) => [call.toolName, call.input])).toEqual([
      ['get_weather', { city: 'Paris', unit: 'celsius' }],
      ['get_time', { timezone: 'Asia/Tokyo' }],
    ]);
    expect(result.finishReason).toBe('stop');
    expect(result.text).toBe(
      'Based on the tool results: get_weather: {"city":"Paris","unit":"celsius","temperature":21}; get_time: 10:00 in Asia/Tokyo.',
    );
  });

  it('streamText: the same loop, streamed, with the same answer', async () => {
    const generated = await generateText({
      model: provider('gpt-4.1'),
      tools,
      stopWhen: isStepCount(5),
      prompt,
    });
    server.reset();
    const result = streamText({
      model: provider('gpt-4.1'),
      tools,
      stopWhen: isStepCount(5),
      prompt,
    });
    expect(await result.text).toBe(generated.text);
    const steps = await result.steps;
    expect(steps.map((step) => step.finishReason)).toEqual(['tool-calls', 'stop']);
    expect(steps[0]?.toolResults.map((toolResult) => toolResult.toolName)).toEqual([
      'get_weather',
      'get_time',
    ]);
    expect(server.requests.map((request) => (request.body as { stream?: boolean }).stream)).toEqual(
      [true, true],
    );
  });

  it('honours a forced tool choice', async () => {
    const result = await generateText({
      model: provider('gpt-4.1'),
      tools,
      toolChoice: { type: 'tool', toolName: 'get_time' },
      prompt: 'Hello there',
    });
    expect(result.toolCalls.map((call) => call.toolName)).toEqual(['get_time']);
  });

  it('generates structured output from the schema it sends, generate and stream', async () => {
    const schema = z.object({
      city: z.string(),
      days: z.number().int().min(1).max(14),
      tags: z.array(z.string()),
      kind: z.enum(['trip', 'stay']),
    });
    const generated = await generateText({
      model: provider('gpt-4.1'),
      output: Output.object({ schema }),
      prompt: 'Plan a trip to Rome for 5 days',
    });
    expect(schema.parse(generated.output)).toEqual(generated.output);
    expect(generated.output.city).toBe('Rome');
    const streamed = streamText({
      model: provider('gpt-4.1'),
      output: Output.object({ schema }),
      prompt: 'Plan a trip to Rome for 5 days',
    });
    expect(await streamed.output).toEqual(generated.output);
  });

  it('a reasoning model thinks first, in generate and stream, and the reasoning goes back next turn', async () => {
    const first = await generateText({
      model: provider('o4-mini'),
      prompt: 'Say: done',
      reasoning: 'high',
    });
    expect(first.reasoningText?.length).toBeGreaterThan(0);
    expect(first.text).toBe('done');
    expect(first.usage.outputTokenDetails.reasoningTokens).toBeGreaterThan(0);
    expect(body(0).reasoning_effort).toBe('high');

    const streamed = streamText({
      model: provider('o4-mini'),
      prompt: 'Say: done',
      reasoning: 'high',
    });
    expect(await streamed.reasoningText).toBe(first.reasoningText);
    expect(await streamed.text).toBe('done');

    await generateText({
      model: provider('o4-mini'),
      messages: [
        { role: 'user', content: 'Say: done' },
        ...first.response.messages,
        { role: 'user', content: 'Again' },
      ],
    });
    const messages = body(-1).messages;
    expect(messages[1]).toEqual({
      role: 'assistant',
      content: 'done',
      reasoning_content: first.reasoningText,
    });
  });

  it('reports length when maxOutputTokens cuts the answer, and honours stop sequences', async () => {
    const cut = await generateText({
      model: provider('gpt-4.1'),
      prompt: 'Tell me a story',
      maxOutputTokens: 3,
    });
    expect(cut.finishReason).toBe('length');
    expect(cut.usage.outputTokens).toBe(3);
    const streamed = streamText({
      model: provider('gpt-4.1'),
      prompt: 'Tell me a story',
      maxOutputTokens: 3,
    });
    expect(await streamed.text).toBe(cut.text);
    expect(await streamed.finishReason).toBe('length');
    const stopped = await generateText({
      model: provider('gpt-4.1'),
      prompt: 'Say: one two three',
      stopSequences: [' three'],
    });
    expect(stopped.text).toBe('one two');
    expect(stopped.finishReason).toBe('stop');
    expect(body(-1)).toMatchObject({ stop: [' three'] });
  });

  it('a cached second turn reports cache reads', async () => {
    const long = `Summarize: ${'The quick brown fox jumps over the lazy dog. '.repeat(150)}`;
    const first = await generateText({ model: provider('gpt-4.1'), prompt: long });
    expect(first.usage.inputTokenDetails.cacheWriteTokens).toBeGreaterThan(0);
    const second = await generateText({
      model: provider('gpt-4.1'),
      messages: [
        { role: 'user', content: long },
        ...first.response.messages,
        { role: 'user', content: 'Shorter?' },
      ],
    });
    expect(second.usage.inputTokenDetails.cacheReadTokens).toBeGreaterThan(0);
    const {
      noCacheTokens = 0,
      cacheReadTokens = 0,
      cacheWriteTokens = 0,
    } = second.usage.inputTokenDetails;
    expect(noCacheTokens + cacheReadTokens + cacheWriteTokens).toBe(second.usage.inputTokens);
  });
});
