import { ModelRefusalError } from '@langchain/core/errors';
import type { Serialized } from '@langchain/core/load/serializable';
import { AIMessage, type BaseMessage } from '@langchain/core/messages';
import { OutputParserException } from '@langchain/core/output_parsers';
import { toJsonSchema } from '@langchain/core/utils/json_schema';
import type { MockChatRequest, MockRespondResult } from '@routify/mock-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type ScriptedMock, startScriptedMock } from './mock.test-helper';

let mock: ScriptedMock;
beforeAll(async () => {
  mock = await startScriptedMock();
});
afterAll(() => mock.close());
afterEach(() => mock.reset());

const person = z
  .object({ name: z.string().describe('Full name'), age: z.number() })
  .describe('A person');
const personJsonSchema = {
  title: 'person',
  description: 'A person',
  type: 'object',
  properties: { name: { type: 'string' }, age: { type: 'number' } },
  required: ['name', 'age'],
};
const ADA = { name: 'Ada Lovelace', age: 36 };

/** Answers like a model honouring the request: the forced tool, or JSON text. */
function answer(value: unknown) {
  return ({ body }: MockChatRequest): MockRespondResult => {
    const choice = body.tool_choice as { function?: { name?: string } } | undefined;
    if (choice?.function?.name) {
      return { toolCalls: [{ id: 'call_so', name: choice.function.name, arguments: value }] };
    }
    return { content: typeof value === 'string' ? value : JSON.stringify(value) };
  };
}

function traceOptions() {
  const seen: Record<string, unknown>[] = [];
  const handler = {
    handleChatModelStart(
      _llm: Serialized,
      _messages: BaseMessage[][],
      _runId: string,
      _parentRunId?: string,
      extraParams?: Record<string, unknown>,
    ) {
      seen.push((extraParams?.options ?? {}) as Record<string, unknown>);
    },
  };
  return { seen, callbacks: [handler] };
}

describe('withStructuredOutput', () => {
  it('functionCalling (default) forces the tool and parses its args; tracing gets the JSON schema', async () => {
    mock.script(answer(ADA));
    const { seen, callbacks } = traceOptions();
    const result = await mock
      .model()
      .withStructuredOutput(person, { name: 'person' })
      .invoke('Ada?', { callbacks });
    expect(result).toEqual(ADA);
    const body = mock.bodies()[0] ?? {};
    expect(body.tool_choice).toEqual({ type: 'function', function: { name: 'person' } });
    expect(body.tools).toEqual([
      {
        type: 'function',
        function: { name: 'person', description: 'A person', parameters: toJsonSchema(person) },
      },
    ]);
    expect(seen[0]?.ls_structured_output_format).toEqual({
      kwargs: { method: 'functionCalling' },
      schema: toJsonSchema(person),
    });
  });

  it('functionCalling with includeRaw gives { raw, parsed }', async () => {
    mock.script(answer(ADA));
    const result = await mock
      .model()
      .withStructuredOutput(person, { includeRaw: true })
      .invoke('Ada?');
    expect(result.parsed).toEqual(ADA);
    expect(result.raw).toBeInstanceOf(AIMessage);
    expect((result.raw as AIMessage).tool_calls?.[0]?.name).toBe('extract');
  });

  it('functionCalling with a JSON schema uses its title and passes strict', async () => {
    mock.script(answer(ADA));
    const result = await mock
      .model()
      .withStructuredOutput(personJsonSchema, { strict: true })
      .invoke('Ada?');
    expect(result).toEqual(ADA);
    const body = mock.bodies()[0] ?? {};
    expect(body.tool_choice).toEqual({ type: 'function', function: { name: 'person' } });
    expect((body.tools as { function: Record<string, unknown> }[])[0]?.function).toMatchObject({
      name: 'person',
      parameters: personJsonSchema,
      strict: true,
    });
  });

  it('jsonSchema sends response_format json_schema and parses the text', async () => {
    mock.script(answer(ADA));
    const { seen, callbacks } = traceOptions();
    const model = mock
      .model()
      .withStructuredOutput(person, { method: 'jsonSchema', name: 'person', strict: true });
    expect(await model.invoke('Ada?', { callbacks })).toEqual(ADA);
    expect(mock.bodies()[0]?.response_format).toEqual({
      type: 'json_schema',
      json_schema: {
        name: 'person',
        description: 'A person',
        schema: toJsonSchema(person),
        strict: true,
      },
    });
    expect(mock.bodies()[0]).not.toHaveProperty('tools');
    expect(seen[0]?.ls_structured_output_format).toMatchObject({
      kwargs: { method: 'jsonSchema' },
    });
  });

  it('jsonSchema with includeRaw and a JSON schema', async () => {
    mock.script(answer(ADA));
    const result = await mock
      .model()
      .withStructuredOutput(personJsonSchema, { method: 'jsonSchema', includeRaw: true })
      .invoke('Ada?');
    expect(result.parsed).toEqual(ADA);
    expect((result.raw as AIMessage).text).toBe(JSON.stringify(ADA));
  });

  it('jsonMode sends response_format json_object, with and without includeRaw', async () => {
    mock.script(answer(`\`\`\`json\n${JSON.stringify(ADA)}\n\`\`\``));
    const plain = await mock
      .model()
      .withStructuredOutput(person, { method: 'jsonMode' })
      .invoke('Ada as JSON');
    expect(plain).toEqual(ADA);
    expect(mock.bodies()[0]?.response_format).toEqual({ type: 'json_object' });
    const raw = await mock
      .model()
      .withStructuredOutput(personJsonSchema, { method: 'jsonMode', includeRaw: true })
      .invoke('Ada as JSON');
    expect(raw.parsed).toEqual(ADA);
    expect(raw.raw).toBeInstanceOf(AIMessage);
  });

  it('a parse failure throws OutputParserException; with includeRaw parsed is null', async () => {
    mock.script(answer({ name: 'Ada', age: 'thirty-six' }));
    await expect(mock.model().withStructuredOutput(person).invoke('Ada?')).rejects.toBeInstanceOf(
      OutputParserException,
    );
    mock.script(answer('this is not JSON'));
    await expect(
      mock.model().withStructuredOutput(person, { method: 'jsonMode' }).invoke('Ada?'),
    ).rejects.toBeInstanceOf(OutputParserException);
    const raw = await mock
      .model()
      .withStructuredOutput(person, { method: 'jsonSchema', includeRaw: true })
      .invoke('Ada?');
    expect(raw.parsed).toBeNull();
    expect((raw.raw as AIMessage).text).toBe('this is not JSON');
  });

  it('a refusal throws ModelRefusalError', async () => {
    mock.script(
      () =>
        new Response(
          JSON.stringify({
            id: 'c1',
            object: 'chat.completion',
            created: 1,
            model: 'gpt-4.1',
            choices: [
              {
                index: 0,
                finish_reason: 'stop',
                message: { role: 'assistant', content: null, refusal: 'No.' },
              },
            ],
          }),
          { headers: { 'content-type': 'application/json' } },
        ),
    );
    await expect(
      mock.model().withStructuredOutput(person, { method: 'jsonSchema' }).invoke('Ada?'),
    ).rejects.toBeInstanceOf(ModelRefusalError);
  });

  it('rejects an unknown method and strict with jsonMode', () => {
    expect(() => mock.model().withStructuredOutput(person, { method: 'xml' as never })).toThrow(
      /unknown method "xml"/,
    );
    expect(() =>
      mock.model().withStructuredOutput(person, { method: 'jsonMode', strict: true }),
    ).toThrow(/strict/);
  });
});
