import { describe, expect, it } from 'vitest';
import { createMockRoutify, DEFAULT_MODELS } from './index';
import { AUTH, NOW, sseChunks, streamedText } from './test-helper.test-helper';

const chat = (mock: ReturnType<typeof createMockRoutify>, body: unknown, init: RequestInit = {}) =>
  mock('https://api.routify.ru/v1/chat/completions', {
    method: 'POST',
    headers: AUTH,
    body: JSON.stringify(body),
    ...init,
  });

describe('createMockRoutify (in-process fetch)', () => {
  it('answers like the server, whatever the origin', async () => {
    const mock = createMockRoutify({ now: () => NOW });
    const response = await chat(mock, {
      model: 'gpt-4.1',
      messages: [{ role: 'user', content: 'Say: ok' }],
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect((await response.json()).choices[0].message.content).toBe('ok');
    expect(mock.requests).toHaveLength(1);
    expect(mock.requests[0]).toMatchObject({
      path: '/v1/chat/completions',
      status: 200,
      completedAt: NOW,
    });
    mock.reset();
    expect(mock.requests).toHaveLength(0);
  });

  it('accepts a Request object and a URL', async () => {
    const mock = createMockRoutify();
    const viaRequest = await mock(new Request('http://x/v1/models', { headers: AUTH }));
    expect(viaRequest.status).toBe(200);
    const viaUrl = await mock(new URL('http://x/v1/models/gpt-4.1'), { headers: AUTH });
    expect(await viaUrl.json()).toEqual({
      id: 'gpt-4.1',
      object: 'model',
      created: 1735689600,
      owned_by: 'openai',
    });
  });

  it('rejects with the abort reason when the signal is already aborted', async () => {
    const mock = createMockRoutify();
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(
      chat(
        mock,
        { model: 'gpt-4.1', messages: [{ role: 'user', content: 'x' }] },
        { signal: controller.signal },
      ),
    ).rejects.toThrow('stop');
  });

  it('marks clientClosed when the body is cancelled or the signal aborts mid-stream', async () => {
    const mock = createMockRoutify();
    const body = { model: 'gpt-4.1', stream: true, messages: [{ role: 'user', content: 'hi' }] };
    const cancelled = await chat(mock, body);
    const reader = cancelled.body?.getReader();
    await reader?.read();
    await reader?.cancel();
    expect(mock.requests[0]?.clientClosed).toBe(true);

    const controller = new AbortController();
    const aborted = await chat(mock, body, { signal: controller.signal });
    const second = aborted.body?.getReader();
    await second?.read();
    controller.abort();
    await expect(second?.read()).rejects.toThrow();
    expect(mock.requests[1]?.clientClosed).toBe(true);
    expect(mock.requests[1]?.clientClosedAt).toEqual(expect.any(Number));

    const complete = await chat(mock, body);
    expect(streamedText(sseChunks(await complete.text()))).toContain('Hello!');
    expect(mock.requests[2]?.clientClosed).toBe(false);
  });
});

describe('catalog', () => {
  it('lists the default catalog in OpenAI list shape', async () => {
    const mock = createMockRoutify();
    const response = await mock('http://x/v1/models', { headers: AUTH });
    expect(await response.json()).toEqual({
      object: 'list',
      data: DEFAULT_MODELS.map((model) => ({
        id: model.id,
        object: 'model',
        created: model.created,
        owned_by: model.ownedBy,
      })),
    });
    expect(DEFAULT_MODELS.map((model) => model.id)).toEqual([
      'gpt-4.1',
      'gpt-4.1-mini',
      'o4-mini',
      'deepseek-reasoner',
      'gpt-4o-audio-preview',
      'yandexgpt-lite',
    ]);
  });

  it('merges `models` over the defaults by id, or replaces them with a function', async () => {
    const custom = {
      id: 'my-model',
      ownedBy: 'me',
      provider: 'acme',
      created: 1,
      capabilities: {
        tools: false,
        jsonSchema: false,
        jsonObject: false,
        vision: false,
        reasoning: false,
      },
    };
    const merged = createMockRoutify({ models: [custom] });
    const ids = (await (await merged('http://x/v1/models', { headers: AUTH })).json()).data.map(
      (model: { id: string }) => model.id,
    );
    expect(ids).toEqual([...DEFAULT_MODELS.map((model) => model.id), 'my-model']);
    const refused = await chat(merged, {
      model: 'my-model',
      messages: [{ role: 'user', content: 'x' }],
      tools: [{ type: 'function', function: { name: 'f' } }],
    });
    expect((await refused.json()).error.message).toBe(
      "Provider acme rejected the request: model 'my-model' does not support the parameter 'tools'.",
    );
    const only = createMockRoutify({ models: () => [custom] });
    const list = await (await only('http://x/v1/models', { headers: AUTH })).json();
    expect(list.data).toEqual([{ id: 'my-model', object: 'model', created: 1, owned_by: 'me' }]);
    expect(
      (await chat(only, { model: 'gpt-4.1', messages: [{ role: 'user', content: 'x' }] })).status,
    ).toBe(404);
  });
});
