import assert from 'node:assert/strict';
import * as messages from '@langchain/core/messages';
import * as api from '@routify/langchain';
import checks from './checks.cjs';

const resolved = import.meta.resolve('@routify/langchain');
assert.match(
  resolved,
  /\/node_modules\/@routify\/langchain\/dist\/index\.js$/,
  `import resolved to ${resolved}`,
);
console.log(await checks.run(api, messages, 'ESM'));
