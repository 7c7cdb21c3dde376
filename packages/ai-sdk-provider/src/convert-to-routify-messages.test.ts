import { UnsupportedFunctionalityError } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { convertToRoutifyMessages } from './convert-to-routify-messages';

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);

describe('convertToRoutifyMessages', () => {
  it('sends system and single-text user messages as strings', () => {
    expect(
      convertToRoutifyMessages([
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
      ]).messages,
    ).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
    ]);
  });

  it('sends image URLs as given and bytes as data URLs (top-level media type sniffed)', () => {
    const { messages } = convertToRoutifyMessages([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          {
            type: 'file',
            mediaType: 'image/jpeg',
            data: { type: 'url', url: new URL('https://example.com/cat.jpg') },
          },
          { type: 'file', mediaType: 'image', data: { type: 'data', data: png } },
        ],
      },
    ]);
    expect(messages[0]).toEqual({
      role: 'user',
      content: [
        { type: 'text', text: 'What is this?' },
        { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
        {
          type: 'image_url',
          image_url: { url: `data:image/png;base64,${Buffer.from(png).toString('base64')}` },
        },
      ],
    });
  });

  it('sets image_url.detail from providerOptions imageDetail', () => {
    const { messages } = convertToRoutifyMessages([
      {
        role: 'user',
        content: [
          {
            type: 'file',
            mediaType: 'image/png',
            data: { type: 'url', url: new URL('https://example.com/a.png') },
            providerOptions: { routify: { imageDetail: 'low' } },
          },
        ],
      },
    ]);
    expect(messages[0]?.content).toEqual([
      { type: 'image_url', image_url: { url: 'https://example.com/a.png', detail: 'low' } },
    ]);
  });

  it('sends PDFs as files, text files as text, audio as input_audio, references as file_id', () => {
    const { messages } = convertToRoutifyMessages(
      [
        {
          role: 'user',
          content: [
            {
              type: 'file',
              mediaType: 'application/pdf',
              filename: 'a.pdf',
              data: { type: 'data', data: 'JVBERi0=' },
            },
            {
              type: 'file',
              mediaType: 'text/plain',
              data: { type: 'data', data: new TextEncoder().encode('héllo') },
            },
            {
              type: 'file',
              mediaType: 'application/json',
              data: { type: 'data', data: Buffer.from('{"a":1}').toString('base64') },
            },
            { type: 'file', mediaType: 'text/markdown', data: { type: 'text', text: '# Title' } },
            { type: 'file', mediaType: 'audio/wav', data: { type: 'data', data: 'UklGRg==' } },
            {
              type: 'file',
              mediaType: 'application/pdf',
              data: { type: 'reference', reference: { routify: 'file-1' } },
            },
          ],
        },
      ],
      { providerName: 'routify' },
    );
    expect(messages[0]?.content).toEqual([
      {
        type: 'file',
        file: { filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBERi0=' },
      },
      { type: 'text', text: 'héllo' },
      { type: 'text', text: '{"a":1}' },
      { type: 'text', text: '# Title' },
      { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
      { type: 'file', file: { file_id: 'file-1' } },
    ]);
  });

  it('throws UnsupportedFunctionalityError naming the media type of a file it cannot send', () => {
    const convert = (mediaType: string) =>
      convertToRoutifyMessages([
        {
          role: 'user',
          content: [{ type: 'file', mediaType, data: { type: 'data', data: 'AAAA' } }],
        },
      ]);
    expect(() => convert('application/zip')).toThrow(UnsupportedFunctionalityError);
    expect(() => convert('application/zip')).toThrow(/application\/zip/);
    expect(() => convert('audio/ogg')).toThrow(/audio\/ogg/);
  });

  it('merges an assistant turn into one message with reasoning_content and tool calls', () => {
    const { messages, warnings } = convertToRoutifyMessages([
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'Think. ' },
          { type: 'reasoning', text: 'More.' },
          { type: 'text', text: 'Checking.' },
          {
            type: 'tool-call',
            toolCallId: 'call_1',
            toolName: 'weather',
            input: { city: 'Paris' },
          },
          { type: 'tool-call', toolCallId: 'call_2', toolName: 'time', input: {} },
        ],
      },
      {
        role: 'assistant',
        content: [{ type: 'tool-call', toolCallId: 'call_3', toolName: 'noop', input: '{"x":1}' }],
      },
    ]);
    expect(warnings).toEqual([]);
    expect(messages).toEqual([
      {
        role: 'assistant',
        content: 'Checking.',
        reasoning_content: 'Think. More.',
        tool_calls: [
          {
            id: 'call_1',
            type: 'function',
            function: { name: 'weather', arguments: '{"city":"Paris"}' },
          },
          { id: 'call_2', type: 'function', function: { name: 'time', arguments: '{}' } },
        ],
      },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_3', type: 'function', function: { name: 'noop', arguments: '{"x":1}' } },
        ],
      },
    ]);
  });

  it('drops assistant parts Routify cannot carry, with a warning', () => {
    const { messages, warnings } = convertToRoutifyMessages([
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Here.' },
          { type: 'file', mediaType: 'image/png', data: { type: 'data', data: png } },
        ],
      },
    ]);
    expect(messages).toEqual([{ role: 'assistant', content: 'Here.' }]);
    expect(warnings).toEqual([
      expect.objectContaining({ type: 'unsupported', feature: 'assistant file part' }),
    ]);
  });

  it('converts tool results of every output type', () => {
    const { messages } = convertToRoutifyMessages([
      {
        role: 'tool',
        content: [
          {
            type: 'tool-result',
            toolCallId: 'a',
            toolName: 't',
            output: { type: 'text', value: 'sunny' },
          },
          {
            type: 'tool-result',
            toolCallId: 'b',
            toolName: 't',
            output: { type: 'json', value: { temp: 21 } },
          },
          {
            type: 'tool-result',
            toolCallId: 'c',
            toolName: 't',
            output: { type: 'error-text', value: 'boom' },
          },
          {
            type: 'tool-result',
            toolCallId: 'd',
            toolName: 't',
            output: { type: 'error-json', value: { error: 'x' } },
          },
          {
            type: 'tool-result',
            toolCallId: 'e',
            toolName: 't',
            output: { type: 'execution-denied', reason: 'no' },
          },
          {
            type: 'tool-result',
            toolCallId: 'f',
            toolName: 't',
            output: { type: 'execution-denied' },
          },
          {
            type: 'tool-result',
            toolCallId: 'g',
            toolName: 'shot',
            output: {
              type: 'content',
              value: [
                { type: 'text', text: 'screenshot:' },
                { type: 'file', mediaType: 'image/png', data: { type: 'data', data: png } },
              ],
            },
          },
          { type: 'tool-approval-response', approvalId: 'x', approved: true },
        ],
      },
    ]);
    expect(messages).toEqual([
      { role: 'tool', tool_call_id: 'a', content: 'sunny' },
      { role: 'tool', tool_call_id: 'b', content: '{"temp":21}' },
      { role: 'tool', tool_call_id: 'c', content: 'boom' },
      { role: 'tool', tool_call_id: 'd', content: '{"error":"x"}' },
      { role: 'tool', tool_call_id: 'e', content: 'no' },
      { role: 'tool', tool_call_id: 'f', content: 'Tool execution denied.' },
      { role: 'tool', tool_call_id: 'g', content: 'screenshot:' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Files returned by tool call g (shot):' },
          {
            type: 'image_url',
            image_url: { url: `data:image/png;base64,${Buffer.from(png).toString('base64')}` },
          },
        ],
      },
    ]);
  });

  it('merges providerOptions[providerName] into messages and parts', () => {
    const { messages } = convertToRoutifyMessages(
      [
        { role: 'system', content: 'x', providerOptions: { acme: { name: 'rules' } } },
        {
          role: 'user',
          content: [
            {
              type: 'text',
              text: 'hi',
              providerOptions: { acme: { cache_control: { type: 'ephemeral' } } },
            },
          ],
          providerOptions: { acme: { name: 'bob' } },
        },
      ],
      { providerName: 'acme' },
    );
    expect(messages).toEqual([
      { role: 'system', content: 'x', name: 'rules' },
      {
        role: 'user',
        content: [{ type: 'text', text: 'hi', cache_control: { type: 'ephemeral' } }],
        name: 'bob',
      },
    ]);
  });

  it('merges a tool message providerOptions into each tool wire message, and warns for assistant text parts', () => {
    const { messages, warnings } = convertToRoutifyMessages(
      [
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'ok', providerOptions: { acme: { x: 1 } } },
            { type: 'tool-call', toolCallId: 'a', toolName: 'f', input: {} },
            { type: 'tool-call', toolCallId: 'b', toolName: 'f', input: {} },
          ],
        },
        {
          role: 'tool',
          providerOptions: { acme: { name: 'tools', tag: 'm' } },
          content: [
            {
              type: 'tool-result',
              toolCallId: 'a',
              toolName: 'f',
              output: { type: 'text', value: '1' },
            },
            {
              type: 'tool-result',
              toolCallId: 'b',
              toolName: 'f',
              output: { type: 'text', value: '2' },
              providerOptions: { acme: { tag: 'p' } },
            },
          ],
        },
      ],
      { providerName: 'acme' },
    );
    expect(messages.slice(1)).toEqual([
      { role: 'tool', tool_call_id: 'a', content: '1', name: 'tools', tag: 'm' },
      { role: 'tool', tool_call_id: 'b', content: '2', name: 'tools', tag: 'p' },
    ]);
    expect(warnings).toEqual([
      expect.objectContaining({
        type: 'other',
        message: expect.stringContaining('assistant text part'),
      }),
    ]);
  });
});
