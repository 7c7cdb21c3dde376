const assert = require('node:assert/strict');
const api = require('@routify/core');
const checks = require('./checks.cjs');

const resolved = require.resolve('@routify/core');
assert.match(
  resolved,
  /\/node_modules\/@routify\/core\/dist\/index\.cjs$/,
  `require resolved to ${resolved}`,
);
checks.run(api, 'CommonJS').then(
  (summary) => console.log(summary),
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
