import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
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

  it('the published .d.ts type-checks in a Node project without the DOM lib (no DOM-only globals)', () => {
    // Regression: `RequestInfo` (DOM lib only) in MockRoutifyFetch gave TS2552 to Node projects
    // with skipLibCheck off. @types/node supplies Request, Response, Headers, RequestInit, URL.
    const files = ['../dist/index.d.ts', '../dist/index.d.cts'].map((path) =>
      fileURLToPath(new URL(path, import.meta.url)),
    );
    const program = ts.createProgram(files, {
      target: ts.ScriptTarget.ES2023,
      lib: ['lib.es2023.d.ts'],
      types: ['node'],
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      strict: true,
      skipLibCheck: false,
      noEmit: true,
    });
    const messages = ts
      .getPreEmitDiagnostics(program)
      .map((diagnostic) =>
        [
          diagnostic.file?.fileName ?? '',
          `TS${diagnostic.code}`,
          ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'),
        ].join(' '),
      );
    expect(messages).toEqual([]);
    // And the program really checked the package's types.
    expect(files.every((file) => program.getSourceFile(file) !== undefined)).toBe(true);
  }, 120_000); // a full type-check: slow on a loaded CI machine
});
