import {
  type MockChatRequest,
  type MockRespondResult,
  type MockServer,
  startMockServer,
} from '@routify/mock-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  APIPromise,
  type ChatCompletion,
  ChatCompletionStream,
  MissingAPIKeyError,
  RateLimitError,
  Routify,
} from './index';
import { VERSION } from './version';

const KEY = 'sk-routify-test-0123456789';
const messages = [{ role: 'user' as const, content: 'Hi there' }];

let server: MockServer;
let reply: ((request: MockChatRequest) => MockRespondResult) | undefined;

beforeAll(async () => {
  server = await startMockServer({ apiKey: KEY, respond: (request) => reply?.(request) });
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  reply = undefined;
  server.reset();
});

const client = (options: ConstructorParameters<typeof Routify>[0] = {}) =>
  new Routify({ apiKey: KEY, baseURL: server.baseURL, ...options });

describe('chat.completions.create (JSON)', () => {
  it('userAgentSuffix: client and call tokens follow the User-Agent on the wire', async () => {
    const adapter = client({ userAgentSuffix: 'routify-js/adapter/1.2.3' });
    await adapter.chat.completions.create({ model: 'gpt-4.1', messages });
    await adapter.chat.completions.create(
      { model: 'gpt-4.1', messages, stream: true },
      { userAgentSuffix: 'ai/7.0.0' },
    );
    await adapter.models.list({ userAgentSuffix: 'ai/7.0.0' });
    // A User-Agent the app sets replaces core's token; the adapter's tokens are kept.
    await adapter
      .withOptions({ defaultHeaders: { 'User-Agent': 'my-app/3' } })
      .chat.completions.create({ model: 'gpt-4.1', messages }, { userAgentSuffix: 'ai/7.0.0' });
    expect(server.requests.map((request) => request.headers['user-agent'])).toEqual([
      `routify-js/core/${VERSION} routify-js/adapter/1.2.3`,
      `routify-js/core/${VERSION} routify-js/adapter/1.2.3 ai/7.0.0`,
      `routify-js/core/${VERSION} routify-js/adapter/1.2.3 ai/7.0.0`,
      'my-app/3 routify-js/adapter/1.2.3 ai/7.0.0',
    ]);
  });

  it('rejects a userAgentSuffix with a line break: the constructor and the call throw TypeError', async () => {
    expect(() => client({ userAgentSuffix: 'app/1\r\nX-Evil: 1' })).toThrow(
      /`userAgentSuffix` contains characters not allowed/,
    );
    await expect(
      client().chat.completions.create(
        { model: 'gpt-4.1', messages },
        { userAgentSuffix: 'app/1\nX-Evil: 1' },
      ),
    ).rejects.toThrow(TypeError);
    expect(server.requests).toHaveLength(0);
  });

  it('returns the chat completion and sends the documented headers and the body as given', async () => {
    const completion = await client({
      defaultHeaders: { 'X-App': 'demo', 'X-Both': 'default' },
    }).chat.completions.create(
      {
        model: 'gpt-4.1',
        messages,
        temperature: 0.2,
        max_tokens: 64,
        provider: { order: ['yandex'] },
      },
      { headers: { 'X-Both': 'call', 'X-Trace': 't-1' } },
    );
    expect(completion.object).toBe('chat.completion');
    expect(completion.model).toBe('gpt-4.1');
    expect(completion.choices[0]?.message.content).toContain('Hi there');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage?.prompt_tokens_details?.cached_tokens).toBe(0);

    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/v1/chat/completions');
    expect(request?.headers).toMatchObject({
      authorization: 'Bearer ***',
      'content-type': 'application/json',
      accept: 'application/json',
      'user-agent': `routify-js/core/${VERSION}`,
      'x-app': 'demo',
      'x-both': 'call',
      'x-trace': 't-1',
    });
    // Unknown keys pass through untouched.
    expect(request?.body).toEqual({
      model: 'gpt-4.1',
      messages,
      temperature: 0.2,
      max_tokens: 64,
      provider: { order: ['yandex'] },
    });
  });

  it('sends reasoning parameters as typed, camelCase reasoningSummary included', async () => {
    const completion = await client().chat.completions.create({
      model: 'o4-mini',
      messages,
      reasoning_effort: 'high',
      reasoningSummary: 'auto',
    });
    expect(completion.usage?.completion_tokens_details?.reasoning_tokens).toEqual(
      expect.any(Number),
    );
    expect(server.requests[0]?.body).toMatchObject({
      reasoning_effort: 'high',
      reasoningSummary: 'auto',
    });
  });

  it('withResponse() gives the status, headers and request id', async () => {
    const { data, response } = await client()
      .chat.completions.create({ model: 'gpt-4.1', messages })
      .withResponse();
    expect(data.object).toBe('chat.completion');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    expect(response.requestId).toBe(server.requests[0]?.requestId);
    expect(response.requestId).toMatch(/^req_/);
    expect(response.headers.get('x-request-id')).toBe(response.requestId);
  });

  it('returns an APIPromise that behaves like a promise', async () => {
    const call = client().chat.completions.create({ model: 'gpt-4.1', messages });
    expect(call).toBeInstanceOf(APIPromise);
    expect(Object.prototype.toString.call(call)).toBe('[object APIPromise]');
    const id = await call.then((completion: ChatCompletion) => completion.id);
    expect(id).toMatch(/^chatcmpl-/);
    let finallyRan = false;
    await call.finally(() => {
      finallyRan = true;
    });
    expect(finallyRan).toBe(true);
    // One request, however many times the promise is awaited.
    expect(server.requests).toHaveLength(1);
    const failed = client({ maxRetries: 0 }).chat.completions.create({ model: 'nope', messages });
    const caught = await failed.catch((error: unknown) => error);
    expect((caught as Error).name).toBe('NotFoundError');
  });

  it('uses a custom fetch', async () => {
    const calls: string[] = [];
    const completion = await client({
      fetch: (input, init) => {
        calls.push(`${init.method} ${input}`);
        return fetch(input, init);
      },
    }).chat.completions.create({ model: 'gpt-4.1', messages });
    expect(completion.object).toBe('chat.completion');
    expect(calls).toEqual([`POST ${server.baseURL}/chat/completions`]);
  });

  it('joins a baseURL with a trailing slash without doubling it', async () => {
    await new Routify({ apiKey: KEY, baseURL: `${server.baseURL}/` }).models.list();
    expect(server.requests[0]?.path).toBe('/v1/models');
  });

  it('rejects a non-object argument with a TypeError', async () => {
    await expect(
      client().chat.completions.create(null as unknown as { model: string; messages: [] }),
    ).rejects.toThrow(TypeError);
  });
});

describe('models.list', () => {
  it('returns the model list with GET /v1/models', async () => {
    const { data, response } = await client().models.list().withResponse();
    expect(data.object).toBe('list');
    expect(data.data.map((model) => model.id)).toContain('gpt-4.1');
    expect(data.data[0]).toMatchObject({ object: 'model', owned_by: expect.any(String) });
    expect(response.status).toBe(200);
    expect(response.requestId).toBe(server.requests[0]?.requestId);
    const [request] = server.requests;
    expect(request).toMatchObject({ method: 'GET', path: '/v1/models', body: undefined });
    expect(request?.headers.accept).toBe('application/json');
    expect(request?.headers['content-type']).toBeUndefined();
  });
});

describe('a missing key', () => {
  it('does not make the constructor throw; each call fails before any I/O', async () => {
    vi.stubEnv('ROUTIFY_API_KEY', '');
    try {
      const keyless = new Routify({ baseURL: server.baseURL });
      expect(keyless.hasApiKey).toBe(false);
      const completion = keyless.chat.completions.create({ model: 'gpt-4.1', messages });
      await expect(completion).rejects.toBeInstanceOf(MissingAPIKeyError);
      await expect(keyless.models.list()).rejects.toThrow(/ROUTIFY_API_KEY/);
      await expect(
        keyless.chat.completions.create({ model: 'gpt-4.1', messages, stream: true }),
      ).rejects.toBeInstanceOf(MissingAPIKeyError);
      expect(server.requests).toHaveLength(0);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('is read from ROUTIFY_API_KEY and ROUTIFY_BASE_URL', async () => {
    vi.stubEnv('ROUTIFY_API_KEY', KEY);
    vi.stubEnv('ROUTIFY_BASE_URL', server.baseURL);
    try {
      const models = await new Routify().models.list();
      expect(models.data.length).toBeGreaterThan(0);
      expect(server.requests[0]?.headers.authorization).toBe('Bearer ***');
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('chat.completions.create (stream: true)', () => {
  it('sends Accept: text/event-stream and stream: true, and resolves to the stream', async () => {
    const { data: stream, response } = await client()
      .chat.completions.create({ model: 'gpt-4.1', messages, stream: true })
      .withResponse();
    expect(stream).toBeInstanceOf(ChatCompletionStream);
    expect(response.status).toBe(200);
    expect(response.requestId).toBe(server.requests[0]?.requestId);
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text).toContain('Hi there');
    expect(stream.partial.content).toBe(text);
    const [request] = server.requests;
    expect(request?.headers.accept).toBe('text/event-stream');
    expect(request?.body).toMatchObject({ model: 'gpt-4.1', stream: true });
  });

  it('maps an error status before the stream to its error, retried like JSON', async () => {
    let count = 0;
    reply = () =>
      count++ === 0
        ? new Response(JSON.stringify({ error: { message: 'busy' } }), {
            status: 503,
            headers: { 'content-type': 'application/json', 'retry-after-ms': '1' },
          })
        : undefined;
    const stream = await client().chat.completions.create({
      model: 'gpt-4.1',
      messages,
      stream: true,
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(1);
    expect(server.requests).toHaveLength(2);

    reply = () =>
      new Response(JSON.stringify({ error: { message: 'slow down' } }), {
        status: 429,
        headers: { 'content-type': 'application/json' },
      });
    const error = await client({ maxRetries: 0 })
      .chat.completions.create({ model: 'gpt-4.1', messages, stream: true })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).upstreamMessage).toBe('slow down');
  });
});

describe('Routify', () => {
  it('exposes its settings with their defaults, never the key', () => {
    const routify = new Routify({ apiKey: KEY });
    expect(routify).toMatchObject({
      baseURL: 'https://api.routify.ru/v1',
      timeout: 600_000,
      idleTimeout: 600_000,
      maxRetries: 2,
      maxRetryDelay: 60,
      hasApiKey: true,
    });
    expect(new Routify({ apiKey: KEY, timeout: 5000 }).idleTimeout).toBe(5000);
    expect(JSON.stringify(routify)).not.toContain(KEY);
    expect(Object.values(routify).map(String).join(' ')).not.toContain(KEY);
  });

  it('withOptions() derives a client with some settings replaced', async () => {
    const base = client();
    const noRetries = base.withOptions({ maxRetries: 0 });
    expect(noRetries.maxRetries).toBe(0);
    expect(base.maxRetries).toBe(2);
    expect(noRetries.baseURL).toBe(base.baseURL);
    await expect(noRetries.models.list()).resolves.toMatchObject({ object: 'list' });
  });
});
