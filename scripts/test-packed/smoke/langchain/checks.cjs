// What a LangChain user does first with ChatRoutify: `new ChatRoutify()` (key and base URL from
// ROUTIFY_API_KEY / ROUTIFY_BASE_URL, set by the runner to a mock started from its own tarball),
// invoke, and the same prompt streamed. `api` is @routify/langchain and `messages` the user's own
// @langchain/core/messages, both as the entry file loaded them (import or require).
const assert = require('node:assert/strict');

const PROMPT = 'Give a one-line greeting for the packed-package check.';

exports.run = async function run(api, messages, entry) {
  const { ChatRoutify, VERSION } = api;
  const { AIMessage, AIMessageChunk, HumanMessage } = messages;
  assert.match(VERSION, /^\d+\.\d+\.\d+/, 'VERSION is the package version');
  const model = new ChatRoutify();

  const message = await model.invoke([new HumanMessage(PROMPT)]);
  assert.ok(
    message instanceof AIMessage,
    'invoke() returns an AIMessage of the user’s @langchain/core (one shared copy)',
  );
  const text = message.content;
  assert.ok(
    typeof text === 'string' && text.length > 0,
    `invoke(): text expected, got ${JSON.stringify(text)}`,
  );
  assert.ok(message.usage_metadata?.total_tokens > 0, 'invoke(): usage_metadata');
  assert.equal(message.response_metadata?.model_provider, 'routify');

  let full;
  let chunks = 0;
  for await (const chunk of await model.stream(PROMPT)) {
    assert.ok(chunk instanceof AIMessageChunk, 'stream() yields AIMessageChunk');
    chunks++;
    full = full ? full.concat(chunk) : chunk;
  }
  assert.ok(chunks > 2, `stream(): several chunks expected, got ${chunks}`);
  assert.equal(full.content, text, 'stream(): the chunks add up to the invoke() text');
  assert.ok(
    full.usage_metadata?.total_tokens > 0,
    'stream(): usage_metadata on the concatenated chunks',
  );
  assert.equal(
    full.response_metadata?.model_provider,
    'routify',
    'stream(): response_metadata ungarbled',
  );

  return `langchain ${entry}: invoke ${JSON.stringify(text.slice(0, 40))}… = stream of ${chunks} chunks; usage ${full.usage_metadata.total_tokens} tokens`;
};
