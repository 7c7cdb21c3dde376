import assert from 'node:assert/strict';
import * as api from '@routify/mock-server';
import checks from './checks.cjs';

const resolved = import.meta.resolve('@routify/mock-server');
assert.match(
  resolved,
  /\/node_modules\/@routify\/mock-server\/dist\/index\.js$/,
  `import resolved to ${resolved}`,
);
console.log(await checks.run(api, 'ESM'));
