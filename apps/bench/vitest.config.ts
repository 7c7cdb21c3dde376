import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // `pnpm bench --quick` runs as a child: it takes 30–60 s on a busy 2-core machine.
    testTimeout: 110_000,
  },
});
