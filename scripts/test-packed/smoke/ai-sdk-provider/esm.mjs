// What an AI SDK user does first: generateText and streamText with routify('gpt-4.1'), the default
// provider (key and base URL from ROUTIFY_API_KEY / ROUTIFY_BASE_URL, set by the runner to a mock
// started from its own tarball), with provider options validated by the user's zod; then a typed
// APICallError. @routify/ai-sdk-provider is ESM-only, like ai@7.
import assert from 'node:assert/strict';
import { createRoutify, routify, VERSION } from '@routify/ai-sdk-provider';
import { APICallError, generateText, streamText } from 'ai';

const resolved = import.meta.resolve('@routify/ai-sdk-provider');
assert.match(
  resolved,
  /\/node_modules\/@routify\/ai-sdk-provider\/dist\/index\.js$/,
  `import resolved to ${resolved}`,
);
assert.match(VERSION, /^\d+\.\d+\.\d+/, 'VERSION is the package version');

const request = {
  model: routify('gpt-4.1'),
  prompt: 'Give a one-line greeting for the packed-package check.',
  providerOptions: { routify: { user: 'packed-check' } },
  maxRetries: 0,
};

const generated = await generateText(request);
assert.ok(
  generated.text.length > 0,
  `generateText: text expected, got ${JSON.stringify(generated.text)}`,
);
assert.equal(generated.finishReason, 'stop');
assert.ok(
  generated.usage.inputTokens > 0 && generated.usage.outputTokens > 0,
  'generateText: usage',
);

const streamed = streamText(request);
let text = '';
let deltas = 0;
for await (const delta of streamed.textStream) {
  deltas++;
  text += delta;
}
assert.ok(deltas > 2, `streamText: several deltas expected, got ${deltas}`);
assert.equal(text, generated.text, 'streamText: the deltas add up to the generateText text');
assert.equal(await streamed.finishReason, 'stop');
assert.ok((await streamed.usage).outputTokens > 0, 'streamText: usage');

let thrown;
try {
  await generateText({ ...request, model: createRoutify()('no-such-model-packed-check') });
} catch (error) {
  thrown = error;
}
assert.ok(APICallError.isInstance(thrown), `unknown model: APICallError expected, got ${thrown}`);
assert.equal(thrown.statusCode, 404);

console.log(
  `ai-sdk-provider ESM: generateText ${JSON.stringify(generated.text.slice(0, 40))}… = streamText (${deltas} deltas); unknown model → APICallError 404`,
);
