import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { parseJsonEventStream } from '@ai-sdk/provider-utils';
import type { MockChatRequest, MockRespondResult, MockServer } from '@routify/mock-server';
import { startMockServer } from '@routify/mock-server';
import {
  generateText,
  isStepCount,
  Output,
  readUIMessageStream,
  streamText,
  tool,
  type UIMessage,
  type UIMessageChunk,
  uiMessageChunkSchema,
} from 'ai';
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

const body = (index = 0) => server.requests[index]?.body as Record<string, unknown>;
const lastRole = (request: MockChatRequest) => request.body.messages.at(-1)?.role;

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const parts: T[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

/** The provider's own stream parts (doStream), for exact protocol checks. */
async function doStream(
  options: Parameters<ReturnType<RoutifyProvider>['doStream']>[0],
  modelId = 'gpt-4.1',
) {
  const result = await provider(modelId).doStream(options);
  return {
    ...result,
    parts: await collect(result.stream as unknown as AsyncIterable<LanguageModelV4StreamPart>),
  };
}
const userPrompt = (text: string) => [
  { role: 'user' as const, content: [{ type: 'text' as const, text }] },
];
const types = (parts: Array<{ type: string }>) => parts.map((part) => part.type);

const weatherTool = tool({
  description: 'Weather in a city',
  inputSchema: z.object({ city: z.string() }),
  execute: async ({ city }) => ({ city, celsius: city === 'Paris' ? 21 : 25 }),
});

describe('doStream with streamText', () => {
  it('streams text whose deltas equal the generateText text, asking for usage', async () => {
    const { text } = await generateText({ model: provider('gpt-4.1'), prompt: 'Tell me a story' });
    server.reset();
    const result = streamText({ model: provider('gpt-4.1'), prompt: 'Tell me a story' });
    const deltas = await collect(result.textStream);
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe(text);
    expect(await result.finishReason).toBe('stop');
    expect((await result.usage).outputTokens).toBeGreaterThan(0);
    expect(body()).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect((await result.response).headers?.['x-request-id']).toBe(server.requests[0]?.requestId);
  });

  it('follows the part protocol: stream-start, one response-metadata, a text block, one finish', async () => {
    const { parts, request, response } = await doStream({ prompt: userPrompt('Hello'), topK: 3 });
    expect(parts[0]).toEqual({
      type: 'stream-start',
      warnings: [expect.objectContaining({ feature: 'topK' })],
    });
    expect(parts.filter((part) => part.type === 'response-metadata')).toHaveLength(1);
    expect(parts[1]).toMatchObject({
      type: 'response-metadata',
      modelId: 'gpt-4.1',
      id: expect.any(String),
    });
    const textIds = new Set(
      parts.flatMap((part) => (part.type.startsWith('text-') && 'id' in part ? [part.id] : [])),
    );
    expect(textIds.size).toBe(1);
    expect(
      types(parts)
        .filter((type) => type.startsWith('text-'))
        .at(0),
    ).toBe('text-start');
    expect(
      types(parts)
        .filter((type) => type.startsWith('text-'))
        .at(-1),
    ).toBe('text-end');
    expect(parts.filter((part) => part.type === 'finish')).toHaveLength(1);
    expect(parts.at(-1)).toMatchObject({
      type: 'finish',
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: { inputTokens: { total: expect.any(Number) }, raw: expect.any(Object) },
      providerMetadata: { routify: { requestId: server.requests[0]?.requestId } },
    });
    expect(request?.body).toMatchObject({ stream: true, model: 'gpt-4.1' });
    expect(response?.headers?.['x-request-id']).toBe(server.requests[0]?.requestId);
  });

  it('does not ask for usage when includeUsage is false', async () => {
    const { parts } = await doStream({
      prompt: userPrompt('Hi'),
      providerOptions: { routify: { includeUsage: false } },
    });
    expect(body()).not.toHaveProperty('stream_options');
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: { unified: 'stop' } });
  });

  it('streams reasoning before text, closed before the text starts', async () => {
    respond = () => ({
      reasoning: 'First, think it through.',
      content: 'Answer.',
      usage: { reasoning_tokens: 9 },
    });
    const result = streamText({ model: provider('o4-mini'), prompt: 'Think, then answer.' });
    const parts = await collect(result.fullStream);
    const kinds = types(parts).filter((type) => /^(reasoning|text)-/.test(type));
    expect(kinds[0]).toBe('reasoning-start');
    expect(kinds.indexOf('reasoning-end')).toBeLessThan(kinds.indexOf('text-start'));
    expect((await result.reasoningText)?.length).toBeGreaterThan(0);
    expect((await result.usage).outputTokenDetails.reasoningTokens).toBeGreaterThan(0);
  });

  it('reports usage with cache reads, cache writes and reasoning tokens', async () => {
    respond = () => ({
      content: 'ok',
      usage: {
        prompt_tokens: 100,
        completion_tokens: 30,
        cached_tokens: 60,
        cache_write_tokens: 10,
        reasoning_tokens: 20,
      },
    });
    const result = streamText({ model: provider('gpt-4.1'), prompt: 'Hi' });
    await result.consumeStream();
    expect(await result.usage).toMatchObject({
      inputTokens: 100,
      inputTokenDetails: { noCacheTokens: 30, cacheReadTokens: 60, cacheWriteTokens: 10 },
      outputTokens: 30,
      outputTokenDetails: { textTokens: 10, reasoningTokens: 20 },
      totalTokens: 130,
    });
  });

  it.each([
    ['length', 'length'],
    ['content_filter', 'content-filter'],
    ['stop', 'stop'],
  ] as const)('maps finish reason %s to %s', async (raw, unified) => {
    respond = () => ({ content: 'x', finishReason: raw });
    const result = streamText({ model: provider('gpt-4.1'), prompt: 'Hi' });
    await result.consumeStream();
    expect(await result.finishReason).toBe(unified);
    expect(await result.rawFinishReason).toBe(raw);
  });

  it('runs a streamed multi-step tool loop with parallel tool calls', async () => {
    respond = (request) =>
      lastRole(request) === 'tool'
        ? { content: 'Paris 21°C, Rome 25°C.' }
        : {
            toolCalls: [
              { id: 'call_p', name: 'weather', arguments: { city: 'Paris' } },
              { id: 'call_r', name: 'weather', arguments: { city: 'Rome' } },
            ],
          };
    const result = streamText({
      model: provider('gpt-4.1'),
      tools: { weather: weatherTool },
      stopWhen: isStepCount(3),
      prompt: 'Weather in Paris and Rome?',
    });
    const parts = await collect(result.fullStream);
    expect(
      parts
        .filter((part) => part.type === 'tool-input-start')
        .map((part) => 'id' in part && part.id),
    ).toEqual(['call_p', 'call_r']);
    const deltas = parts.flatMap((part) =>
      part.type === 'tool-input-delta' && part.id === 'call_p' ? [part.delta] : [],
    );
    expect(deltas.join('')).toBe('{"city":"Paris"}');
    expect(
      parts
        .filter((part) => part.type === 'tool-result')
        .map((part) => part.type === 'tool-result' && part.output),
    ).toEqual([
      { city: 'Paris', celsius: 21 },
      { city: 'Rome', celsius: 25 },
    ]);
    const steps = await result.steps;
    expect(steps.map((step) => step.finishReason)).toEqual(['tool-calls', 'stop']);
    expect(await result.text).toBe('Paris 21°C, Rome 25°C.');
    expect(server.requests).toHaveLength(2);
  });

  it('streams structured output with Output.object', async () => {
    const schema = z.object({ city: z.string(), celsius: z.number() });
    respond = (request) =>
      (request.body as { response_format?: { type?: string } }).response_format?.type ===
      'json_schema'
        ? { content: JSON.stringify({ city: 'Paris', celsius: 21 }) }
        : { content: 'not json' };
    const result = streamText({
      model: provider('gpt-4.1'),
      output: Output.object({ schema }),
      prompt: 'Weather as JSON',
    });
    await result.consumeStream();
    expect(await result.output).toEqual({ city: 'Paris', celsius: 21 });
    expect(body().response_format).toMatchObject({
      type: 'json_schema',
      json_schema: { strict: true },
    });
  });

  it('emits raw chunks when includeRawChunks is set', async () => {
    const { parts } = await doStream({ prompt: userPrompt('Hi'), includeRawChunks: true });
    const raw = parts.filter((part) => part.type === 'raw');
    expect(raw.length).toBeGreaterThan(1);
    expect(raw[0]).toMatchObject({ rawValue: { object: 'chat.completion.chunk' } });
    const result = streamText({ model: provider('gpt-4.1'), prompt: 'Hi', includeRawChunks: true });
    expect((await collect(result.fullStream)).some((part) => part.type === 'raw')).toBe(true);
  });

  it('turns a toUIMessageStreamResponse of a tool loop into a UI message', async () => {
    respond = (request) =>
      lastRole(request) === 'tool'
        ? { content: 'It is 21°C.' }
        : { toolCalls: [{ id: 'call_1', name: 'weather', arguments: { city: 'Paris' } }] };
    const result = streamText({
      model: provider('gpt-4.1'),
      tools: { weather: weatherTool },
      stopWhen: isStepCount(3),
      prompt: 'Weather in Paris?',
    });
    const response = result.toUIMessageStreamResponse();
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const chunks = parseJsonEventStream({
      stream: response.body as ReadableStream<Uint8Array>,
      schema: uiMessageChunkSchema,
    });
    const uiChunks = chunks.pipeThrough(
      new TransformStream<
        { success: boolean; value?: UIMessageChunk; error?: unknown },
        UIMessageChunk
      >({
        transform(chunk, controller) {
          if (!chunk.success) throw chunk.error;
          controller.enqueue(chunk.value as UIMessageChunk);
        },
      }),
    );
    let message: UIMessage | undefined;
    for await (const snapshot of readUIMessageStream({ stream: uiChunks, terminateOnError: true }))
      message = snapshot;
    expect(message?.role).toBe('assistant');
    expect(message?.parts).toContainEqual(
      expect.objectContaining({
        type: 'tool-weather',
        toolCallId: 'call_1',
        state: 'output-available',
        input: { city: 'Paris' },
        output: { city: 'Paris', celsius: 21 },
      }),
    );
    expect(message?.parts).toContainEqual(
      expect.objectContaining({ type: 'text', text: 'It is 21°C.' }),
    );
  });
});
