import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Which vitest project runs the file (vitest.config.ts). */
    runtime: 'node' | 'edge';
  }
}

// Core must run on any runtime with web-standard APIs (browsers, Deno, Bun, edge runtimes): its
// sources may not import Node built-ins or use Node-only globals. The whole suite also runs in
// vitest's `edge-runtime` environment (see vitest.config.ts); this catches what tests miss.
const dir = new URL('./', import.meta.url);
const sources = readdirSync(dir).filter(
  (name) => name.endsWith('.ts') && !name.endsWith('.test.ts'),
);

describe('core sources use web-standard APIs only', () => {
  it('finds the sources', () => {
    expect(sources).toContain('chat-completion-stream.ts');
  });

  it.each(sources)('%s imports no Node built-in and uses no Buffer', (name) => {
    const text = readFileSync(new URL(name, dir), 'utf8');
    expect(text).not.toMatch(/from\s+['"]node:/);
    expect(text).not.toMatch(
      /require\(['"](node:)?(fs|http|https|net|stream|buffer|events|util)['"]\)/,
    );
    expect(text).not.toMatch(/\bBuffer\./);
  });

  it('the edge project really runs with the Edge Runtime globals', () => {
    const edge = (globalThis as { EdgeRuntime?: unknown }).EdgeRuntime;
    expect(edge).toBe(inject('runtime') === 'edge' ? 'edge-runtime' : undefined);
  });
});
