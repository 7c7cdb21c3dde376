// What a user of @routify/mock-server does in a test: start it on a free port, talk to it with
// plain fetch (JSON, SSE, models, a 401), read the recorded requests, close it; and the
// in-process fetch handler. `api` is the module as the entry file loaded it (import or require).
const assert = require('node:assert/strict');

const KEY = 'sk-packed-check';
const BODY = {
  model: 'gpt-4.1',
  messages: [{ role: 'user', content: 'Give a one-line greeting for the packed-package check.' }],
};

function post(baseURL, body, headers = { authorization: `Bearer ${KEY}` }) {
  return fetch(`${baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/** Reads an SSE body into the concatenated content deltas; asserts it ends with `data: [DONE]`. */
async function readStream(response) {
  assert.equal(response.status, 200, 'stream: HTTP 200');
  assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
  const raw = await response.text();
  const events = raw
    .split(/\r?\n\r?\n/)
    .filter((block) => block.startsWith('data:'))
    .map((block) => block.slice(5).trim());
  assert.equal(events.at(-1), '[DONE]', 'stream: ends with data: [DONE]');
  let text = '';
  for (const data of events.slice(0, -1)) text += JSON.parse(data).choices[0]?.delta?.content ?? '';
  return { text, events: events.length };
}

/** Checks a running server at `baseURL` (also used for the `routify-mock` bin). */
async function checkServer(baseURL) {
  const models = await fetch(`${baseURL}/models`, { headers: { authorization: `Bearer ${KEY}` } });
  assert.equal(models.status, 200, 'GET /v1/models: HTTP 200');
  const list = await models.json();
  assert.equal(list.object, 'list');
  assert.ok(
    list.data.some((model) => model.id === 'gpt-4.1'),
    'GET /v1/models lists gpt-4.1',
  );

  const json = await post(baseURL, BODY);
  assert.equal(json.status, 200, 'POST /v1/chat/completions: HTTP 200');
  assert.ok(json.headers.get('x-request-id'), 'x-request-id header');
  const completion = await json.json();
  const text = completion.choices[0]?.message?.content;
  assert.ok(
    typeof text === 'string' && text.length > 0,
    `completion text expected, got ${JSON.stringify(text)}`,
  );
  assert.equal(
    completion.usage.total_tokens,
    completion.usage.prompt_tokens + completion.usage.completion_tokens,
  );

  const stream = await readStream(await post(baseURL, { ...BODY, stream: true }));
  assert.equal(stream.text, text, 'the SSE deltas add up to the JSON text (deterministic replies)');

  const anonymous = await post(baseURL, BODY, {});
  assert.equal(anonymous.status, 401, 'no key: HTTP 401');
  assert.equal(
    typeof (await anonymous.json()).error?.message,
    'string',
    '401 carries an error envelope',
  );

  const unknown = await post(baseURL, { ...BODY, model: 'no-such-model-packed-check' });
  assert.equal(unknown.status, 404, 'unknown model: HTTP 404');
  await unknown.body?.cancel();
  return { text, events: stream.events, models: list.data.length };
}

exports.checkServer = checkServer;

exports.run = async function run(api, entry) {
  const { startMockServer, createMockRoutify, VERSION } = api;
  assert.match(VERSION, /^\d+\.\d+\.\d+/, 'VERSION is the package version');
  const server = await startMockServer({ port: 0 });
  let result;
  try {
    assert.match(
      server.url,
      /^http:\/\/127\.0\.0\.1:\d+$/,
      `url is the loopback origin, got ${server.url}`,
    );
    assert.equal(server.baseURL, `${server.url}/v1`);
    result = await checkServer(server.baseURL);
    const recorded = server.requests.find((request) => request.path === '/v1/chat/completions');
    assert.ok(recorded, 'requests records the chat completion');
    assert.equal(recorded.method, 'POST');
    assert.deepEqual(recorded.body, BODY, 'the recorded body is the parsed request');
    assert.ok(
      !JSON.stringify(server.requests).includes(KEY),
      'the API key is redacted from requests',
    );
  } finally {
    await server.close();
  }

  const handler = createMockRoutify();
  const inProcess = await handler('http://mock.invalid/v1/chat/completions', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    body: JSON.stringify(BODY),
  });
  assert.equal(inProcess.status, 200, 'createMockRoutify(): HTTP 200');
  const completion = await inProcess.json();
  assert.equal(
    completion.choices[0].message.content,
    result.text,
    'the in-process handler gives the same text',
  );

  return `mock-server ${entry}: ${result.models} models; JSON = SSE (${result.events} events) ${JSON.stringify(result.text.slice(0, 40))}…; 401, 404; requests recorded and redacted; createMockRoutify() agrees`;
};
