import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import type { MockChatRequest, MockRespondResult, MockServer } from '@routify/mock-server';
import { startMockServer } from '@routify/mock-server';
import { isStepCount, streamText, tool } from 'ai';
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

const fault = (spec: string) => ({ 'x-mock-fault': spec });

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const parts: T[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

// Failures inside and before a stream: every mock fault, as stream parts and through streamText.

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

/** Polls until the mock saw the client close the socket; a deadline, so load only slows it. */
async function waitForClientClosed(): Promise<void> {
  const end = performance.now() + 10_000;
  while (!server.requests[0]?.clientClosed && performance.now() < end) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('doStream failures', () => {
  it('turns an error chunk into an error part with status and isRetryable, then finish error', async () => {
    const errors: unknown[] = [];
    const result = streamText({
      model: provider('gpt-4.1'),
      prompt: 'Hi',
      headers: fault('error-chunk; after=2; code=429; message="rate limited"'),
      onError: ({ error }) => {
        errors.push(error);
      },
    });
    const parts = await collect(result.fullStream);
    const error = parts.find((part) => part.type === 'error');
    expect(error).toBeDefined();
    expect(errors[0]).toMatchObject({
      statusCode: 429,
      isRetryable: true,
      message: 'rate limited',
    });
    expect(await result.finishReason).toBe('error');
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    ['reset; after=2', 'a connection reset'],
    ['close; after=2', 'a connection closed mid-body'],
    ['no-finish; after=2', 'a body that ends with neither finish_reason nor [DONE]'],
  ])('%s (%s) → error part, then finish interrupted', async (spec) => {
    const { parts } = await doStream({
      prompt: userPrompt('Tell me a story'),
      headers: fault(spec),
    });
    expect(types(parts).slice(-2)).toEqual(['error', 'finish']);
    expect(parts.at(-1)).toMatchObject({ finishReason: { unified: 'interrupted' } });
    expect(types(parts).filter((type) => type === 'text-start').length).toBe(
      types(parts).filter((type) => type === 'text-end').length,
    );
  });

  it('never executes a tool call cut by a broken stream', async () => {
    respond = () => ({
      toolCalls: [{ id: 'call_cut', name: 'weather', arguments: { city: 'Paris' } }],
    });
    let executed = false;
    const result = streamText({
      model: provider('gpt-4.1'),
      tools: {
        weather: tool({
          inputSchema: z.object({ city: z.string() }),
          execute: async () => (executed = true),
        }),
      },
      stopWhen: isStepCount(3),
      prompt: 'Weather?',
      headers: fault('reset; after=3'),
      onError: () => {},
    });
    const parts = await collect(result.fullStream);
    expect(parts.some((part) => part.type === 'tool-call')).toBe(false);
    expect(parts.some((part) => part.type === 'error')).toBe(true);
    expect(executed).toBe(false);
    expect(await result.finishReason).toBe('interrupted');
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    ['error-chunk; after=1; choices=true', 502, true],
    ['error-chunk; after=1; code=server_error', undefined, false],
  ])(
    'turns %s into an error part (status %s, retryable %s), then finish error',
    async (spec, status, retryable) => {
      const { parts } = await doStream({ prompt: userPrompt('Hi'), headers: fault(spec) });
      expect(types(parts).filter((type) => type === 'error')).toHaveLength(1);
      expect(parts.find((part) => part.type === 'error')).toMatchObject({
        error: {
          statusCode: status,
          isRetryable: retryable,
          message: 'Provider disconnected unexpectedly',
        },
      });
      expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: { unified: 'error' } });
    },
  );

  it('turns an `event: error` into an error part, then finish error', async () => {
    const { parts } = await doStream({
      prompt: userPrompt('Hi'),
      headers: fault('event-error; after=1; code=503'),
    });
    expect(types(parts).slice(-2)).toEqual(['error', 'finish']);
    expect(parts.at(-2)).toMatchObject({ error: { statusCode: 503, isRetryable: true } });
    expect(parts.at(-1)).toMatchObject({ finishReason: { unified: 'error' } });
  });

  it('throws an APICallError for a cut JSON body answering a stream request', async () => {
    await expect(
      doStream({ prompt: userPrompt('Hi'), headers: fault('truncated-json') }),
    ).rejects.toMatchObject({
      name: 'AI_APICallError',
      statusCode: 200,
      isRetryable: false,
    });
  });

  it.each([
    'no-done',
    'data-after-done',
    'json-to-stream',
    'crlf',
    'cr',
    'no-space',
    'multiline',
    'bom',
    'keep-alive',
    'fields',
    'empty-event',
    'bytewise; size=7',
  ])('reads the same text through the %s fault', async (spec) => {
    const expected = await streamText({ model: provider('gpt-4.1'), prompt: 'Tell me a story' })
      .text;
    const result = streamText({
      model: provider('gpt-4.1'),
      prompt: 'Tell me a story',
      headers: fault(spec),
    });
    expect(await result.text).toBe(expected);
    expect(await result.finishReason).toBe('stop');
  });

  it('completes a stream whose server keeps the socket open after [DONE]', async () => {
    const { parts } = await doStream({
      prompt: userPrompt('Hi'),
      headers: fault('done-keep-open'),
    });
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: { unified: 'stop' } });
    expect(parts.some((part) => part.type === 'error')).toBe(false);
  });

  it('lets ai retry a 429 before the stream, honouring Retry-After', async () => {
    const result = streamText({
      model: provider('gpt-4.1'),
      prompt: 'Hi',
      headers: fault('http-429; times=1; retry-after=0.05'),
    });
    expect((await result.text).length).toBeGreaterThan(0);
    expect(server.requests.map((request) => request.status)).toEqual([429, 200]);
  });

  it('throws a retryable APICallError for an HTTP error before the stream', async () => {
    await expect(
      provider('gpt-4.1').doStream({ prompt: userPrompt('Hi'), headers: fault('http-503') }),
    ).rejects.toMatchObject({ name: 'AI_APICallError', statusCode: 503, isRetryable: true });
  });

  it('closes the server-side socket when the consumer cancels the part stream', async () => {
    const { stream } = await provider('gpt-4.1').doStream({
      prompt: userPrompt('Tell me a long story'),
      headers: fault('stall; after=2'),
    });
    const reader = stream.getReader();
    await reader.read();
    await reader.cancel();
    await waitForClientClosed();
    expect(server.requests[0]?.clientClosed).toBe(true);
  });

  it('closes the server-side socket on abort', async () => {
    const controller = new AbortController();
    const result = streamText({
      model: provider('gpt-4.1'),
      prompt: 'Tell me a long story',
      abortSignal: controller.signal,
      headers: fault('stall; after=2'),
    });
    const reader = result.textStream[Symbol.asyncIterator]();
    await reader.next();
    controller.abort();
    await collect({ [Symbol.asyncIterator]: () => reader }).catch(() => undefined);
    await waitForClientClosed();
    expect(server.requests[0]?.clientClosed).toBe(true);
  });
});
