import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countTokens, startMockServer } from './index';
import type { MockServer } from './node-server';
import { post, sseChunks, streamedText } from './test-helper.test-helper';

// Report 1 of the mock-server review: `file` (PDF) and `input_audio` parts were refused with
// "Supported values are: 'text' and 'image_url'" although OpenAI chat completions accept them.

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer();
});
afterAll(() => server.close());

const pdf = {
  type: 'file',
  file: { filename: 'report.pdf', file_data: 'data:application/pdf;base64,JVBERi0xLjQK' },
};
const audio = { type: 'input_audio', input_audio: { data: 'UklGRiQAAABXQVZF', format: 'wav' } };
const text = { type: 'text', text: 'Summarize this' };

describe('file and input_audio content parts (report 1)', () => {
  it('accepts a PDF file part on a model with vision (files follow vision by default)', async () => {
    const body = { model: 'gpt-4.1', messages: [{ role: 'user', content: [text, pdf, pdf] }] };
    const json = await (await post(server.baseURL, body)).json();
    expect(json.choices[0].message.content).toBe(
      'Hello! You said: "Summarize this". I read 2 files. This is a mock reply from gpt-4.1.',
    );
    // 4 per message + the text tokens + 250 per file part.
    expect(json.usage.prompt_tokens).toBe(4 + countTokens('Summarize this') + 2 * 250);
    const stream = await post(server.baseURL, {
      ...body,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = sseChunks(await stream.text());
    expect(streamedText(chunks)).toBe(json.choices[0].message.content);
    expect(chunks.at(-1).usage.prompt_tokens).toBe(json.usage.prompt_tokens);
  });

  it('accepts a file part given by file_id', async () => {
    const response = await post(server.baseURL, {
      model: 'o4-mini',
      messages: [{ role: 'user', content: [{ type: 'file', file: { file_id: 'file-abc' } }] }],
    });
    expect(response.status).toBe(200);
  });

  it('refuses file parts on models without file input, naming the provider and the part', async () => {
    const response = await post(server.baseURL, {
      model: 'deepseek-reasoner',
      messages: [{ role: 'user', content: [text, pdf] }],
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toEqual({
      message:
        "Provider deepseek rejected the request: model 'deepseek-reasoner' does not support the parameter 'messages[0].content[1]'.",
      type: 'invalid_request_error',
      param: 'messages[0].content[1]',
      code: 'unsupported_parameter',
    });
  });

  it('accepts input_audio on the audio model and refuses it elsewhere', async () => {
    const ok = await post(server.baseURL, {
      model: 'gpt-4o-audio-preview',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Transcribe' }, audio] }],
    });
    const json = await ok.json();
    expect(json.choices[0].message.content).toBe(
      'Hello! You said: "Transcribe". I hear 1 audio clip. This is a mock reply from gpt-4o-audio-preview.',
    );
    expect(json.usage.prompt_tokens).toBe(4 + countTokens('Transcribe') + 50);
    const refused = await post(server.baseURL, {
      model: 'gpt-4.1',
      messages: [{ role: 'user', content: [audio] }],
    });
    expect(refused.status).toBe(400);
    expect((await refused.json()).error).toMatchObject({
      param: 'messages[0].content[0]',
      code: 'unsupported_parameter',
    });
  });

  it('follows custom capabilities (files and audio on a custom model)', async () => {
    const custom = await startMockServer({
      models: [
        {
          id: 'omni',
          ownedBy: 'me',
          provider: 'acme',
          created: 0,
          capabilities: {
            tools: false,
            jsonSchema: false,
            jsonObject: false,
            vision: false,
            reasoning: false,
            files: true,
            audio: true,
          },
        },
      ],
    });
    try {
      const response = await post(custom.baseURL, {
        model: 'omni',
        messages: [{ role: 'user', content: [{ type: 'text', text: 'Привет' }, pdf, audio] }],
      });
      expect((await response.json()).choices[0].message.content).toBe(
        'Здравствуйте! Вы написали: «Привет». Файлов: 1. Аудиозаписей: 1. Это тестовый ответ модели omni.',
      );
    } finally {
      await custom.close();
    }
  });

  it('accepts a refusal part in an assistant message', async () => {
    const response = await post(server.baseURL, {
      model: 'gpt-4.1',
      messages: [
        { role: 'user', content: 'a' },
        { role: 'assistant', content: [{ type: 'refusal', refusal: 'I cannot.' }] },
        { role: 'user', content: 'b' },
      ],
    });
    expect(response.status).toBe(200);
  });
});
