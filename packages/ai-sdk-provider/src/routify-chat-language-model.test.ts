import type { MockChatRequest, MockRespondResult, MockServer } from '@routify/mock-server';
import { startMockServer } from '@routify/mock-server';
import { generateText, isStepCount, Output, tool } from 'ai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createRoutify, type RoutifyProvider } from './routify-provider';

let server: MockServer;
let provider: RoutifyProvider;
let respond: ((request: MockChatRequest) => MockRespondResult) | undefined;

beforeAll(async () => {
  server = await startMockServer({
    respond: (request) => respond?.(request),
    cacheWriteThreshold: 16,
  });
  provider = createRoutify({ apiKey: 'sk-test', baseURL: server.baseURL });
  (globalThis as { AI_SDK_LOG_WARNINGS?: unknown }).AI_SDK_LOG_WARNINGS = false;
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  respond = undefined;
  server.reset();
});

type Body = Record<string, unknown> & { messages: Array<Record<string, unknown>> };
const body = (index = 0) => server.requests[index]?.body as Body;
const lastRole = (request: MockChatRequest) => request.body.messages.at(-1)?.role;

const weatherTool = tool({
  description: 'Weather in a city',
  inputSchema: z.object({ city: z.string() }),
  execute: async ({ city }) => ({ city, celsius: city === 'Paris' ? 21 : 25 }),
});

describe('doGenerate with generateText', () => {
  it('generates text with finish reason, usage, metadata, request and response', async () => {
    const result = await generateText({
      model: provider('gpt-4.1'),
      prompt: 'Say hello',
      maxOutputTokens: 50,
    });
    expect(result.text.length).toBeGreaterThan(0);
    expect(result.finishReason).toBe('stop');
    expect(result.rawFinishReason).toBe('stop');
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(result.usage.outputTokens).toBeGreaterThan(0);
    expect(result.usage.inputTokenDetails.noCacheTokens).toBe(result.usage.inputTokens);
    expect(body()).toMatchObject({
      model: 'gpt-4.1',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'Say hello' }],
    });
    expect(body()).not.toHaveProperty('stream');
    const requestId = server.requests[0]?.requestId;
    expect(result.response.headers?.['x-request-id']).toBe(requestId);
    expect(result.providerMetadata?.routify?.requestId).toBe(requestId);
    expect(result.response.modelId).toBe('gpt-4.1');
    expect(result.response.id).toMatch(/\S/);
    expect(result.response.timestamp).toBeInstanceOf(Date);
  });

  it('returns the request body sent and the response body received', async () => {
    const result = await generateText({
      model: provider('gpt-4.1'),
      prompt: 'Hi',
      include: { requestBody: true, responseBody: true },
    });
    expect(result.request.body).toEqual(body());
    expect(result.response.body).toMatchObject({
      id: result.response.id,
      object: 'chat.completion',
    });
  });

  it('returns reasoning from a reasoning model, with reasoning tokens', async () => {
    respond = () => ({
      reasoning: 'Primes below 10: 2, 3, 5, 7.',
      content: 'Four.',
      usage: { reasoning_tokens: 12 },
    });
    const result = await generateText({
      model: provider('o4-mini'),
      prompt: 'How many primes below 10?',
    });
    expect(result.reasoningText?.length).toBeGreaterThan(0);
    expect(result.text.length).toBeGreaterThan(0);
    expect(result.usage.outputTokenDetails.reasoningTokens).toBeGreaterThan(0);
    expect(result.usage.outputTokenDetails.textTokens).toBe(
      (result.usage.outputTokens ?? 0) - (result.usage.outputTokenDetails.reasoningTokens ?? 0),
    );
  });

  it('runs a multi-step tool loop (stopWhen) and sends tool results back', async () => {
    respond = (request) =>
      lastRole(request) === 'tool'
        ? { content: 'It is 21°C in Paris.' }
        : { toolCalls: [{ id: 'call_w1', name: 'weather', arguments: { city: 'Paris' } }] };
    const result = await generateText({
      model: provider('gpt-4.1'),
      tools: { weather: weatherTool },
      stopWhen: isStepCount(5),
      prompt: 'Weather in Paris?',
    });
    expect(result.steps).toHaveLength(2);
    expect(result.steps[0]?.finishReason).toBe('tool-calls');
    expect(result.steps[0]?.toolCalls).toEqual([
      expect.objectContaining({
        toolCallId: 'call_w1',
        toolName: 'weather',
        input: { city: 'Paris' },
      }),
    ]);
    expect(result.text).toBe('It is 21°C in Paris.');
    expect(body(0).tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'weather',
          description: 'Weather in a city',
          parameters: expect.objectContaining({ type: 'object' }),
        },
      },
    ]);
    expect(body(1).messages.slice(-2)).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_w1',
            type: 'function',
            function: { name: 'weather', arguments: '{"city":"Paris"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_w1', content: '{"city":"Paris","celsius":21}' },
    ]);
  });

  it('executes parallel tool calls of one step', async () => {
    respond = (request) =>
      lastRole(request) === 'tool'
        ? { content: 'Paris 21°C, Rome 25°C.' }
        : {
            toolCalls: [
              { id: 'call_p', name: 'weather', arguments: { city: 'Paris' } },
              { id: 'call_r', name: 'weather', arguments: { city: 'Rome' } },
            ],
          };
    const result = await generateText({
      model: provider('gpt-4.1'),
      tools: { weather: weatherTool },
      stopWhen: isStepCount(3),
      prompt: 'Weather in Paris and Rome?',
    });
    expect(result.steps[0]?.toolResults.map((toolResult) => toolResult.output)).toEqual([
      { city: 'Paris', celsius: 21 },
      { city: 'Rome', celsius: 25 },
    ]);
    expect(body(1).messages.filter((message) => message.role === 'tool')).toEqual([
      { role: 'tool', tool_call_id: 'call_p', content: '{"city":"Paris","celsius":21}' },
      { role: 'tool', tool_call_id: 'call_r', content: '{"city":"Rome","celsius":25}' },
    ]);
    expect(result.text).toBe('Paris 21°C, Rome 25°C.');
  });

  it('treats empty tool arguments as {} and honours toolChoice', async () => {
    respond = (request) =>
      lastRole(request) === 'tool'
        ? { content: 'done' }
        : { toolCalls: [{ id: 'call_t', name: 'time', arguments: '' }] };
    const result = await generateText({
      model: provider('gpt-4.1'),
      tools: { time: tool({ inputSchema: z.object({}), execute: async () => '12:00' }) },
      toolChoice: { type: 'tool', toolName: 'time' },
      prompt: 'Time?',
    });
    expect(result.toolCalls).toEqual([expect.objectContaining({ toolName: 'time', input: {} })]);
    expect(body(0).tool_choice).toEqual({ type: 'function', function: { name: 'time' } });
  });

  it('generates structured output with Output.object and a strict json_schema', async () => {
    const schema = z.object({ name: z.string(), age: z.number(), tags: z.array(z.string()) });
    respond = (request) =>
      (request.body as { response_format?: { type?: string } }).response_format?.type ===
      'json_schema'
        ? { content: JSON.stringify({ name: 'Ada', age: 36, tags: ['math'] }) }
        : { content: 'not json' };
    const result = await generateText({
      model: provider('gpt-4.1'),
      output: Output.object({ schema }),
      prompt: 'Invent a person.',
    });
    expect(result.output).toEqual({ name: 'Ada', age: 36, tags: ['math'] });
    expect(body().response_format).toEqual({
      type: 'json_schema',
      json_schema: {
        name: 'response',
        schema: expect.objectContaining({ type: 'object' }),
        strict: true,
      },
    });
  });

  it('sends an Output.object name with spaces or non-ASCII letters as a json_schema name the API accepts', async () => {
    const schema = z.object({ a: z.string() });
    for (const [name, sent] of [
      ['person info', 'person_info'],
      ['Персона', 'response'],
    ]) {
      server.reset();
      const result = await generateText({
        model: provider('gpt-4.1'),
        output: Output.object({ schema, name }),
        prompt: 'Invent a thing.',
      });
      expect(result.output).toEqual({ a: expect.any(String) });
      expect(server.requests[0]?.status).toBe(200);
      expect(body().response_format).toMatchObject({ json_schema: { name: sent } });
    }
  });

  it('generates structured output on a model without json_schema when structuredOutputs is false', async () => {
    const schema = z.object({ city: z.string(), population: z.number() });
    const result = await generateText({
      model: provider('deepseek-reasoner'),
      output: Output.object({ schema }),
      prompt: 'Describe a city.',
      providerOptions: { routify: { structuredOutputs: false } },
    });
    expect(server.requests[0]?.status).toBe(200);
    expect(result.output).toEqual({ city: expect.any(String), population: expect.any(Number) });
    expect(body().response_format).toEqual({ type: 'json_object' });
    expect(body().messages[0]).toMatchObject({
      role: 'system',
      content: expect.stringContaining('"population"'),
    });
    expect(body().structuredOutputs).toBeUndefined();
  });

  it('sends image URLs as URLs (not downloaded) and bytes as data URLs', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
    await generateText({
      model: provider('gpt-4.1'),
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Compare these.' },
            { type: 'image', image: new URL('https://images.invalid/cat.png') },
            { type: 'image', image: png, mediaType: 'image/png' },
          ],
        },
      ],
    });
    expect(body().messages[0]?.content).toEqual([
      { type: 'text', text: 'Compare these.' },
      { type: 'image_url', image_url: { url: 'https://images.invalid/cat.png' } },
      {
        type: 'image_url',
        image_url: { url: `data:image/png;base64,${Buffer.from(png).toString('base64')}` },
      },
    ]);
  });

  it('converts every prompt part kind onto the wire', async () => {
    // the mock may refuse `file` parts for this model (a 400): the recorded body is what counts
    await generateText({
      maxRetries: 0,
      model: provider('gpt-4.1'),
      system: 'Be brief.',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Read these.' },
            { type: 'file', data: new TextEncoder().encode('notes'), mediaType: 'text/plain' },
            {
              type: 'file',
              data: Buffer.from('%PDF-1.4').toString('base64'),
              mediaType: 'application/pdf',
              filename: 'a.pdf',
            },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'They want a summary.' },
            { type: 'text', text: 'Looking.' },
            { type: 'tool-call', toolCallId: 'c1', toolName: 'lookup', input: { q: 'x' } },
          ],
        },
        {
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              toolCallId: 'c1',
              toolName: 'lookup',
              output: { type: 'json', value: { hits: 1 } },
            },
          ],
        },
        { role: 'user', content: 'Summarize.' },
      ],
    }).catch(() => undefined);
    expect(body().messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Read these.' },
          { type: 'text', text: 'notes' },
          {
            type: 'file',
            file: {
              filename: 'a.pdf',
              file_data: `data:application/pdf;base64,${Buffer.from('%PDF-1.4').toString('base64')}`,
            },
          },
        ],
      },
      {
        role: 'assistant',
        content: 'Looking.',
        reasoning_content: 'They want a summary.',
        tool_calls: [
          { id: 'c1', type: 'function', function: { name: 'lookup', arguments: '{"q":"x"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'c1', content: '{"hits":1}' },
      { role: 'user', content: 'Summarize.' },
    ]);
  });

  it('passes providerOptions through to the body; typed keys win', async () => {
    await generateText({
      model: provider('o4-mini'),
      prompt: 'Hi',
      temperature: 0.2,
      reasoning: 'low',
      providerOptions: {
        routify: {
          reasoningEffort: 'high',
          user: 'u-42',
          verbosity: 'low',
          temperature: 0.7,
          metadata: { team: 'a' },
        },
      },
    });
    expect(body()).toMatchObject({
      reasoning_effort: 'high',
      user: 'u-42',
      verbosity: 'low',
      temperature: 0.7,
      metadata: { team: 'a' },
    });
    expect(body()).not.toHaveProperty('reasoningEffort');
  });

  it('maps the reasoning option, with warnings where it must adapt', async () => {
    const minimal = await generateText({
      model: provider('o4-mini'),
      prompt: 'Hi',
      reasoning: 'minimal',
    });
    expect(body(0).reasoning_effort).toBe('low');
    expect(minimal.warnings).toEqual([
      expect.objectContaining({ type: 'compatibility', feature: 'reasoning' }),
    ]);
    const max = await generateText({ model: provider('o4-mini'), prompt: 'Hi', reasoning: 'max' });
    expect(body(1).reasoning_effort).toBe('xhigh');
    expect(max.warnings).toEqual([
      expect.objectContaining({ type: 'compatibility', feature: 'reasoning' }),
    ]);
    const none = await generateText({
      model: provider('o4-mini'),
      prompt: 'Hi',
      reasoning: 'none',
    });
    expect(body(2)).not.toHaveProperty('reasoning_effort');
    expect(none.warnings).toEqual([
      expect.objectContaining({ type: 'unsupported', feature: 'reasoning' }),
    ]);
    const byDefault = await generateText({
      model: provider('o4-mini'),
      prompt: 'Hi',
      reasoning: 'provider-default',
    });
    expect(body(3)).not.toHaveProperty('reasoning_effort');
    expect(byDefault.warnings).toEqual([]);
  });

  it('reports cache reads and writes in usage', async () => {
    const prompt = 'Tell me about caching. '.repeat(20);
    const first = await generateText({ model: provider('gpt-4.1'), prompt });
    const second = await generateText({ model: provider('gpt-4.1'), prompt });
    expect(first.usage.inputTokenDetails.cacheWriteTokens).toBeGreaterThan(0);
    expect(second.usage.inputTokenDetails.cacheReadTokens).toBeGreaterThan(0);
    for (const { usage } of [first, second]) {
      const {
        noCacheTokens = 0,
        cacheReadTokens = 0,
        cacheWriteTokens = 0,
      } = usage.inputTokenDetails;
      expect(noCacheTokens + cacheReadTokens + cacheWriteTokens).toBe(usage.inputTokens);
    }
  });
});
