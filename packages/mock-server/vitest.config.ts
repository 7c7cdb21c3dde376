import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
// Workspace packages resolve to their sources in tests, so a test never runs against a stale
// build; the packed, published shape is checked by `pnpm test:packed`.
const source = (name: string) => fileURLToPath(new URL(`../${name}/src/index.ts`, import.meta.url));

export default defineConfig({
  define: { __PACKAGE_VERSION__: JSON.stringify(version) },
  resolve: {
    alias: {
      '@routify/core': source('core'),
      '@routify/mock-server': source('mock-server'),
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
    // Generous limits: CI runs every package's suite in parallel on 2 cores, and a few tests
    // spawn processes. Timing assertions themselves use explicit, small timeouts.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
