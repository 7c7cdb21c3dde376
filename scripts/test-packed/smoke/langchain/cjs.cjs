const assert = require('node:assert/strict');
const messages = require('@langchain/core/messages');
const api = require('@routify/langchain');
const checks = require('./checks.cjs');

const resolved = require.resolve('@routify/langchain');
assert.match(
  resolved,
  /\/node_modules\/@routify\/langchain\/dist\/index\.cjs$/,
  `require resolved to ${resolved}`,
);
checks.run(api, messages, 'CommonJS').then(
  (summary) => console.log(summary),
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
