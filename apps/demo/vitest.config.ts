import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // The end-to-end tests run the whole demo as a child process (a few seconds, more on a busy
    // machine), some of them in beforeAll.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
