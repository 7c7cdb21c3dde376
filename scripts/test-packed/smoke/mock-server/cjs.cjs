const assert = require('node:assert/strict');
const api = require('@routify/mock-server');
const checks = require('./checks.cjs');

const resolved = require.resolve('@routify/mock-server');
assert.match(
  resolved,
  /\/node_modules\/@routify\/mock-server\/dist\/index\.cjs$/,
  `require resolved to ${resolved}`,
);
checks.run(api, 'CommonJS').then(
  (summary) => console.log(summary),
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
