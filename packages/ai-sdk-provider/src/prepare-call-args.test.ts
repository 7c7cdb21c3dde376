import { InvalidArgumentError, type LanguageModelV4CallOptions } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { prepareCallArgs } from './prepare-call-args';

const prompt: LanguageModelV4CallOptions['prompt'] = [
  { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
];

function prepare(
  options: Partial<LanguageModelV4CallOptions>,
  stream = false,
  providerName = 'routify',
) {
  return prepareCallArgs({
    options: { prompt, ...options },
    modelId: 'gpt-4.1',
    providerName,
    stream,
  });
}

describe('prepareCallArgs', () => {
  it('maps the standard settings to snake_case fields and omits unset ones', async () => {
    const { body, warnings } = await prepare({
      maxOutputTokens: 100,
      temperature: 0.5,
      topP: 0.9,
      stopSequences: ['END'],
      seed: 7,
      presencePenalty: 0.1,
      frequencyPenalty: 0.2,
    });
    expect(body).toEqual({
      model: 'gpt-4.1',
      max_tokens: 100,
      temperature: 0.5,
      top_p: 0.9,
      stop: ['END'],
      seed: 7,
      presence_penalty: 0.1,
      frequency_penalty: 0.2,
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(warnings).toEqual([]);
  });

  it('warns that topK is not sent', async () => {
    const { body, warnings } = await prepare({ topK: 5 });
    expect(body).not.toHaveProperty('top_k');
    expect(warnings).toEqual([expect.objectContaining({ type: 'unsupported', feature: 'topK' })]);
  });

  it('sends json_schema (strict by default) for json with a schema, json_object without', async () => {
    const schema = { type: 'object' as const, properties: { a: { type: 'string' as const } } };
    expect(
      (await prepare({ responseFormat: { type: 'json', schema } })).body.response_format,
    ).toEqual({
      type: 'json_schema',
      json_schema: { name: 'response', schema, strict: true },
    });
    expect(
      (
        await prepare({
          responseFormat: { type: 'json', schema, name: 'thing', description: 'A thing' },
          providerOptions: { routify: { strictJsonSchema: false } },
        })
      ).body.response_format,
    ).toEqual({
      type: 'json_schema',
      json_schema: { name: 'thing', description: 'A thing', schema, strict: false },
    });
    expect((await prepare({ responseFormat: { type: 'json' } })).body.response_format).toEqual({
      type: 'json_object',
    });
    expect((await prepare({ responseFormat: { type: 'text' } })).body).not.toHaveProperty(
      'response_format',
    );
  });

  it.each([
    ['low', 'low', false],
    ['medium', 'medium', false],
    ['high', 'high', false],
    ['xhigh', 'xhigh', false],
    ['minimal', 'low', true],
    ['max', 'xhigh', true],
  ] as const)('maps reasoning %s to reasoning_effort %s', async (reasoning, effort, warned) => {
    const { body, warnings } = await prepare({ reasoning });
    expect(body.reasoning_effort).toBe(effort);
    expect(warnings).toEqual(
      warned ? [expect.objectContaining({ type: 'compatibility', feature: 'reasoning' })] : [],
    );
  });

  it('omits reasoning_effort for none (with a warning) and provider-default (without)', async () => {
    const none = await prepare({ reasoning: 'none' });
    expect(none.body).not.toHaveProperty('reasoning_effort');
    expect(none.warnings).toEqual([
      expect.objectContaining({ type: 'unsupported', feature: 'reasoning' }),
    ]);
    const providerDefault = await prepare({ reasoning: 'provider-default' });
    expect(providerDefault.body).not.toHaveProperty('reasoning_effort');
    expect(providerDefault.warnings).toEqual([]);
  });

  it('lets typed provider options win over mapped ones', async () => {
    const { body, warnings } = await prepare({
      reasoning: 'minimal',
      providerOptions: {
        routify: {
          reasoningEffort: 'high',
          verbosity: 'low',
          reasoningSummary: 'auto',
          user: 'u-1',
        },
      },
    });
    expect(body).toMatchObject({
      reasoning_effort: 'high',
      verbosity: 'low',
      reasoningSummary: 'auto',
      user: 'u-1',
    });
    expect(body).not.toHaveProperty('reasoningEffort');
    expect(warnings).toEqual([]);
  });

  it('passes unknown keys through verbatim, over mapped options but never over messages or tools', async () => {
    const { body, warnings } = await prepare({
      temperature: 0.1,
      tools: [{ type: 'function', name: 't', inputSchema: { type: 'object' } }],
      providerOptions: {
        routify: {
          temperature: 0.9,
          parallel_tool_calls: false,
          provider: { order: ['openai'] },
          messages: [],
          tools: [],
          model: 'other',
        },
      },
    });
    expect(body).toMatchObject({
      model: 'gpt-4.1',
      temperature: 0.9,
      parallel_tool_calls: false,
      provider: { order: ['openai'] },
      messages: [{ role: 'user', content: 'Hi' }],
      tools: [{ type: 'function', function: { name: 't', parameters: { type: 'object' } } }],
    });
    expect(warnings.map((warning) => warning.type === 'other' && warning.message)).toEqual([
      expect.stringContaining('providerOptions.routify.messages'),
      expect.stringContaining('providerOptions.routify.tools'),
      expect.stringContaining('providerOptions.routify.model'),
    ]);
  });

  it('uses the provider name as the providerOptions key', async () => {
    const { body } = await prepare(
      { providerOptions: { acme: { user: 'x' }, routify: { user: 'y' } } },
      false,
      'acme',
    );
    expect(body.user).toBe('x');
  });

  it('throws InvalidArgumentError for a bad typed option', async () => {
    await expect(
      prepare({ providerOptions: { routify: { reasoningEffort: 'extreme' } } }),
    ).rejects.toThrow(InvalidArgumentError);
  });

  it('regression: a bad typed option names the key and the values it accepts', async () => {
    const error = await prepare({
      providerOptions: { routify: { reasoningEffort: 'hgih', verbosity: 3 } },
    }).catch((caught: unknown) => caught);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain('providerOptions.routify');
    expect(message).toMatch(/reasoningEffort: .*"xhigh"/);
    expect(message).toContain('verbosity: ');
  });

  it('asks for usage when streaming unless includeUsage is false', async () => {
    expect((await prepare({}, true)).body).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
    const off = await prepare({ providerOptions: { routify: { includeUsage: false } } }, true);
    expect(off.body.stream).toBe(true);
    expect(off.body).not.toHaveProperty('stream_options');
    expect((await prepare({})).body).not.toHaveProperty('stream');
  });
});
