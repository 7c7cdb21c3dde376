import { type MockServer, startMockServer } from '@routify/mock-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type APIError, Routify, StreamError } from './index';

// What an APIError / StreamError message says, over loopback: the retry wording always agrees
// with `isRetryable`, and the upstream's own words (`error.metadata.raw`, flat bodies) are kept.

const KEY = 'sk-routify-messages-0123456789';
const params = { model: 'gpt-4.1', messages: [{ role: 'user' as const, content: 'Hello' }] };

/** The next reply `respond` sends as is (a Response), or `undefined` for the mock's own. */
let reply: (() => Response) | undefined;
let server: MockServer;

beforeAll(async () => {
  server = await startMockServer({ apiKey: KEY, respond: () => reply?.() });
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.reset();
  reply = undefined;
});

const client = () => new Routify({ apiKey: KEY, baseURL: server.baseURL, maxRetries: 0 });
const call = (headers: Record<string, string> = {}) =>
  client()
    .chat.completions.create(params, { headers })
    .then(
      () => {
        throw new Error('expected the call to fail');
      },
      (error: unknown) => error as APIError,
    );

const json = (status: number, body: unknown) => () =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('retry wording follows isRetryable', () => {
  it('regression: a 503 with x-should-retry: false no longer says "it is retryable"', async () => {
    const error = await call({ 'x-mock-fault': 'http-503; should-retry=false' });
    expect(error.isRetryable).toBe(false);
    expect(error.message).not.toMatch(/it is retryable/);
    expect(error.message).toContain('not retryable (the server sent `x-should-retry: false`)');
  });

  it('regression: a 200 error body with a non-status code (500-like, not retryable) no longer says "it is retryable"', async () => {
    reply = json(200, { error: { message: 'Upstream said no', code: 'upstream_error' } });
    const error = await call();
    expect(error.status).toBe(500);
    expect(error.isRetryable).toBe(false);
    expect(error.message).not.toMatch(/it is retryable/);
    expect(error.message).toContain('Upstream said no');
  });

  it('a 400 the server marks retryable (x-should-retry: true) says so', async () => {
    const error = await call({ 'x-mock-fault': 'http-400; should-retry=true' });
    expect(error.isRetryable).toBe(true);
    expect(error.message).toContain('It is retryable (the server sent `x-should-retry: true`).');
  });

  it('a plain 503 still says it is retryable', async () => {
    const error = await call({ 'x-mock-fault': 'http-503' });
    expect(error.isRetryable).toBe(true);
    expect(error.message).toMatch(/it is retryable/);
  });
});

describe("the upstream's own message is kept", () => {
  it('regression: error.metadata.raw (a JSON string) is shown in the message, with the provider', async () => {
    const raw = JSON.stringify({
      type: 'error',
      error: { type: 'overloaded_error', message: 'Overloaded' },
    });
    reply = json(502, {
      error: {
        message: 'Provider returned error',
        code: 502,
        metadata: { provider_name: 'Anthropic', raw },
      },
    });
    const error = await call();
    expect(error.upstreamMessage).toBe('Provider returned error');
    expect(error.provider).toBe('Anthropic');
    expect(error.message).toContain('Provider returned error (Anthropic: Overloaded)');
  });

  it('error.metadata.raw as an object, and as plain text', async () => {
    reply = json(400, {
      error: {
        message: 'Provider returned error',
        code: 400,
        metadata: { raw: { error: { message: 'Invalid schema for function "f"' } } },
      },
    });
    expect((await call()).message).toContain('(upstream: Invalid schema for function "f")');
    reply = json(400, {
      error: { message: 'Provider returned error', metadata: { raw: 'context too long' } },
    });
    expect((await call()).message).toContain('(upstream: context too long)');
  });

  it('regression: a flat error body {message, code} and FastAPI {detail} keep their message', async () => {
    reply = json(400, { message: 'model is required', code: 'missing_model', type: 'invalid' });
    const flat = await call();
    expect(flat.upstreamMessage).toBe('model is required');
    expect(flat.code).toBe('missing_model');
    expect(flat.message).toContain('400 Bad request: model is required');
    reply = json(422, { detail: 'Field required' });
    const detail = await call();
    expect(detail.upstreamMessage).toBe('Field required');
    expect(detail.message).toContain('Field required');
  });

  it('regression: a stream error chunk shows error.metadata.raw too', async () => {
    const raw = JSON.stringify({ error: { message: 'upstream overloaded' } });
    const errorChunk = {
      error: { message: 'Provider returned error', code: 502, metadata: { raw } },
    };
    reply = () =>
      new Response(`data: ${JSON.stringify(errorChunk)}\n\n`, {
        headers: { 'content-type': 'text/event-stream' },
      });
    const stream = await client().chat.completions.create({ ...params, stream: true });
    const error = await (async () => {
      for await (const _ of stream);
    })().catch((e: unknown) => e);
    expect(StreamError.isInstance(error)).toBe(true);
    expect((error as StreamError).message).toContain(
      'Provider returned error (upstream: upstream overloaded)',
    );
  });
});

describe('error bodies are read with a bound', () => {
  it('regression: a giant error page that never ends is cut at 1 MiB instead of read until idleTimeout', async () => {
    const page = `<html><head><title>503 Busy</title></head><body>${'x'.repeat(2 * 1024 * 1024)}`;
    reply = () =>
      new Response(
        new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode(page)); // and never closes
          },
        }),
        { status: 503, headers: { 'content-type': 'text/html' } },
      );
    const error = await client()
      .chat.completions.create(params, { idleTimeout: 5_000 })
      .catch((e: unknown) => e as APIError);
    expect(error.status).toBe(503);
    expect(String(error.body)).toMatch(/^<html><head><title>503 Busy/);
    expect(error.message).toContain('"503 Busy"');
  });
});

describe('an error status with an event-stream body', () => {
  it('regression: a 429 whose body is an SSE error event keeps the message and code', async () => {
    const event = { error: { message: 'Too many streams', code: 'too_many_streams' } };
    reply = () =>
      new Response(`: keep-alive\n\ndata: ${JSON.stringify(event)}\n\n`, {
        status: 429,
        headers: { 'content-type': 'text/event-stream' },
      });
    const error = await call();
    expect(error.status).toBe(429);
    expect(error.upstreamMessage).toBe('Too many streams');
    expect(error.code).toBe('too_many_streams');
    expect(error.body).toEqual(event);
  });
});
