// biome-ignore-all lint/suspicious/noUndeclaredEnvVars: the runner passes the mock server's address.
// What a user of @routify/core does first: a JSON completion, the same request streamed, the model
// list, and a typed error. `api` is the module as the entry file loaded it (import or require).
const assert = require('node:assert/strict');

const PROMPT = 'Give a one-line greeting for the packed-package check.';

exports.run = async function run(api, entry) {
  const { Routify, NotFoundError, APIError, RoutifyError, VERSION } = api;
  assert.match(VERSION, /^\d+\.\d+\.\d+/, 'VERSION is the package version');
  const client = new Routify({
    apiKey: process.env.ROUTIFY_API_KEY,
    baseURL: process.env.ROUTIFY_BASE_URL,
    maxRetries: 0,
  });
  const params = { model: 'gpt-4.1', messages: [{ role: 'user', content: PROMPT }] };

  const { data: completion, response } = await client.chat.completions
    .create(params)
    .withResponse();
  assert.equal(response.status, 200, 'JSON completion: HTTP 200');
  assert.ok(response.requestId, 'JSON completion: x-request-id read into response.requestId');
  assert.equal(completion.object, 'chat.completion');
  const text = completion.choices[0]?.message?.content;
  assert.ok(
    typeof text === 'string' && text.length > 0,
    `JSON completion: text expected, got ${JSON.stringify(text)}`,
  );
  assert.equal(completion.choices[0].finish_reason, 'stop');
  const usage = completion.usage;
  assert.ok(
    usage.prompt_tokens > 0 && usage.completion_tokens > 0,
    'JSON completion: usage counted',
  );
  assert.equal(usage.total_tokens, usage.prompt_tokens + usage.completion_tokens);

  const stream = await client.chat.completions.create({ ...params, stream: true });
  let streamed = '';
  let chunks = 0;
  let finishReason;
  for await (const chunk of stream) {
    chunks++;
    streamed += chunk.choices[0]?.delta?.content ?? '';
    finishReason = chunk.choices[0]?.finish_reason ?? finishReason;
  }
  assert.ok(chunks > 2, `stream: several chunks expected, got ${chunks}`);
  assert.equal(streamed, text, 'stream: the deltas add up to the JSON completion text');
  assert.equal(finishReason, 'stop', 'stream: finish_reason stop');

  const models = await client.models.list();
  assert.equal(models.object, 'list');
  assert.ok(
    models.data.some((model) => model.id === 'gpt-4.1'),
    `models.list(): gpt-4.1 expected among ${models.data.map((model) => model.id).join(', ')}`,
  );

  let thrown;
  try {
    await client.chat.completions.create({ ...params, model: 'no-such-model-packed-check' });
  } catch (error) {
    thrown = error;
  }
  assert.ok(
    thrown instanceof NotFoundError,
    `unknown model: NotFoundError expected, got ${thrown}`,
  );
  assert.ok(
    thrown instanceof APIError && thrown instanceof RoutifyError && thrown instanceof Error,
  );
  assert.equal(thrown.status, 404);
  assert.ok(NotFoundError.isInstance(thrown), 'NotFoundError.isInstance()');

  return `core ${entry}: JSON ${JSON.stringify(text.slice(0, 40))}… = stream of ${chunks} chunks; ${models.data.length} models; unknown model → NotFoundError 404`;
};
