import { LoadAPIKeyError, NoSuchModelError } from '@ai-sdk/provider';
import { type MockServer, startMockServer } from '@routify/mock-server';
import { createProviderRegistry, generateText } from 'ai';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { RoutifyChatLanguageModel } from './routify-chat-language-model';
import { createRoutify, routify } from './routify-provider';

let server: MockServer;
const logged: unknown[] = [];

beforeAll(async () => {
  server = await startMockServer();
  (globalThis as { AI_SDK_LOG_WARNINGS?: unknown }).AI_SDK_LOG_WARNINGS = (options: unknown) =>
    logged.push(options);
});
afterAll(async () => {
  await server.close();
  (globalThis as { AI_SDK_LOG_WARNINGS?: unknown }).AI_SDK_LOG_WARNINGS = undefined;
});
afterEach(() => {
  vi.unstubAllEnvs();
  server.reset();
  logged.length = 0;
});

describe('createRoutify', () => {
  it('is a callable ProviderV4 with languageModel and chat', () => {
    const provider = createRoutify({ apiKey: 'k' });
    expect(provider.specificationVersion).toBe('v4');
    for (const model of [
      provider('gpt-4.1'),
      provider.languageModel('gpt-4.1'),
      provider.chat('gpt-4.1'),
    ]) {
      expect(model).toBeInstanceOf(RoutifyChatLanguageModel);
      expect(model.specificationVersion).toBe('v4');
      expect(model.provider).toBe('routify.chat');
      expect(model.modelId).toBe('gpt-4.1');
    }
    expect(createRoutify({ name: 'acme' })('x').provider).toBe('acme.chat');
  });

  it('throws NoSuchModelError for embedding and image models', () => {
    expect(() => routify.embeddingModel('text-embedding-3-small')).toThrow(NoSuchModelError);
    expect(() => routify.imageModel('dall-e-3')).toThrow(NoSuchModelError);
    try {
      routify.imageModel('dall-e-3');
    } catch (error) {
      expect(error).toMatchObject({ modelId: 'dall-e-3', modelType: 'imageModel' });
    }
  });

  it('never exposes the key in a serialized model or provider', async () => {
    const provider = createRoutify({ apiKey: 'sk-very-secret', baseURL: server.baseURL });
    const model = provider('gpt-4.1');
    await generateText({ model, prompt: 'Hi' });
    expect(JSON.stringify(model)).not.toContain('sk-very-secret');
    expect(JSON.stringify({ provider })).not.toContain('sk-very-secret');
    expect(JSON.stringify(server.requests)).not.toContain('sk-very-secret');
  });

  it('refuses `new`', () => {
    const Provider = createRoutify() as unknown as new (id: string) => unknown;
    expect(() => new Provider('gpt-4.1')).toThrow(/without `new`/);
  });

  it('imports without a key, and fails at call time with LoadAPIKeyError before any request', async () => {
    vi.stubEnv('ROUTIFY_API_KEY', undefined as unknown as string);
    vi.stubEnv('ROUTIFY_BASE_URL', server.baseURL);
    const model = routify('gpt-4.1');
    await expect(generateText({ model, prompt: 'Hi', maxRetries: 0 })).rejects.toSatisfy(
      (error) =>
        LoadAPIKeyError.isInstance(error) && /ROUTIFY_API_KEY/.test((error as Error).message),
    );
    expect(server.requests).toHaveLength(0);
  });

  it('fails an empty or blank key with a LoadAPIKeyError naming createRoutify, before any request', async () => {
    vi.stubEnv('ROUTIFY_API_KEY', '');
    for (const model of [
      createRoutify({ apiKey: '', baseURL: server.baseURL })('gpt-4.1'),
      createRoutify({ apiKey: '  ', baseURL: server.baseURL })('gpt-4.1'),
      createRoutify({ baseURL: server.baseURL })('gpt-4.1'),
    ]) {
      await expect(generateText({ model, prompt: 'Hi', maxRetries: 0 })).rejects.toSatisfy(
        (error) =>
          LoadAPIKeyError.isInstance(error) &&
          /createRoutify\(\) or the ROUTIFY_API_KEY/.test((error as Error).message),
      );
    }
    expect(server.requests).toHaveLength(0);
  });

  it('reads ROUTIFY_API_KEY and ROUTIFY_BASE_URL when the model is called', async () => {
    vi.stubEnv('ROUTIFY_API_KEY', 'sk-env-key');
    vi.stubEnv('ROUTIFY_BASE_URL', `${server.baseURL}/`);
    const { text } = await generateText({ model: routify('gpt-4.1'), prompt: 'Hi' });
    expect(text.length).toBeGreaterThan(0);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.path).toBe('/v1/chat/completions');
    expect(server.requests[0]?.headers.authorization).toBe('Bearer ***');
  });

  it('treats a blank ROUTIFY_BASE_URL as unset, as core does', async () => {
    vi.stubEnv('ROUTIFY_BASE_URL', ' ');
    const urls: string[] = [];
    const provider = createRoutify({
      apiKey: 'k',
      // the mock answers by path, whatever the origin
      fetch: (url, init) => {
        urls.push(String(url));
        return server.fetch(url, init);
      },
    });
    const { text } = await generateText({ model: provider('gpt-4.1'), prompt: 'Say: ok' });
    expect(text).toBe('ok');
    expect(urls).toEqual(['https://api.routify.ru/v1/chat/completions']);
  });

  it('sends settings headers, per-call headers and a User-Agent naming the provider', async () => {
    const provider = createRoutify({
      apiKey: 'k',
      baseURL: server.baseURL,
      headers: { 'x-app': 'demo' },
    });
    await generateText({ model: provider('gpt-4.1'), prompt: 'Hi', headers: { 'x-call': 'one' } });
    const headers = server.requests[0]?.headers ?? {};
    expect(headers['x-app']).toBe('demo');
    expect(headers['x-call']).toBe('one');
    expect(headers['user-agent']).toMatch(
      /^routify-js\/core\/\S+ routify-js\/ai-sdk-provider\/\S+ ai\/7\./,
    );
  });

  it("a User-Agent in settings headers replaces core's token; the provider and ai tokens stay", async () => {
    const provider = createRoutify({
      apiKey: 'k',
      baseURL: server.baseURL,
      headers: { 'User-Agent': 'my-app/3' },
    });
    await generateText({ model: provider('gpt-4.1'), prompt: 'Hi' });
    await generateText({
      model: provider('gpt-4.1'),
      prompt: 'Hi',
      headers: { 'user-agent': 'my-call/1' },
    });
    const [first, second] = server.requests.map((request) => request.headers['user-agent']);
    expect(first).toMatch(/^my-app\/3 routify-js\/ai-sdk-provider\/\S+ ai\/7\.\S+$/);
    expect(first).not.toContain('routify-js/core/');
    // a per-call user-agent is appended too, never replacing the client's
    expect(second).toMatch(/^my-app\/3 routify-js\/ai-sdk-provider\/\S+ my-call\/1 ai\/7\./);
  });

  it('uses a custom fetch', async () => {
    const calls: string[] = [];
    const provider = createRoutify({
      apiKey: 'k',
      baseURL: server.baseURL,
      fetch: (input, init) => {
        calls.push(String(input));
        return fetch(input, init);
      },
    });
    await generateText({ model: provider('gpt-4.1'), prompt: 'Hi' });
    expect(calls).toEqual([`${server.baseURL}/chat/completions`]);
  });

  it('resolves routify:gpt-4.1 from createProviderRegistry natively, without a compatibility warning', async () => {
    vi.stubEnv('ROUTIFY_API_KEY', 'sk-env-key');
    vi.stubEnv('ROUTIFY_BASE_URL', server.baseURL);
    const registry = createProviderRegistry({ routify });
    const model = registry.languageModel('routify:gpt-4.1');
    expect(model).toBeInstanceOf(RoutifyChatLanguageModel);
    const { text } = await generateText({ model, prompt: 'Hi' });
    expect(text.length).toBeGreaterThan(0);
    expect(JSON.stringify(logged)).not.toMatch(/specificationVersion|compatibility mode/);
  });
});
