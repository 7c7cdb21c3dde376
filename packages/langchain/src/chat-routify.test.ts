import { inspect } from 'node:util';
import { InMemoryCache } from '@langchain/core/caches';
import { load } from '@langchain/core/load';
import {
  AIMessage,
  type AIMessageChunk,
  HumanMessage,
  SystemMessage,
  ToolMessage,
} from '@langchain/core/messages';
import { StringOutputParser } from '@langchain/core/output_parsers';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ChatRoutify } from './chat-routify';
import { type ScriptedMock, startScriptedMock, TEST_KEY } from './mock.test-helper';

let mock: ScriptedMock;
beforeAll(async () => {
  mock = await startScriptedMock();
});
afterAll(() => mock.close());
afterEach(() => {
  mock.reset();
  vi.unstubAllEnvs();
});

async function collect(stream: AsyncIterable<AIMessageChunk>): Promise<AIMessageChunk[]> {
  const chunks: AIMessageChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

function concatAll(chunks: AIMessageChunk[]): AIMessageChunk {
  const [first, ...rest] = chunks;
  if (first === undefined) throw new Error('no chunks');
  return rest.reduce((acc, chunk) => acc.concat(chunk), first);
}

describe('invoke', () => {
  it('sends a minimal body and returns an AIMessage with metadata and usage', async () => {
    const reply = await mock.model().invoke('Hello there');
    expect(reply).toBeInstanceOf(AIMessage);
    expect(reply.text).toContain('Hello there');
    expect(mock.bodies()).toEqual([
      { model: 'gpt-4.1', messages: [{ role: 'user', content: 'Hello there' }] },
    ]);
    expect(reply.id).toMatch(/^chatcmpl-/);
    expect(reply.response_metadata).toMatchObject({
      model_provider: 'routify',
      model_name: 'gpt-4.1',
      model: 'gpt-4.1',
      finish_reason: 'stop',
      id: reply.id,
    });
    expect(reply.usage_metadata?.input_tokens).toBeGreaterThan(0);
    expect(reply.usage_metadata?.total_tokens).toBe(
      (reply.usage_metadata?.input_tokens ?? 0) + (reply.usage_metadata?.output_tokens ?? 0),
    );
  });

  it('maps every setting to the wire, camelCase in, snake_case out', async () => {
    const model = mock.model({
      model: 'o4-mini',
      temperature: 0.3,
      maxTokens: 64,
      topP: 0.9,
      stopSequences: ['END'],
      reasoningEffort: 'high',
      verbosity: 'low',
      reasoningSummary: 'concise',
      modelKwargs: { seed: 7, user: 'u-1' },
    });
    await model.invoke('Hi');
    expect(mock.bodies()[0]).toEqual({
      model: 'o4-mini',
      temperature: 0.3,
      max_tokens: 64,
      top_p: 0.9,
      stop: ['END'],
      reasoning_effort: 'high',
      verbosity: 'low',
      reasoningSummary: 'concise',
      seed: 7,
      user: 'u-1',
      messages: [{ role: 'user', content: 'Hi' }],
    });
  });

  it('lets call options override settings and passes snake_case kwargs through', async () => {
    const model = mock.model({ temperature: 1, stop: ['a'] });
    await model.invoke('Hi', {
      temperature: 0,
      stop: ['b', 'c'],
      seed: 3,
      response_format: { type: 'json_object' },
      logit_bias: { '50256': -100 },
      // LangChain / createAgent keys that must not reach the wire:
      outputConfig: { x: 1 },
      promptIndex: 0,
    } as never);
    const body = mock.bodies()[0];
    expect(body).toMatchObject({
      temperature: 0,
      stop: ['b', 'c'],
      seed: 3,
      response_format: { type: 'json_object' },
      logit_bias: { '50256': -100 },
    });
    expect(body).not.toHaveProperty('outputConfig');
    expect(body).not.toHaveProperty('promptIndex');
    expect(body).not.toHaveProperty('stream');
  });

  it('stop sequences (constructor and call option) cut the answer', async () => {
    const fromConstructor = await mock.model({ stop: ['three'] }).invoke('Say: one two three four');
    expect(fromConstructor.text).toBe('one two ');
    const fromCall = await mock.model().invoke('Say: one two three four', { stop: ['two'] });
    expect(fromCall.text).toBe('one ');
    expect(mock.bodies().map((body) => body.stop)).toEqual([['three'], ['two']]);
  });

  it('rejects more than four stop sequences before sending anything', async () => {
    await expect(mock.model().invoke('Hi', { stop: ['1', '2', '3', '4', '5'] })).rejects.toThrow(
      /at most 4 stop sequences/,
    );
    expect(mock.bodies()).toEqual([]);
  });

  it('sends defaultHeaders and per-call headers, and the key as a Bearer token', async () => {
    const model = mock.model({ defaultHeaders: { 'x-team': 'search' } });
    await model.invoke('Hi', { headers: { 'x-trace': 't-1' } });
    const headers = mock.server.requests[0]?.headers ?? {};
    expect(headers['x-team']).toBe('search');
    expect(headers['x-trace']).toBe('t-1');
    expect(headers.authorization).toBe('Bearer ***');
  });

  it('names core and the LangChain adapter in the User-Agent', async () => {
    await mock.model().invoke('Hi');
    expect(mock.server.requests[0]?.headers['user-agent']).toMatch(
      /^routify-js\/core\/\S+ routify-js\/langchain\/\S+$/,
    );
  });

  it('works in a prompt | model | parser chain', async () => {
    const prompt = ChatPromptTemplate.fromMessages([
      ['system', 'You are terse.'],
      ['human', 'Say {word}'],
    ]);
    const chain = prompt.pipe(mock.model()).pipe(new StringOutputParser());
    const text = await chain.invoke({ word: 'banana' });
    expect(text).toContain('banana');
    expect(mock.bodies()[0]?.messages).toEqual([
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'Say banana' },
    ]);
  });
});

describe('stream', () => {
  it('streams chunks whose concatenation equals the invoke result, metadata ungarbled', async () => {
    const script = {
      content: 'The quick brown fox jumps over the lazy dog.',
      usage: { prompt_tokens: 20, completion_tokens: 10, cached_tokens: 4, cache_write_tokens: 6 },
    };
    mock.script(() => script);
    const model = mock.model();
    const invoked = await model.invoke('Tell me about foxes');
    const chunks = await collect(await model.stream('Tell me about foxes'));
    expect(chunks.length).toBeGreaterThan(2);
    const streamed = concatAll(chunks);
    expect(streamed.content).toBe(invoked.content);
    expect(streamed.usage_metadata).toEqual(invoked.usage_metadata);
    expect(streamed.tool_calls).toEqual(invoked.tool_calls);
    const { id: _a, ...streamedMetadata } = streamed.response_metadata;
    const { id: _b, ...invokedMetadata } = invoked.response_metadata;
    expect(streamedMetadata).toEqual(invokedMetadata);
    expect(streamed.response_metadata.id).toBe(streamed.id);
    // exactly one chunk carries usage, and one the finish metadata
    expect(chunks.filter((chunk) => chunk.usage_metadata !== undefined)).toHaveLength(1);
    expect(chunks.filter((chunk) => 'model_name' in chunk.response_metadata)).toHaveLength(1);
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    expect(mock.bodies()[1]).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('does not send stream_options when streamUsage is false', async () => {
    const chunks = await collect(await mock.model({ streamUsage: false }).stream('Hi'));
    expect(mock.bodies()[0]).not.toHaveProperty('stream_options');
    expect(concatAll(chunks).text.length).toBeGreaterThan(0);
  });

  it('modelKwargs.stream_options was overridden by the default on streams: now modelKwargs win, as documented', async () => {
    const chunks = await collect(
      await mock.model({ modelKwargs: { stream_options: { include_usage: false } } }).stream('Hi'),
    );
    expect(mock.bodies()[0]?.stream_options).toEqual({ include_usage: false });
    expect(chunks.some((chunk) => chunk.usage_metadata !== undefined)).toBe(false);
    // a call option still overrides the streamUsage default
    await collect(
      await mock.model({ streamUsage: false }).stream('Hi', {
        stream_options: { include_usage: true },
      }),
    );
    expect(mock.bodies()[1]?.stream_options).toEqual({ include_usage: true });
  });

  it('streaming: false yields the whole answer as one chunk from a non-streaming request', async () => {
    const chunks = await collect(await mock.model({ streaming: false }).stream('Hi'));
    expect(chunks).toHaveLength(1);
    expect(mock.bodies()[0]).not.toHaveProperty('stream');
  });

  it('streaming: false also keeps streamEvents() to one JSON request', async () => {
    mock.script(() => ({
      content: 'No SSE here.',
      reasoning: 'Plain JSON.',
      toolCalls: [{ id: 'call_1', name: 'now', arguments: '' }],
    }));
    const stream = mock.model({ streaming: false }).streamEvents('Hi');
    const [text, message] = await Promise.all([stream.text, stream]);
    expect(text).toBe('No SSE here.');
    expect(await stream.reasoning).toBe('Plain JSON.');
    expect(message.tool_calls).toEqual([
      { type: 'tool_call', id: 'call_1', name: 'now', args: {} },
    ]);
    expect(message.usage_metadata?.total_tokens).toBeGreaterThan(0);
    expect(mock.bodies()[0]).not.toHaveProperty('stream');
  });

  it('streaming: true makes invoke stream, with token callbacks', async () => {
    const tokens: string[] = [];
    const reply = await mock.model({ streaming: true }).invoke('Hello stream', {
      callbacks: [{ handleLLMNewToken: (token: string) => void tokens.push(token) }],
    });
    expect(mock.bodies()[0]).toMatchObject({ stream: true });
    expect(tokens.join('')).toBe(reply.text);
    expect(reply.usage_metadata?.input_tokens).toBeGreaterThan(0);
  });

  it('calls handleLLMNewToken with the chunk attached for every chunk', async () => {
    const seen: { token: string; chunk: unknown }[] = [];
    const chunks = await collect(
      await mock.model().stream('Hi', {
        callbacks: [
          {
            handleLLMNewToken: (token: string, _idx, _run, _parent, _tags, fields) =>
              void seen.push({ token, chunk: fields?.chunk }),
          },
        ],
      }),
    );
    expect(seen).toHaveLength(chunks.length);
    for (const entry of seen) expect(entry.chunk).toBeDefined();
    expect(seen.at(-1)?.chunk).toMatchObject({ message: { usage_metadata: expect.any(Object) } });
  });
});

describe('cache', () => {
  it('cache: true answers a repeated complex prompt from the cache without a request', async () => {
    const cache = new InMemoryCache();
    const model = mock.model({ cache });
    const input = [
      new HumanMessage({
        content: [
          { type: 'text', text: 'Describe' },
          { type: 'image_url', image_url: { url: 'https://example.com/x.png' } },
        ],
      }),
    ];
    const first = await model.invoke(input);
    const second = await model.invoke(input);
    expect(second.content).toBe(first.content);
    expect(mock.bodies()).toHaveLength(1);
    // the cache key includes the model: another model sharing the cache asks the server
    await mock.model({ model: 'gpt-4.1-mini', cache }).invoke(input);
    expect(mock.bodies()).toHaveLength(2);
  });
});

describe('batch and history', () => {
  it('batches prompts in parallel', async () => {
    const replies = await mock.model().batch(['First question', 'Second question']);
    expect(replies).toHaveLength(2);
    expect(replies[0]?.text).toContain('First question');
    expect(replies[1]?.text).toContain('Second question');
  });

  it('sends a conversation history in order, with names', async () => {
    await mock
      .model()
      .invoke([
        new SystemMessage('Be brief.'),
        new HumanMessage({ content: 'My name is Ann.', name: 'ann' }),
        new AIMessage('Hello Ann.'),
        new HumanMessage('What is my name?'),
      ]);
    expect(mock.bodies()[0]?.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'My name is Ann.', name: 'ann' },
      { role: 'assistant', content: 'Hello Ann.' },
      { role: 'user', content: 'What is my name?' },
    ]);
  });
});

describe('histories LangChain users send', () => {
  it('two system, two human and two AI messages in a row', async () => {
    const reply = await mock
      .model()
      .invoke([
        new SystemMessage('Be brief.'),
        new SystemMessage('Be kind.'),
        new HumanMessage('Hi.'),
        new HumanMessage('Still there?'),
        new AIMessage('Yes.'),
        new AIMessage('Here.'),
        new HumanMessage('Good.'),
      ]);
    expect(reply.text.length).toBeGreaterThan(0);
    expect(
      ((mock.bodies()[0]?.messages ?? []) as { role: string }[]).map((message) => message.role),
    ).toEqual(['system', 'system', 'user', 'user', 'assistant', 'assistant', 'user']);
  });

  it('an AI message with text + tool_use blocks and tool_calls, answered by a ToolMessage', async () => {
    const reply = await mock.model().invoke([
      new HumanMessage('What is 1 + 2?'),
      new AIMessage({
        content: [
          { type: 'text', text: 'Adding.' },
          { type: 'tool_use', id: 'abc123', name: 'add', input: { a: 1, b: 2 } },
        ],
        tool_calls: [{ id: 'abc123', name: 'add', args: { a: 1, b: 2 }, type: 'tool_call' }],
      }),
      new ToolMessage({ content: '3', tool_call_id: 'abc123', name: 'add' }),
    ]);
    expect(reply.text).toContain('3');
    expect(((mock.bodies()[0]?.messages ?? []) as unknown[])[1]).toEqual({
      role: 'assistant',
      content: 'Adding.',
      tool_calls: [
        { id: 'abc123', type: 'function', function: { name: 'add', arguments: '{"a":1,"b":2}' } },
      ],
    });
  });
});

describe('identity, tracing and serialization', () => {
  it('new ChatRoutify() reads ROUTIFY_API_KEY and ROUTIFY_BASE_URL', async () => {
    vi.stubEnv('ROUTIFY_API_KEY', TEST_KEY);
    vi.stubEnv('ROUTIFY_BASE_URL', mock.server.baseURL);
    const model = new ChatRoutify();
    expect(model.model).toBe('gpt-4.1');
    const reply = await model.invoke('Hi from env');
    expect(reply.text).toContain('Hi from env');
    expect(mock.server.requests[0]?.headers.authorization).toBe('Bearer ***');
  });

  it('accepts the model as first argument and configuration.baseURL', async () => {
    const model = new ChatRoutify('gpt-4.1-mini', {
      apiKey: TEST_KEY,
      configuration: { baseURL: mock.server.baseURL },
    });
    await model.invoke('Hi');
    expect(mock.bodies()[0]?.model).toBe('gpt-4.1-mini');
  });

  it('getLsParams returns exactly the six ls_* keys', () => {
    const model = mock.model({ temperature: 0.5, maxTokens: 100 });
    const params = model.getLsParams({ stop: ['x'] } as never);
    expect(params).toEqual({
      ls_provider: 'routify',
      ls_model_name: 'gpt-4.1',
      ls_model_type: 'chat',
      ls_temperature: 0.5,
      ls_max_tokens: 100,
      ls_stop: ['x'],
    });
    expect(Object.keys(mock.model().getLsParams({} as never)).sort()).toEqual([
      'ls_max_tokens',
      'ls_model_name',
      'ls_model_type',
      'ls_provider',
      'ls_stop',
      'ls_temperature',
    ]);
  });

  it('_identifyingParams includes the model (the cache key)', () => {
    expect(mock.model({ model: 'o4-mini', temperature: 0 })._identifyingParams()).toMatchObject({
      model_name: 'o4-mini',
      model: 'o4-mini',
      temperature: 0,
    });
  });

  it('serializes without the key, and loads back', async () => {
    const model = mock.model({ model: 'gpt-4.1-mini', temperature: 0.2 });
    const json = JSON.stringify(model);
    expect(json).not.toContain(TEST_KEY);
    const parsed = JSON.parse(json);
    expect(parsed.id).toEqual(['langchain', 'chat_models', 'routify', 'ChatRoutify']);
    expect(parsed.kwargs.api_key).toEqual({ lc: 1, type: 'secret', id: ['ROUTIFY_API_KEY'] });
    expect(parsed.kwargs).toMatchObject({ model: 'gpt-4.1-mini', temperature: 0.2 });
    const loaded = await load<ChatRoutify>(json, {
      secretsMap: { ROUTIFY_API_KEY: TEST_KEY },
      optionalImportsMap: { 'langchain/chat_models/routify': await import('./index') },
    });
    expect(loaded).toBeInstanceOf(ChatRoutify);
    expect(loaded.model).toBe('gpt-4.1-mini');
    const reply = await loaded.invoke('Hi after load');
    expect(reply.text).toContain('Hi after load');
  });

  it('the key is not enumerable, so it is not printed with the model', () => {
    const model = mock.model();
    expect(model.apiKey).toBe(TEST_KEY);
    expect(Object.keys(model)).not.toContain('apiKey');
    expect(JSON.stringify(model.lc_kwargs)).not.toContain(TEST_KEY);
    expect(inspect(model, { depth: 10, showHidden: false })).not.toContain(TEST_KEY);
  });

  it('the key was visible to util.inspect with showHidden: now it is in no inspected form', () => {
    const model = mock.model();
    const bound = model.bindTools([
      { type: 'function', function: { name: 'noop', parameters: { type: 'object' } } },
    ]);
    for (const target of [model, bound]) {
      expect(inspect(target, { depth: 20, showHidden: true })).not.toContain(TEST_KEY);
      expect(JSON.stringify(target)).not.toContain(TEST_KEY);
    }
    expect(Object.getOwnPropertyNames(model)).not.toContain('apiKey');
    expect(JSON.stringify(structuredClone(model.lc_kwargs))).not.toContain(TEST_KEY);
  });

  it('credential headers (Authorization, x-api-key) were serialized and printed in clear: now secret markers', async () => {
    const model = mock.model({
      defaultHeaders: { 'x-team': 'search', 'X-Api-Key': TEST_KEY },
      configuration: { defaultHeaders: { Authorization: `Bearer ${TEST_KEY}` } },
    });
    const json = JSON.stringify(model);
    expect(json).not.toContain(TEST_KEY);
    const kwargs = JSON.parse(json).kwargs;
    expect(kwargs.default_headers).toEqual({
      'x-team': 'search',
      'X-Api-Key': { lc: 1, type: 'secret', id: ['ROUTIFY_HEADER_X_API_KEY'] },
    });
    expect(kwargs.configuration.defaultHeaders).toEqual({
      Authorization: { lc: 1, type: 'secret', id: ['ROUTIFY_HEADER_AUTHORIZATION'] },
    });
    expect(inspect(model, { depth: 20, showHidden: true })).not.toContain(TEST_KEY);
    expect(inspect(model.bindTools([]), { depth: 20, showHidden: true })).not.toContain(TEST_KEY);
    // the headers are still sent, and the model loads back with them from secretsMap
    await model.invoke('Hi');
    expect(mock.server.requests[0]?.headers['x-team']).toBe('search');
    expect(mock.server.requests[0]?.headers['x-api-key']).toBe('***');
    const loaded = await load<ChatRoutify>(json, {
      secretsMap: {
        ROUTIFY_API_KEY: TEST_KEY,
        ROUTIFY_HEADER_X_API_KEY: TEST_KEY,
        ROUTIFY_HEADER_AUTHORIZATION: `Bearer ${TEST_KEY}`,
      },
      optionalImportsMap: { 'langchain/chat_models/routify': await import('./index') },
    });
    expect(loaded.defaultHeaders).toEqual({ 'x-team': 'search', 'X-Api-Key': TEST_KEY });
    expect((await loaded.invoke('Say: loaded')).text).toBe('loaded');
  });

  it('configuration.apiKey (ChatOpenAI shape) was ignored and serialized: now it is the key, never serialized', async () => {
    const model = new ChatRoutify({
      configuration: { apiKey: TEST_KEY, baseURL: mock.server.baseURL },
    });
    expect(model.apiKey).toBe(TEST_KEY);
    const reply = await model.invoke('Say: keyed');
    expect(reply.text).toBe('keyed');
    expect(mock.server.requests[0]?.status).toBe(200);
    const json = JSON.stringify(model);
    expect(json).not.toContain(TEST_KEY);
    expect(JSON.parse(json).kwargs.configuration).toEqual({ baseURL: mock.server.baseURL });
    expect(inspect(model, { depth: 20, showHidden: true })).not.toContain(TEST_KEY);
  });

  it('rejects invalid settings when the model is built, naming the field', () => {
    expect(() => new ChatRoutify({ temperature: 3 })).toThrow(
      /`temperature` must be a number from 0 to 2/,
    );
    expect(() => new ChatRoutify({ topP: -1 })).toThrow(RangeError);
    expect(() => new ChatRoutify({ maxTokens: 0.5 })).toThrow(/`maxTokens` must be an integer/);
    expect(() => new ChatRoutify({ maxRetries: -1 })).toThrow(/`maxRetries`/);
    expect(() => new ChatRoutify({ model: '' })).toThrow(/`model` must be a model id/);
    expect(() => new ChatRoutify({ reasoningEffort: 'max' as never })).toThrow(/"low", "medium"/);
    expect(() => new ChatRoutify({ baseURL: 'not a url' })).toThrow(TypeError);
    expect(() => new ChatRoutify({ timeout: -5 })).toThrow();
  });

  it('wrongly typed settings were accepted (streaming: "no" streamed, modelKwargs: "x" sent {"0":"x"}): now they throw', () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ streaming: 'no' }, /`streaming` must be true or false/],
      [{ streamUsage: 'yes' }, /`streamUsage` must be true or false/],
      [{ modelKwargs: 'x' }, /`modelKwargs` must be a plain object/],
      [{ modelKwargs: ['x'] }, /`modelKwargs` must be a plain object/],
      [{ defaultHeaders: 5 }, /`defaultHeaders` must be an object of header names/],
      [{ defaultHeaders: { 'x-n': 1 } }, /`defaultHeaders` must be an object of header names/],
      [{ configuration: { defaultHeaders: 'x' } }, /`configuration.defaultHeaders`/],
      [
        { stop: ['a', 'b', 'c', 'd', 'e'] },
        /at most 4 stop sequences; got 5\. Pass fewer in `stop`/,
      ],
      [{ stopSequences: ['a', 'b', 'c', 'd', 'e'] }, /Pass fewer in `stopSequences`/],
      [{ stop: 'END' }, /`stop` must be a list of strings/],
      [{ stop: [1] }, /`stop` must be a list of strings/],
      [{ maxConcurrency: 0 }, /`maxConcurrency` must be an integer ≥ 1/],
    ];
    for (const [fields, message] of cases) {
      expect(() => new ChatRoutify(fields as never), JSON.stringify(fields)).toThrow(message);
    }
    expect(() => new ChatRoutify({ maxConcurrency: Number.POSITIVE_INFINITY })).not.toThrow();
  });

  it('wrong call-option settings were sent to the API: now they throw before any request', async () => {
    const model = mock.model();
    await expect(model.invoke('Hi', { temperature: 5 })).rejects.toThrow(
      /ChatRoutify call option: `temperature` must be a number from 0 to 2; got 5/,
    );
    await expect(model.invoke('Hi', { modelKwargs: 'x' as never })).rejects.toThrow(TypeError);
    await expect(model.invoke('Hi', { reasoningEffort: 'max' as never })).rejects.toThrow(
      /`reasoningEffort` must be one of/,
    );
    await expect(model.invoke('Hi', { stop: 'END' as never })).rejects.toThrow(
      /`stop` must be a list of strings/,
    );
    expect(mock.bodies()).toHaveLength(0);
  });

  it('has a profile for known models and {} for unknown ones', () => {
    expect(mock.model().profile).toMatchObject({ toolCalling: true, structuredOutput: true });
    expect(mock.model({ model: 'o4-mini' }).profile.reasoningOutput).toBe(true);
    expect(mock.model({ model: 'yandexgpt-lite' }).profile.toolCalling).toBe(false);
    expect(mock.model({ model: 'unknown-model' }).profile).toEqual({});
  });
});
