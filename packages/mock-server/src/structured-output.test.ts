import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer } from './index';
import type { MockServer } from './node-server';
import { type Loose, post, sseChunks, streamedText } from './test-helper.test-helper';

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer();
});
afterAll(() => server.close());

const ajv = new Ajv({ allErrors: true, validateFormats: false });

const order = {
  type: 'object',
  properties: {
    customer: {
      type: 'object',
      properties: {
        name: { type: 'string' },
        email: { type: ['string', 'null'], format: 'email' },
        address: {
          type: 'object',
          properties: { city: { type: 'string' }, zip: { type: 'string', pattern: '^\\d{5}$' } },
          required: ['city', 'zip'],
          additionalProperties: false,
        },
      },
      required: ['name', 'email', 'address'],
      additionalProperties: false,
    },
    items: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: {
          sku: { type: 'string' },
          quantity: { type: 'integer', minimum: 1 },
          price: { type: 'number', minimum: 0 },
        },
        required: ['sku', 'quantity', 'price'],
        additionalProperties: false,
      },
    },
    status: { type: 'string', enum: ['pending', 'paid', 'shipped'] },
    gift: { type: 'boolean' },
  },
  required: ['customer', 'items', 'status', 'gift'],
  additionalProperties: false,
};

const format = (schema: unknown, strict = true) => ({
  type: 'json_schema',
  json_schema: { name: 'order', strict, schema },
});

async function content(body: Record<string, unknown>): Promise<string> {
  const response = await post(server.baseURL, { model: 'gpt-4.1', ...body });
  const json = await response.json();
  expect(response.status, JSON.stringify(json)).toBe(200);
  expect(json.choices[0].finish_reason).toBe('stop');
  return json.choices[0].message.content;
}

describe('response_format json_schema', () => {
  it('answers JSON that validates against a nested schema, strict or not', async () => {
    const validate = ajv.compile(order);
    for (const strict of [true, false]) {
      for (const prompt of [
        'Create an order',
        'Order 3 of "SKU-1" for Anna in Berlin, paid',
        'Заказ',
      ]) {
        const text = await content({
          messages: [{ role: 'user', content: prompt }],
          response_format: format(order, strict),
        });
        const value = JSON.parse(text);
        expect(validate(value), `${text} ${JSON.stringify(validate.errors)}`).toBe(true);
      }
    }
  });

  it('takes values from the prompt and exact defaults otherwise', async () => {
    const text = await content({
      messages: [
        { role: 'user', content: 'Order 3 of sku "SKU-1" for name "Anna" in Berlin, paid' },
      ],
      response_format: format(order),
    });
    expect(JSON.parse(text)).toEqual({
      customer: {
        name: 'Anna',
        email: 'user@example.com',
        address: { city: 'Berlin', zip: '00000' },
      },
      items: [{ sku: 'SKU-1', quantity: 3, price: 0 }],
      status: 'paid',
      gift: true,
    });
  });

  it('streams the same JSON text in token deltas', async () => {
    const body = {
      model: 'gpt-4.1',
      messages: [{ role: 'user', content: 'Create an order' }],
      response_format: format(order),
    };
    const expected = await content(body);
    const chunks = sseChunks(await (await post(server.baseURL, { ...body, stream: true })).text());
    expect(streamedText(chunks)).toBe(expected);
    expect(chunks.length).toBeGreaterThan(10);
  });

  it('fills the JSON from tool results of the turn', async () => {
    const messages: Loose[] = [
      { role: 'user', content: 'Summarize the weather' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{}' } },
        ],
      },
      {
        role: 'tool',
        tool_call_id: 'call_1',
        content: '{"city":"Oslo","temperature":-3,"windy":false}',
      },
    ];
    const schema = {
      type: 'object',
      properties: {
        city: { type: 'string' },
        temperature: { type: 'number' },
        windy: { type: 'boolean' },
      },
      required: ['city', 'temperature', 'windy'],
      additionalProperties: false,
    };
    expect(JSON.parse(await content({ messages, response_format: format(schema) }))).toEqual({
      city: 'Oslo',
      temperature: -3,
      windy: false,
    });
  });
});

describe('response_format json_object', () => {
  it('answers a JSON object holding the text reply', async () => {
    const text = await content({
      messages: [{ role: 'user', content: 'Reply in JSON' }],
      response_format: { type: 'json_object' },
    });
    expect(JSON.parse(text)).toEqual({
      answer: 'Hello! You said: "Reply in JSON". This is a mock reply from gpt-4.1.',
    });
  });

  it('follows a JSON schema written in the messages', async () => {
    const schema = {
      type: 'object',
      properties: { name: { type: 'string' }, age: { type: 'integer', minimum: 0 } },
      required: ['name', 'age'],
    };
    const text = await content({
      messages: [
        {
          role: 'system',
          content: `Answer with JSON matching this schema: ${JSON.stringify(schema)}`,
        },
        { role: 'user', content: 'Make a person aged 30' },
      ],
      response_format: { type: 'json_object' },
    });
    expect(JSON.parse(text)).toEqual({ name: 'example', age: 30 });
  });

  it('is refused by a model without it', async () => {
    const response = await post(server.baseURL, {
      model: 'yandexgpt-lite',
      messages: [{ role: 'user', content: 'x' }],
      response_format: { type: 'json_object' },
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error.param).toBe('response_format');
  });
});

describe('image parts', () => {
  it('are accepted by vision models and counted in the reply and usage', async () => {
    const image = {
      type: 'image_url',
      image_url: { url: 'https://example.com/cat.png', detail: 'low' },
    };
    const response = await post(server.baseURL, {
      model: 'gpt-4.1',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'What is this?' }, image, image] },
      ],
    });
    const json = await response.json();
    expect(json.choices[0].message.content).toBe(
      'Hello! You said: "What is this?". I see 2 images. This is a mock reply from gpt-4.1.',
    );
    expect(json.usage.prompt_tokens).toBe(4 + 4 + 2 * 85);
  });
});
