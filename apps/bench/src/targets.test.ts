import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS, WARMUP_CHUNKS } from './bench-config';
import { streamAndCheck } from './consume';
import { type FixtureServer, startFixtureServer } from './fixture-server';
import { expectedText, SMALL_REPLY_TEXT, streamBody } from './fixtures';
import { oneBytePerReadFetch, type ReadCounter } from './one-byte-fetch';
import { createTargets } from './targets/index';
import { createRawTarget } from './targets/raw-target';

// Against the real fixture server (a child process on loopback) and the packages' built dist.
let server: FixtureServer;

beforeAll(async () => {
  server = await startFixtureServer({
    streams: {
      [MODELS.warmup]: { chunks: WARMUP_CHUNKS, firstByteDelayMs: 0 },
      [MODELS.bytes]: { chunks: 20, firstByteDelayMs: 0 },
    },
  });
});

afterAll(async () => {
  await server?.close();
});

describe('fixtures', () => {
  it('are deterministic, multilingual, and end with usage and [DONE]', () => {
    const body = streamBody(40).toString('utf8');
    expect(streamBody(40).toString('utf8')).toBe(body);
    expect(expectedText(40)).toMatch(/Привет.*你好.*😀/s);
    expect(body.startsWith(': OPENROUTER PROCESSING\n\n')).toBe(true);
    expect(body).toContain('"finish_reason":"stop"');
    expect(body).toContain('"choices":[],"usage":{"prompt_tokens":12,"completion_tokens":40');
    expect(body.endsWith('data: [DONE]\n\n')).toBe(true);
  });
});

describe('every target against the fixture server', () => {
  it('streams the exact fixture text and reads the small completion', async () => {
    const targets = createTargets({ baseURL: server.baseURL, apiKey: 'sk-test' });
    expect(targets.map((target) => target.id)).toEqual([
      'raw',
      'core',
      'openai',
      'routify-provider',
      'compatible-provider',
      'routify-streamtext',
      'compatible-streamtext',
      'chat-routify',
      'chat-openai',
    ]);
    for (const target of targets) {
      await streamAndCheck(target, MODELS.warmup, WARMUP_CHUNKS);
      expect(await target.request(MODELS.small), target.id).toBe(SMALL_REPLY_TEXT);
    }
  });

  it('streamAndCheck fails when the text differs', async () => {
    const raw = createRawTarget({ baseURL: server.baseURL, apiKey: 'sk-test' });
    await expect(streamAndCheck(raw, MODELS.warmup, WARMUP_CHUNKS - 1)).rejects.toThrow(
      /raw: the assembled text differs from the fixture at character/,
    );
  });
});

describe('oneBytePerReadFetch', () => {
  it('hands the body over one byte per read, all of it', async () => {
    const counter: ReadCounter = { reads: 0 };
    const response = await oneBytePerReadFetch(counter)(`${server.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODELS.bytes, stream: true, messages: [] }),
    });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const bytes: number[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      expect(value.length).toBe(1);
      bytes.push(value[0] as number);
    }
    expect(Buffer.from(bytes).equals(streamBody(20))).toBe(true);
    expect(counter.reads).toBe(bytes.length);
  });
});
