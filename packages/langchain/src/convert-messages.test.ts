import {
  AIMessage,
  AIMessageChunk,
  ChatMessage,
  HumanMessage,
  SystemMessage,
  ToolMessage,
} from '@langchain/core/messages';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnsupportedContentBlockError } from './convert-content';
import { convertMessagesToWire } from './convert-messages';
import { type ScriptedMock, startScriptedMock } from './mock.test-helper';

const one = (message: Parameters<typeof convertMessagesToWire>[0][number]) =>
  convertMessagesToWire([message])[0];

describe('system, human, tool and chat messages', () => {
  it('converts system and developer messages', () => {
    expect(one(new SystemMessage('Be brief.'))).toEqual({ role: 'system', content: 'Be brief.' });
    expect(
      one(
        new SystemMessage({
          content: 'Rules.',
          additional_kwargs: { __openai_role__: 'developer' },
        }),
      ),
    ).toEqual({ role: 'developer', content: 'Rules.' });
    expect(one(new ChatMessage('Dev rules.', 'developer'))).toEqual({
      role: 'developer',
      content: 'Dev rules.',
    });
  });

  it('converts tool messages, joining text blocks, and tolerates name', () => {
    expect(one(new ToolMessage({ content: '42', tool_call_id: 'call_1', name: 'calc' }))).toEqual({
      role: 'tool',
      content: '42',
      tool_call_id: 'call_1',
    });
    expect(
      one(
        new ToolMessage({
          content: [
            { type: 'text', text: 'a' },
            { type: 'text', text: 'b' },
          ],
          tool_call_id: 'call_2',
        }),
      ),
    ).toEqual({ role: 'tool', content: 'ab', tool_call_id: 'call_2' });
  });

  it('refuses an image in a tool message with a clear error', () => {
    const message = new ToolMessage({
      content: [{ type: 'image', url: 'https://example.com/a.png' }],
      tool_call_id: 'call_3',
    });
    expect(() => one(message)).toThrow(UnsupportedContentBlockError);
    expect(() => one(message)).toThrow(/tool message/);
  });

  it('sends system text parts and refuses images in a system message', () => {
    expect(one(new SystemMessage({ content: [{ type: 'text', text: 'Rules.' }] }))).toEqual({
      role: 'system',
      content: [{ type: 'text', text: 'Rules.' }],
    });
    const withImage = new SystemMessage({
      content: [{ type: 'image', url: 'https://example.com/a.png' }],
    });
    expect(() => one(withImage)).toThrow(/system messages take text only/);
  });

  it('refuses an unknown chat role', () => {
    expect(() => one(new ChatMessage('x', 'critic'))).toThrow(/role "critic"/);
  });
});

describe('human content blocks', () => {
  it('converts images in the OpenAI, older standard and v1 standard shapes', () => {
    const message = new HumanMessage({
      content: [
        { type: 'text', text: 'Describe these.' },
        { type: 'image_url', image_url: { url: 'https://example.com/1.png', detail: 'low' } },
        { type: 'image_url', image_url: 'https://example.com/2.png' },
        {
          type: 'image',
          source_type: 'url',
          url: 'https://example.com/3.png',
          metadata: { detail: 'high' },
        },
        { type: 'image', source_type: 'base64', data: 'AAAA', mime_type: 'image/jpeg' },
        { type: 'image', url: 'https://example.com/5.png' },
        { type: 'image', data: 'BBBB', mimeType: 'image/webp' },
        { type: 'image', url: 'data:image/gif;base64,CCCC' },
      ],
    });
    expect(one(message)).toEqual({
      role: 'user',
      content: [
        { type: 'text', text: 'Describe these.' },
        { type: 'image_url', image_url: { url: 'https://example.com/1.png', detail: 'low' } },
        { type: 'image_url', image_url: { url: 'https://example.com/2.png' } },
        { type: 'image_url', image_url: { url: 'https://example.com/3.png', detail: 'high' } },
        { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,AAAA' } },
        { type: 'image_url', image_url: { url: 'https://example.com/5.png' } },
        { type: 'image_url', image_url: { url: 'data:image/webp;base64,BBBB' } },
        { type: 'image_url', image_url: { url: 'data:image/gif;base64,CCCC' } },
      ],
    });
  });

  it('converts files, plain text and audio in both block shapes', () => {
    const message = new HumanMessage({
      content: [
        {
          type: 'file',
          source_type: 'base64',
          data: 'PDF1',
          mime_type: 'application/pdf',
          metadata: { filename: 'a.pdf' },
        },
        { type: 'file', data: 'PDF2', mimeType: 'application/pdf' },
        { type: 'file', url: 'data:application/pdf;base64,PDF3', metadata: { filename: 'c.pdf' } },
        { type: 'file', fileId: 'file-123' },
        { type: 'file', file: { file_id: 'file-456' } },
        { type: 'file', source_type: 'text', text: 'inline document', mime_type: 'text/plain' },
        { type: 'text-plain', text: 'plain block', mimeType: 'text/plain' },
        {
          type: 'file',
          url: 'data:text/plain;base64,0J/RgNC40LLQtdGC',
          metadata: { filename: 'a.txt' },
        },
        { type: 'file', source_type: 'base64', data: 'aGVsbG8=', mime_type: 'text/markdown' },
        { type: 'audio', source_type: 'base64', data: 'WAV', mime_type: 'audio/wav' },
        { type: 'audio', data: 'MP3', mimeType: 'audio/mpeg' },
        { type: 'input_audio', input_audio: { data: 'RAW', format: 'wav' } },
      ],
    });
    expect(one(message)).toEqual({
      role: 'user',
      content: [
        {
          type: 'file',
          file: { file_data: 'data:application/pdf;base64,PDF1', filename: 'a.pdf' },
        },
        {
          type: 'file',
          file: { file_data: 'data:application/pdf;base64,PDF2', filename: 'file.pdf' },
        },
        {
          type: 'file',
          file: { file_data: 'data:application/pdf;base64,PDF3', filename: 'c.pdf' },
        },
        { type: 'file', file: { file_id: 'file-123' } },
        { type: 'file', file: { file_id: 'file-456' } },
        { type: 'text', text: 'inline document' },
        { type: 'text', text: 'plain block' },
        { type: 'text', text: 'Привет' },
        { type: 'text', text: 'hello' },
        { type: 'input_audio', input_audio: { data: 'WAV', format: 'wav' } },
        { type: 'input_audio', input_audio: { data: 'MP3', format: 'mp3' } },
        { type: 'input_audio', input_audio: { data: 'RAW', format: 'wav' } },
      ],
    });
  });

  it('refuses what Chat Completions cannot take, naming the fix', () => {
    const remoteFile = new HumanMessage({
      content: [{ type: 'file', url: 'https://example.com/a.pdf' }],
    });
    expect(() => one(remoteFile)).toThrow(/download it and send base64 data/);
    const oggAudio = new HumanMessage({
      content: [{ type: 'audio', data: 'X', mimeType: 'audio/ogg' }],
    });
    expect(() => one(oggAudio)).toThrow(/audio\/wav or audio\/mp3/);
    const unknown = new HumanMessage({ content: [{ type: 'hologram', data: 'X' }] });
    expect(() => one(unknown)).toThrow(UnsupportedContentBlockError);
  });

  it('a block without a type was reported as an "undefined" block: now the message says what is missing', () => {
    const untyped = new HumanMessage({ content: [{ text: 'hello' } as never] });
    expect(() => one(untyped)).toThrow(
      /a content block without a `type` \(keys: text; a text block is \{ type: 'text', text \}\)/,
    );
    expect(() => one(untyped)).not.toThrow(/"undefined"/);
  });
});

describe('AI messages', () => {
  it('sends tool calls with JSON-string arguments and null content', () => {
    const message = new AIMessage({
      content: '',
      tool_calls: [{ id: 'call_1', name: 'add', args: { a: 1, b: 2 }, type: 'tool_call' }],
    });
    expect(one(message)).toEqual({
      role: 'assistant',
      content: null,
      tool_calls: [
        { id: 'call_1', type: 'function', function: { name: 'add', arguments: '{"a":1,"b":2}' } },
      ],
    });
  });

  it('drops tool_use, tool_call and reasoning blocks from content, sends reasoning back', () => {
    const message = new AIMessage({
      content: [
        { type: 'reasoning', reasoning: 'Need the adder.' },
        { type: 'text', text: 'Let me add.' },
        { type: 'tool_use', id: 'call_1', name: 'add', input: { a: 1, b: 2 } },
        { type: 'tool_call', id: 'call_1', name: 'add', args: { a: 1, b: 2 } },
      ],
      tool_calls: [{ id: 'call_1', name: 'add', args: { a: 1, b: 2 }, type: 'tool_call' }],
      name: 'agent',
    });
    expect(one(message)).toEqual({
      role: 'assistant',
      content: 'Let me add.',
      name: 'agent',
      tool_calls: [
        { id: 'call_1', type: 'function', function: { name: 'add', arguments: '{"a":1,"b":2}' } },
      ],
      reasoning_content: 'Need the adder.',
    });
  });

  it('sends a streamed (concatenated) chunk with zero-argument tool calls as {}', () => {
    const chunk = new AIMessageChunk({
      content: '',
      tool_call_chunks: [
        { type: 'tool_call_chunk', index: 0, id: 'call_9', name: 'now', args: '' },
      ],
      additional_kwargs: { reasoning_content: 'Time?' },
    });
    expect(one(chunk)).toEqual({
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'call_9', type: 'function', function: { name: 'now', arguments: '{}' } }],
      reasoning_content: 'Time?',
    });
  });
});

describe('over loopback', () => {
  let mock: ScriptedMock;
  beforeAll(async () => {
    mock = await startScriptedMock();
  });
  afterAll(() => mock.close());

  it('image blocks reach the wire as image_url parts', async () => {
    const reply = await mock.model().invoke([
      new HumanMessage({
        content: [
          { type: 'text', text: 'What is in this image?' },
          { type: 'image', source_type: 'url', url: 'https://example.com/cat.png' },
          { type: 'image', data: 'iVBORw0KGgo=', mimeType: 'image/png' },
        ],
      }),
    ]);
    expect(reply.text.length).toBeGreaterThan(0);
    expect(mock.bodies()[0]?.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is in this image?' },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
        ],
      },
    ]);
  });
});
