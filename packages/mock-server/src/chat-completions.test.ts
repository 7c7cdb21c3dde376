import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockServer } from './index';
import type { MockServer } from './node-server';
import { AUTH, NOW, post, sseChunks, sseData, streamedText } from './test-helper.test-helper';

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer({ now: () => NOW });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const hello = { model: 'gpt-4.1', messages: [{ role: 'user', content: 'Hi there' }] };

describe('POST /v1/chat/completions (JSON)', () => {
  it('answers with an OpenAI chat.completion, byte for byte', async () => {
    const response = await post(server.baseURL, hello);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
    expect(response.headers.get('date')).toBe('Sun, 30 Nov 2025 00:00:00 GMT');
    const text = await response.text();
    expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength(text)));
    const body = JSON.parse(text);
    expect(body).toEqual({
      id: expect.stringMatching(/^chatcmpl-[0-9A-Za-z]{29}$/),
      object: 'chat.completion',
      created: 1764460800,
      model: 'gpt-4.1',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: 'Hello! You said: "Hi there". This is a mock reply from gpt-4.1.',
            refusal: null,
          },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: {
        prompt_tokens: 6,
        completion_tokens: 22,
        total_tokens: 28,
        prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0 },
      },
      system_fingerprint: 'fp_routify_mock',
    });
  });

  it('gives the same bytes for the same request on a fresh server, new ids for a repeat', async () => {
    const first = await (await post(server.baseURL, hello)).text();
    const repeat = await (await post(server.baseURL, hello)).text();
    server.reset();
    const afterReset = await (await post(server.baseURL, hello)).text();
    const other = await startMockServer({ now: () => NOW });
    try {
      const fresh = await (await post(other.baseURL, hello)).text();
      expect(fresh).toBe(first);
    } finally {
      await other.close();
    }
    expect(afterReset).toBe(first);
    expect(JSON.parse(repeat).id).not.toBe(JSON.parse(first).id);
  });

  it('replies in Russian to a Russian prompt', async () => {
    const body = await (
      await post(server.baseURL, {
        model: 'gpt-4.1',
        messages: [{ role: 'user', content: 'Привет, как дела?' }],
      })
    ).json();
    expect(body.choices[0].message.content).toBe(
      'Здравствуйте! Вы написали: «Привет, как дела?». Это тестовый ответ модели gpt-4.1.',
    );
  });

  it('replies exactly with the text after "Say:"', async () => {
    const body = await (
      await post(server.baseURL, {
        model: 'gpt-4.1',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Say: Hello, world!' },
        ],
      })
    ).json();
    expect(body.choices[0].message.content).toBe('Hello, world!');
  });

  it('quotes a text-part prompt collapsed and shortened to 200 characters', async () => {
    const long = `${'a '.repeat(150)}end`;
    const body = await (
      await post(server.baseURL, {
        model: 'gpt-4.1',
        messages: [{ role: 'user', content: [{ type: 'text', text: long }] }],
      })
    ).json();
    const quoted = `${'a '.repeat(100)}`;
    expect(body.choices[0].message.content).toBe(
      `Hello! You said: "${quoted}…". This is a mock reply from gpt-4.1.`,
    );
  });

  it('cuts before the earliest stop sequence with finish_reason "stop"', async () => {
    const body = await (await post(server.baseURL, { ...hello, stop: ['mock', 'said'] })).json();
    expect(body.choices[0].message.content).toBe('Hello! You ');
    expect(body.choices[0].finish_reason).toBe('stop');
    expect(body.usage.completion_tokens).toBe(4); // "Hello", "!", " You", " "
  });

  it('cuts at max_tokens with finish_reason "length"', async () => {
    const body = await (await post(server.baseURL, { ...hello, max_tokens: 4 })).json();
    expect(body.choices[0].message.content).toBe('Hello! You said');
    expect(body.choices[0].finish_reason).toBe('length');
    expect(body.usage).toMatchObject({ completion_tokens: 4, total_tokens: 10 });
  });
});

describe('POST /v1/chat/completions (SSE)', () => {
  it('streams a role delta, token deltas, finish_reason on the last one, usage, [DONE]', async () => {
    const response = await post(server.baseURL, {
      ...hello,
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
    const text = await response.text();
    const chunks = sseChunks(text);
    const id = chunks[0]?.id as string;
    expect(id).toMatch(/^chatcmpl-[0-9A-Za-z]{29}$/);
    const head = {
      id,
      object: 'chat.completion.chunk',
      created: 1764460800,
      model: 'gpt-4.1',
      system_fingerprint: 'fp_routify_mock',
    };
    expect(chunks[0]).toEqual({
      ...head,
      choices: [{ index: 0, delta: { role: 'assistant' }, logprobs: null, finish_reason: null }],
      usage: null,
    });
    const content = chunks.slice(1, -1);
    expect(content.map((chunk) => chunk.choices[0].delta.content)).toEqual([
      'Hello',
      '!',
      ' You',
      ' said',
      ':',
      ' "',
      'Hi',
      ' there',
      '"',
      '.',
      ' This',
      ' is',
      ' a',
      ' mock',
      ' reply',
      ' from',
      ' gpt',
      '-',
      '4',
      '.',
      '1',
      '.',
    ]);
    for (const [i, chunk] of content.entries()) {
      expect(chunk).toEqual({
        ...head,
        choices: [
          {
            index: 0,
            delta: { content: expect.any(String) },
            logprobs: null,
            finish_reason: i === content.length - 1 ? 'stop' : null,
          },
        ],
        usage: null,
      });
    }
    expect(chunks[chunks.length - 1]).toEqual({
      ...head,
      choices: [],
      usage: {
        prompt_tokens: 6,
        completion_tokens: 22,
        total_tokens: 28,
        prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0 },
      },
    });
    // Exact framing: one `data: <json>` line and a blank line per event.
    expect(text.startsWith(`data: ${JSON.stringify(chunks[0])}\n\n`)).toBe(true);
    expect(
      text.endsWith(`data: ${JSON.stringify(chunks[chunks.length - 1])}\n\ndata: [DONE]\n\n`),
    ).toBe(true);
  });

  it('sends no usage chunk and no usage fields without include_usage', async () => {
    const text = await (await post(server.baseURL, { ...hello, stream: true })).text();
    const chunks = sseChunks(text);
    for (const chunk of chunks) {
      expect(chunk).not.toHaveProperty('usage');
      expect((chunk.choices as unknown[]).length).toBe(1);
    }
    expect(streamedText(chunks)).toBe(
      'Hello! You said: "Hi there". This is a mock reply from gpt-4.1.',
    );
  });

  it('streams the same text and usage as the JSON reply, stop and max_tokens included', async () => {
    for (const extra of [{}, { stop: 'reply' }, { max_tokens: 7 }]) {
      server.reset(); // the second request would read the first one's prompt from the cache
      const json = await (await post(server.baseURL, { ...hello, ...extra })).json();
      const chunks = sseChunks(
        await (
          await post(server.baseURL, {
            ...hello,
            ...extra,
            stream: true,
            stream_options: { include_usage: true },
          })
        ).text(),
      );
      expect(streamedText(chunks)).toBe(json.choices[0].message.content);
      expect(chunks[chunks.length - 2].choices[0].finish_reason).toBe(
        json.choices[0].finish_reason,
      );
      expect(chunks[chunks.length - 1].usage).toEqual({
        ...json.usage,
        prompt_tokens_details: { cached_tokens: 6, cache_write_tokens: 0 },
      });
    }
  });

  it('keeps multi-byte characters whole inside each event', async () => {
    const text = await (
      await post(server.baseURL, {
        model: 'gpt-4.1',
        stream: true,
        messages: [{ role: 'user', content: 'Say: ёжик 🦔 в тумане' }],
      })
    ).text();
    expect(sseData(text).at(-1)).toBe('[DONE]');
    expect(streamedText(sseChunks(text))).toBe('ёжик 🦔 в тумане');
  });
});

describe('several choices (n)', () => {
  it('answers n identical choices, counting n times the completion tokens', async () => {
    const json = await (await post(server.baseURL, { ...hello, n: 2 })).json();
    expect(json.choices.map((choice: { index: number }) => choice.index)).toEqual([0, 1]);
    expect(json.choices[1].message).toEqual(json.choices[0].message);
    expect(json.usage).toMatchObject({ prompt_tokens: 6, completion_tokens: 44, total_tokens: 50 });
  });

  it('streams the choices in turns, one choice per chunk, each with its own finish_reason', async () => {
    const chunks = sseChunks(
      await (await post(server.baseURL, { ...hello, n: 2, stream: true })).text(),
    );
    expect(chunks.slice(0, 4).map((chunk) => chunk.choices[0].index)).toEqual([0, 1, 0, 1]);
    for (const index of [0, 1]) {
      const own = chunks.filter((chunk) => chunk.choices[0].index === index);
      expect(own[0].choices[0].delta).toEqual({ role: 'assistant' });
      expect(own.map((chunk) => chunk.choices[0].delta.content ?? '').join('')).toBe(
        'Hello! You said: "Hi there". This is a mock reply from gpt-4.1.',
      );
      expect(own.at(-1).choices[0].finish_reason).toBe('stop');
    }
  });
});

describe('recording', () => {
  it('records method, path, headers with the key redacted, parsed body and timestamps', async () => {
    await post(server.baseURL, hello, { 'X-Custom': 'yes' });
    expect(server.requests).toHaveLength(1);
    const [record] = server.requests;
    expect(record).toMatchObject({
      method: 'POST',
      path: '/v1/chat/completions',
      body: hello,
      receivedAt: NOW,
      completedAt: NOW,
      status: 200,
      clientClosed: false,
    });
    expect(record?.headers.authorization).toBe('Bearer ***');
    expect(record?.headers['x-custom']).toBe('yes');
    expect(JSON.stringify(server.requests)).not.toContain(AUTH.authorization.slice(7));
  });

  it('keeps a body that is not JSON as raw text', async () => {
    const response = await post(server.baseURL, '{not json');
    expect(response.status).toBe(400);
    expect(server.requests[0]?.body).toBe('{not json');
  });
});
