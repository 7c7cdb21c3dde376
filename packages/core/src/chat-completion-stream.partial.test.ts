import { type MockServer, startMockServer } from '@routify/mock-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatCompletionChunk } from './api-types';
import { IncompleteStreamError, StreamError } from './errors';
import { Routify } from './routify';

// Regression (new-user trial): all events of one network read were accumulated before they were
// yielded, so after `break` following 4 chunks `stream.partial` already held the whole answer
// with `finish_reason: 'stop'`. `partial` must be the chunks delivered so far, nothing more.

let server: MockServer;
let client: Routify;
/** The whole SSE body, sent as one network write (one read on the client). */
let body: string | undefined;

beforeAll(async () => {
  server = await startMockServer({
    respond: () =>
      body === undefined
        ? undefined
        : new Response(new TextEncoder().encode(body), {
            headers: { 'content-type': 'text/event-stream' },
          }),
  });
  client = new Routify({ apiKey: 'sk-test-partial-0123', baseURL: server.baseURL, maxRetries: 0 });
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  body = undefined;
  server.reset();
});

const params = {
  model: 'gpt-4.1',
  messages: [{ role: 'user' as const, content: 'Say hello' }],
  stream: true as const,
};

const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
  id: 'chatcmpl-partial',
  object: 'chat.completion.chunk',
  created: 1764460800,
  model: 'gpt-4.1',
  choices: [{ index: 0, delta, finish_reason: finish }],
});
const sse = (data: unknown) => `data: ${JSON.stringify(data)}\n\n`;
const words = ['Hello', '!', ' You', ' asked', ' for', ' a', ' greeting', '.'];
const answer = [
  sse(chunk({ role: 'assistant', content: '' })),
  ...words.map((word) => sse(chunk({ content: word }))),
  sse(chunk({}, 'stop')),
  sse({
    ...chunk({}),
    choices: [],
    usage: { prompt_tokens: 3, completion_tokens: 8, total_tokens: 11 },
  }),
  'data: [DONE]\n\n',
].join('');

const textOf = (chunks: readonly ChatCompletionChunk[]) =>
  chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('');

describe('stream.partial never runs ahead of the consumer (whole body in one read)', () => {
  it.each([1, 2, 4, 9])(
    'break after %i chunks → partial is exactly those chunks, no finish_reason, no usage',
    async (k) => {
      body = answer;
      const stream = await client.chat.completions.create(params);
      const delivered: ChatCompletionChunk[] = [];
      for await (const c of stream) {
        delivered.push(c);
        if (delivered.length === k) break;
      }
      expect(delivered).toHaveLength(k);
      const partial = stream.partial;
      expect(partial.content).toBe(textOf(delivered));
      expect(partial.finish_reason ?? null).toBeNull();
      expect(partial.usage).toBeUndefined();
    },
  );

  it('the mock default reply, broken out of after 4 chunks (the trial case)', async () => {
    const stream = await client.chat.completions.create(params);
    const delivered: ChatCompletionChunk[] = [];
    for await (const c of stream) {
      delivered.push(c);
      if (delivered.length === 4) break;
    }
    expect(stream.partial.content).toBe(textOf(delivered));
    expect(stream.partial.finish_reason ?? null).toBeNull();
  });

  it('grows chunk by chunk while iterating, and is whole at the end', async () => {
    body = answer;
    const stream = await client.chat.completions.create(params);
    const delivered: ChatCompletionChunk[] = [];
    for await (const c of stream) {
      delivered.push(c);
      expect(stream.partial.content).toBe(textOf(delivered));
    }
    expect(stream.partial.content).toBe(words.join(''));
    expect(stream.partial.finish_reason).toBe('stop');
    expect(stream.partial.usage?.total_tokens).toBe(11);
  });

  it('toReadableStream: partial after k reads is exactly the k chunks read', async () => {
    body = answer;
    const stream = await client.chat.completions.create(params);
    const reader = stream.toReadableStream().getReader();
    const delivered: ChatCompletionChunk[] = [];
    for (let i = 0; i < 3; i++) {
      const result = await reader.read();
      if (result.done) throw new Error('ended early');
      delivered.push(result.value);
      expect(stream.partial.content).toBe(textOf(delivered));
    }
    expect(stream.partial.content).toBe('Hello!');
    expect(stream.partial.finish_reason ?? null).toBeNull();
    await reader.cancel();
    expect(stream.partial.content).toBe('Hello!');
  });

  it('an error chunk in the same read as earlier chunks → error.partial is the delivered chunks', async () => {
    body = [
      sse(chunk({ role: 'assistant', content: '' })),
      sse(chunk({ content: 'Hello' })),
      sse(chunk({ content: ' there' })),
      sse({ error: { message: 'Provider disconnected', code: 502 } }),
    ].join('');
    const stream = await client.chat.completions.create(params);
    const delivered: ChatCompletionChunk[] = [];
    const error = await (async () => {
      for await (const c of stream) delivered.push(c);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamError);
    expect(delivered).toHaveLength(3);
    expect((error as StreamError).partial.content).toBe('Hello there');
    expect(stream.partial.content).toBe('Hello there');
  });

  it('a body cut without [DONE] in one read → IncompleteStreamError with every delivered chunk', async () => {
    body = [sse(chunk({ content: 'Hel' })), sse(chunk({ content: 'lo' }))].join('');
    const stream = await client.chat.completions.create(params);
    const reader = stream.toReadableStream().getReader();
    const delivered: ChatCompletionChunk[] = [];
    const error = await (async () => {
      for (;;) {
        const result = await reader.read();
        if (result.done) return undefined;
        delivered.push(result.value);
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IncompleteStreamError);
    expect(delivered).toHaveLength(2);
    expect((error as IncompleteStreamError).partial?.content).toBe('Hello');
  });

  it('a finish_reason chunk still queued at the end of the body counts as a clean end', async () => {
    body = [sse(chunk({ content: 'Hi' })), sse(chunk({}, 'stop'))].join('');
    const stream = await client.chat.completions.create(params);
    const delivered: ChatCompletionChunk[] = [];
    for await (const c of stream) delivered.push(c);
    expect(delivered).toHaveLength(2);
    expect(stream.partial.finish_reason).toBe('stop');
  });
});
