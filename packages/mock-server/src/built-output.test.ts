import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// The built package, as users load it (turbo builds the package before its tests).
const require = createRequire(import.meta.url);

describe('built output', () => {
  it('works through require (CJS) and import (ESM)', async () => {
    const cjs = require('../dist/index.cjs') as typeof import('./index');
    const esm = (await import('../dist/index.js' as string)) as typeof import('./index');
    for (const lib of [cjs, esm]) {
      const server = await lib.startMockServer();
      const mock = lib.createMockRoutify();
      try {
        const response = await fetch(`${server.baseURL}/models`, {
          headers: { authorization: 'Bearer k' },
        });
        expect(response.status).toBe(200);
        const inProcess = await mock('http://x/v1/models', {
          headers: { authorization: 'Bearer k' },
        });
        expect((await inProcess.json()).object).toBe('list');
        expect(lib.VERSION).toMatch(/^\d+\.\d+\.\d+/);
      } finally {
        await server.close();
      }
    }
  });
});
