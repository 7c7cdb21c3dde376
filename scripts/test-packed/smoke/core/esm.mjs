import assert from 'node:assert/strict';
import * as api from '@routify/core';
import checks from './checks.cjs';

const resolved = import.meta.resolve('@routify/core');
assert.match(
  resolved,
  /\/node_modules\/@routify\/core\/dist\/index\.js$/,
  `import resolved to ${resolved}`,
);
console.log(await checks.run(api, 'ESM'));
