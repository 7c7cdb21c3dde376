import { Ajv } from 'ajv';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockServer } from './index';
import type { MockServer } from './node-server';
import { type Loose, post, sseChunks } from './test-helper.test-helper';

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const ajv = new Ajv({ allErrors: true, validateFormats: false });

const getWeather = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: {
      type: 'object',
      properties: {
        city: { type: 'string' },
        unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
        days: { type: 'integer', minimum: 1, maximum: 7 },
      },
      required: ['city', 'unit'],
      additionalProperties: false,
    },
  },
};
const getTime = {
  type: 'function',
  function: {
    name: 'get_time',
    description: 'Current time in an IANA time zone',
    parameters: {
      type: 'object',
      properties: { timezone: { type: 'string' } },
      required: ['timezone'],
      additionalProperties: false,
    },
  },
};
const lookupUser = {
  type: 'function',
  function: {
    name: 'lookup_user',
    description: 'Find a user by id',
    parameters: {
      type: 'object',
      properties: { user_id: { type: 'integer' } },
      required: ['user_id'],
    },
  },
};
const tools = [getWeather, getTime, lookupUser];
const schemas: Record<string, object> = Object.fromEntries(
  tools.map((tool) => [tool.function.name, tool.function.parameters]),
);

async function complete(body: Record<string, unknown>): Promise<Loose> {
  const response = await post(server.baseURL, { model: 'gpt-4.1', tools, ...body });
  const json = await response.json();
  expect(response.status, JSON.stringify(json)).toBe(200);
  return json;
}

/** Asserts the tool calls' names and that every arguments string validates against its tool. */
function expectCalls(message: Loose, names: string[], toolSchemas = schemas): Loose[] {
  expect(message.content).toBeNull();
  expect(message.tool_calls.map((call: Loose) => call.function.name)).toEqual(names);
  const args = message.tool_calls.map((call: Loose) => {
    expect(call.id).toMatch(/^call_[0-9A-Za-z]{24}$/);
    expect(call.type).toBe('function');
    expect(typeof call.function.arguments).toBe('string');
    const parsed = JSON.parse(call.function.arguments);
    const validate = ajv.compile(toolSchemas[call.function.name] as object);
    expect(validate(parsed), JSON.stringify(validate.errors)).toBe(true);
    return parsed;
  });
  return args;
}

const user = (content: string) => [{ role: 'user', content }];

describe('tool choice', () => {
  it('auto: calls both asked-for tools in parallel with arguments from the prompt', async () => {
    const json = await complete({
      messages: user('What is the weather in Paris and the time in Tokyo?'),
    });
    expect(json.choices[0].finish_reason).toBe('tool_calls');
    const args = expectCalls(json.choices[0].message, ['get_weather', 'get_time']);
    expect(args).toEqual([{ city: 'Paris', unit: 'celsius' }, { timezone: 'Asia/Tokyo' }]);
  });

  it('auto: takes numbers, enum words and multi-word places from the prompt segment', async () => {
    const json = await complete({
      messages: user('What will the weather be in New York for 3 days, in fahrenheit?'),
    });
    expect(expectCalls(json.choices[0].message, ['get_weather'])).toEqual([
      { city: 'New York', unit: 'fahrenheit', days: 3 },
    ]);
  });

  it('auto: answers in text when the prompt asks for no tool', async () => {
    const json = await complete({ messages: user('Tell me a joke') });
    expect(json.choices[0].finish_reason).toBe('stop');
    expect(json.choices[0].message.tool_calls).toBeUndefined();
    expect(json.choices[0].message.content).toBe(
      'Hello! You said: "Tell me a joke". This is a mock reply from gpt-4.1.',
    );
  });

  it('auto: matches description key words when no tool name matches', async () => {
    const fx = {
      type: 'function',
      function: {
        name: 'fx',
        description: 'Convert currency amounts',
        parameters: {
          type: 'object',
          properties: { amount: { type: 'number' }, to: { type: 'string' } },
          required: ['amount', 'to'],
        },
      },
    };
    const json = await complete({ tools: [fx], messages: user('Please convert 100 to "EUR"') });
    expect(expectCalls(json.choices[0].message, ['fx'], { fx: fx.function.parameters })).toEqual([
      { amount: 100, to: 'EUR' },
    ]);
  });

  it('parallel_tool_calls: false calls one tool per step, in prompt order', async () => {
    const messages: Loose[] = user('What is the weather in Paris and the time in Tokyo?');
    const first = await complete({ messages, parallel_tool_calls: false });
    expectCalls(first.choices[0].message, ['get_weather']);
    messages.push(first.choices[0].message, {
      role: 'tool',
      tool_call_id: first.choices[0].message.tool_calls[0].id,
      content: 'Sunny, 21 °C',
    });
    const second = await complete({ messages, parallel_tool_calls: false });
    expect(expectCalls(second.choices[0].message, ['get_time'])).toEqual([
      { timezone: 'Asia/Tokyo' },
    ]);
  });

  // Report 7 of the mock-server review: one call per place when the prompt names several.
  it('auto: calls a location tool once per place its segment names, other values kept', async () => {
    const json = await complete({
      messages: user('What is the weather in Paris and in London for 3 days, in fahrenheit?'),
    });
    const args = expectCalls(json.choices[0].message, ['get_weather', 'get_weather']);
    expect(args).toEqual([
      { city: 'Paris', unit: 'fahrenheit', days: 3 },
      { city: 'London', unit: 'fahrenheit', days: 3 },
    ]);
    const times = await complete({ messages: user('What time is it in Tokyo and Berlin?') });
    expect(expectCalls(times.choices[0].message, ['get_time', 'get_time'])).toEqual([
      { timezone: 'Asia/Tokyo' },
      { timezone: 'Europe/Berlin' },
    ]);
  });

  it('per place with parallel_tool_calls: false: one place per step, then the text', async () => {
    const messages: Loose[] = user('Weather in Paris and in London?');
    for (const city of ['Paris', 'London']) {
      const step = await complete({ messages, parallel_tool_calls: false });
      const message = step.choices[0].message;
      expect(expectCalls(message, ['get_weather'])[0].city).toBe(city);
      messages.push(message, {
        role: 'tool',
        tool_call_id: message.tool_calls[0].id,
        content: `${city}: sunny`,
      });
    }
    const last = await complete({ messages, parallel_tool_calls: false });
    expect(last.choices[0].message.content).toBe(
      'Based on the tool results: get_weather: Paris: sunny; get_weather: London: sunny.',
    );
  });

  it('forced: always calls the named tool, whatever the prompt', async () => {
    for (const prompt of ['Tell me a joke', 'What is the weather in Rome?']) {
      const json = await complete({
        messages: user(prompt),
        tool_choice: { type: 'function', function: { name: 'get_time' } },
      });
      expect(json.choices[0].finish_reason).toBe('tool_calls');
      expectCalls(json.choices[0].message, ['get_time']);
    }
  });

  it('required: calls the asked-for tools, else the first tool', async () => {
    const asked = await complete({
      messages: user('What time is it in London?'),
      tool_choice: 'required',
    });
    expect(expectCalls(asked.choices[0].message, ['get_time'])).toEqual([
      { timezone: 'Europe/London' },
    ]);
    const none = await complete({ messages: user('Hi'), tool_choice: 'required' });
    expect(expectCalls(none.choices[0].message, ['get_weather'])).toEqual([
      { city: 'Paris', unit: 'celsius' },
    ]);
  });

  it('required after the asked-for tools ran: calls a tool not yet called, not the first again', async () => {
    // createAgent's forced structured output: tool_choice "required" with the user's tools plus
    // a structured-output tool. Once get_weather's result is in, the next call must be the
    // structured-output tool, or the agent loops until its recursion limit.
    const weatherResponse = {
      type: 'function',
      function: {
        name: 'FinalAnswer',
        description: 'Respond to the user with this structured output',
        parameters: {
          type: 'object',
          properties: { city: { type: 'string' }, temperature: { type: 'number' } },
          required: ['city', 'temperature'],
        },
      },
    };
    const agentTools = [getWeather, weatherResponse];
    const agentSchemas = { ...schemas, FinalAnswer: weatherResponse.function.parameters };
    const messages: Loose[] = user('What is the weather in Paris?');
    const step1 = await complete({ messages, tools: agentTools, tool_choice: 'required' });
    expect(expectCalls(step1.choices[0].message, ['get_weather'], agentSchemas)).toEqual([
      { city: 'Paris', unit: 'celsius' },
    ]);
    messages.push(step1.choices[0].message, {
      role: 'tool',
      tool_call_id: step1.choices[0].message.tool_calls[0].id,
      content: '{"temperature":21,"condition":"sunny"}',
    });
    const step2 = await complete({ messages, tools: agentTools, tool_choice: 'required' });
    expect(expectCalls(step2.choices[0].message, ['FinalAnswer'], agentSchemas)).toEqual([
      { city: 'Paris', temperature: 21 },
    ]);
    // Every tool called with the arguments it would get now: the first asked-for tool again.
    messages.push(step2.choices[0].message, {
      role: 'tool',
      tool_call_id: step2.choices[0].message.tool_calls[0].id,
      content: 'Returning structured response',
    });
    const step3 = await complete({ messages, tools: agentTools, tool_choice: 'required' });
    expectCalls(step3.choices[0].message, ['get_weather'], agentSchemas);
  });

  it('required with several tools: each step calls the next tool not yet called with its arguments', async () => {
    const messages: Loose[] = user('What is the weather in Paris?');
    const names: string[] = [];
    for (let step = 0; step < 3; step++) {
      const json = await complete({ messages, tool_choice: 'required' });
      const message = json.choices[0].message;
      expectCalls(message, [message.tool_calls[0].function.name]);
      names.push(message.tool_calls[0].function.name);
      messages.push(message, {
        role: 'tool',
        tool_call_id: message.tool_calls[0].id,
        content: '{"ok":true}',
      });
    }
    // The asked-for tool, then the others in `tools` order: no tool twice.
    expect(names).toEqual(['get_weather', 'get_time', 'lookup_user']);
  });

  it('required counts calls of earlier turns too (same tool, same arguments)', async () => {
    // Without an asked-for tool, get_weather would get {city: Paris, unit: celsius} — the
    // call an earlier turn already made, so the next tool is called instead.
    const messages: Loose[] = [
      ...user('What is the weather in Paris?'),
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_1',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"unit":"celsius","city":"Paris"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: '{"temperature":21}' },
      { role: 'assistant', content: 'It is 21 °C.' },
      ...user('Hi'),
    ];
    const json = await complete({ messages, tool_choice: 'required' });
    expectCalls(json.choices[0].message, ['get_time']);
    // Other arguments are another call: get_weather for Paris in fahrenheit was never made.
    messages[1].tool_calls[0].function.arguments = '{"city":"Paris","unit":"fahrenheit"}';
    const other = await complete({ messages, tool_choice: 'required' });
    expectCalls(other.choices[0].message, ['get_weather']);
  });

  it('none: answers in text even when asked for a tool', async () => {
    const json = await complete({
      messages: user('What is the weather in Paris?'),
      tool_choice: 'none',
    });
    expect(json.choices[0].message.tool_calls).toBeUndefined();
    expect(json.choices[0].finish_reason).toBe('stop');
  });
});

describe('a three-step agent loop (lookup, then a second tool, then the answer)', () => {
  const prompt = 'Look up user 42, then tell me the weather in their city.';
  const lookupResult = '{"id":42,"name":"Alice","city":"Berlin"}';
  const weatherResult = '{"temperature":12,"condition":"rain"}';

  it('calls lookup_user, then get_weather with the city from the lookup, then quotes both', async () => {
    const messages: Loose[] = user(prompt);
    const step1 = await complete({ messages });
    expect(expectCalls(step1.choices[0].message, ['lookup_user'])).toEqual([{ user_id: 42 }]);
    messages.push(step1.choices[0].message, {
      role: 'tool',
      tool_call_id: step1.choices[0].message.tool_calls[0].id,
      content: lookupResult,
    });
    const step2 = await complete({ messages });
    expect(expectCalls(step2.choices[0].message, ['get_weather'])).toEqual([
      { city: 'Berlin', unit: 'celsius' },
    ]);
    messages.push(step2.choices[0].message, {
      role: 'tool',
      tool_call_id: step2.choices[0].message.tool_calls[0].id,
      content: weatherResult,
    });
    const step3 = await complete({ messages });
    expect(step3.choices[0].finish_reason).toBe('stop');
    expect(step3.choices[0].message.content).toBe(
      `Based on the tool results: lookup_user: ${lookupResult}; get_weather: ${weatherResult}.`,
    );
  });

  it('fills the first required string from a plain-text result', async () => {
    const messages: Loose[] = user('Look up user 7, then get the weather there');
    const step1 = await complete({ messages });
    messages.push(step1.choices[0].message, {
      role: 'tool',
      tool_call_id: step1.choices[0].message.tool_calls[0].id,
      content: 'Oslo',
    });
    const step2 = await complete({ messages });
    expect(expectCalls(step2.choices[0].message, ['get_weather'])).toEqual([
      { city: 'Oslo', unit: 'celsius' },
    ]);
  });

  it('answers in Russian for a Russian prompt', async () => {
    const messages: Loose[] = user('Какая погода? Используй get_weather');
    const step1 = await complete({ messages });
    expectCalls(step1.choices[0].message, ['get_weather']);
    messages.push(step1.choices[0].message, {
      role: 'tool',
      tool_call_id: step1.choices[0].message.tool_calls[0].id,
      content: 'Солнечно',
    });
    const step2 = await complete({ messages });
    expect(step2.choices[0].message.content).toBe(
      'По результатам инструментов: get_weather: Солнечно.',
    );
  });

  it('refuses a follow-up whose tool call has no tool message', async () => {
    const step1 = await complete({ messages: user(prompt) });
    const response = await post(server.baseURL, {
      model: 'gpt-4.1',
      tools,
      messages: [...user(prompt), step1.choices[0].message, { role: 'user', content: 'and?' }],
    });
    expect(response.status).toBe(400);
    const error = (await response.json()).error;
    expect(error.code).toBe('missing_tool_response');
    expect(error.param).toBe('messages[1].tool_calls');
  });
});

/** Folds streamed chunks into the assistant message a client would send back. */
function assemble(chunks: Loose[]): Loose {
  const calls: Loose[] = [];
  let content = '';
  let finish: string | null = null;
  for (const chunk of chunks) {
    const choice = chunk.choices[0];
    if (!choice) continue;
    content += choice.delta.content ?? '';
    for (const fragment of choice.delta.tool_calls ?? []) {
      calls[fragment.index] ??= { id: '', type: 'function', function: { name: '', arguments: '' } };
      const call = calls[fragment.index];
      if (fragment.id) call.id = fragment.id;
      if (fragment.function?.name) call.function.name = fragment.function.name;
      call.function.arguments += fragment.function?.arguments ?? '';
    }
    finish = choice.finish_reason ?? finish;
  }
  return {
    finish,
    message:
      calls.length > 0
        ? { role: 'assistant', content: null, tool_calls: calls }
        : { role: 'assistant', content },
  };
}

describe('streamed tool calls', () => {
  it('drive the three-step agent loop over SSE', async () => {
    const messages: Loose[] = user('Look up user 42, then tell me the weather in their city.');
    const step = async () =>
      assemble(
        sseChunks(
          await (
            await post(server.baseURL, { model: 'gpt-4.1', tools, messages, stream: true })
          ).text(),
        ),
      );
    const first = await step();
    expect(first.finish).toBe('tool_calls');
    expect(expectCalls(first.message, ['lookup_user'])).toEqual([{ user_id: 42 }]);
    messages.push(first.message, {
      role: 'tool',
      tool_call_id: first.message.tool_calls[0].id,
      content: '{"city":"Berlin"}',
    });
    const second = await step();
    expect(expectCalls(second.message, ['get_weather'])).toEqual([
      { city: 'Berlin', unit: 'celsius' },
    ]);
    messages.push(second.message, {
      role: 'tool',
      tool_call_id: second.message.tool_calls[0].id,
      content: 'Rain, 12 °C',
    });
    const third = await step();
    expect(third).toEqual({
      finish: 'stop',
      message: {
        role: 'assistant',
        content:
          'Based on the tool results: lookup_user: {"city":"Berlin"}; get_weather: Rain, 12 °C.',
      },
    });
  });

  it('sends id, type and name first, then arguments in fragments, interleaved across calls', async () => {
    const body = {
      model: 'gpt-4.1',
      tools,
      messages: user('What is the weather in Paris and the time in Tokyo?'),
    };
    const json = await complete(body);
    server.reset();
    const text = await (
      await post(server.baseURL, { ...body, stream: true, stream_options: { include_usage: true } })
    ).text();
    const chunks = sseChunks(text);
    const deltas = chunks.slice(1, -1).map((chunk) => chunk.choices[0]);
    const fragments = deltas.map((choice) => {
      expect(choice.delta.tool_calls).toHaveLength(1);
      return choice.delta.tool_calls[0];
    });
    expect(fragments[0]).toEqual({
      index: 0,
      id: expect.stringMatching(/^call_[0-9A-Za-z]{24}$/),
      type: 'function',
      function: { name: 'get_weather', arguments: '' },
    });
    expect(fragments[1]).toEqual({
      index: 1,
      id: expect.stringMatching(/^call_[0-9A-Za-z]{24}$/),
      type: 'function',
      function: { name: 'get_time', arguments: '' },
    });
    // Interleaved: index 0, 1, 0, 1, … while both have fragments left.
    expect(fragments.slice(0, 4).map((fragment) => fragment.index)).toEqual([0, 1, 0, 1]);
    for (const fragment of fragments.slice(2))
      expect(Object.keys(fragment)).toEqual(['index', 'function']);
    const assembled = [0, 1].map((index) =>
      fragments
        .filter((fragment) => fragment.index === index)
        .map((fragment) => fragment.function.arguments)
        .join(''),
    );
    expect(assembled).toEqual(
      json.choices[0].message.tool_calls.map((call: Loose) => call.function.arguments),
    );
    expect(fragments.filter((fragment) => fragment.index === 0).length).toBeGreaterThan(3);
    expect(deltas.slice(0, -1).every((choice) => choice.finish_reason === null)).toBe(true);
    expect(deltas.at(-1).finish_reason).toBe('tool_calls');
    expect(chunks.at(-1).usage).toEqual(json.usage);
  });
});

describe('tool arguments from schemas', () => {
  const complex = {
    type: 'function',
    function: {
      name: 'book_trip',
      parameters: {
        $defs: {
          traveler: {
            type: 'object',
            properties: {
              name: { type: 'string', minLength: 2 },
              age: { type: 'integer', minimum: 18 },
              email: { type: 'string', format: 'email' },
            },
            required: ['name', 'age'],
            additionalProperties: false,
          },
        },
        type: 'object',
        properties: {
          destination: { type: 'string' },
          nights: { type: 'integer', minimum: 1, maximum: 14 },
          budget: { type: 'number', exclusiveMinimum: 0, multipleOf: 0.5 },
          class: { type: 'string', enum: ['economy', 'business'] },
          travelers: { type: 'array', items: { $ref: '#/$defs/traveler' }, minItems: 2 },
          tags: { type: 'array', items: { type: 'string' }, uniqueItems: true, minItems: 2 },
          pet: { anyOf: [{ type: 'null' }, { type: 'string', const: 'dog' }] },
          insurance: { type: 'boolean' },
          code: { type: 'string', pattern: '^[A-Z]{3}$' },
          notes: { type: 'string' },
          dates: {
            type: 'object',
            properties: {
              from: { type: 'string', format: 'date' },
              to: { type: 'string', format: 'date' },
            },
            required: ['from', 'to'],
          },
        },
        required: [
          'destination',
          'nights',
          'budget',
          'class',
          'travelers',
          'tags',
          'pet',
          'insurance',
          'code',
          'dates',
        ],
        additionalProperties: false,
      },
    },
  };

  it('always validates, for nested objects, arrays, $ref, anyOf, enums, bounds and patterns', async () => {
    for (const prompt of [
      'Book a trip to Lisbon for 20 nights in business class',
      'Book a trip',
      'Бронируй поездку в Казань',
    ]) {
      const json = await complete({
        tools: [complex],
        tool_choice: { type: 'function', function: { name: 'book_trip' } },
        messages: user(prompt),
      });
      expectCalls(json.choices[0].message, ['book_trip'], {
        book_trip: complex.function.parameters,
      });
    }
  });

  it('puts the prompt values where they fit and includes optional keys only when known', async () => {
    const json = await complete({
      tools: [complex],
      tool_choice: { type: 'function', function: { name: 'book_trip' } },
      messages: user('Book a trip to Lisbon for 5 nights, 1200 budget, business class, code "LIS"'),
    });
    const [args] = expectCalls(json.choices[0].message, ['book_trip'], {
      book_trip: complex.function.parameters,
    });
    expect(args).toMatchObject({
      destination: 'Lisbon',
      nights: 5,
      budget: 1200,
      class: 'business',
      code: 'LIS',
    });
    expect(args).not.toHaveProperty('notes');
  });
});
