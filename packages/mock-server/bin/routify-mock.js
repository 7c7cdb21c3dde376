#!/usr/bin/env node
// The bin is a committed file (not dist/cli.js itself) so that pnpm can link it before the
// package has been built; it only loads the built CLI. In a clone of the monorepo that has not
// been built yet, it says so instead of printing a module-resolution stack trace.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write(
    'routify-mock: @routify/mock-server is not built yet (no dist/cli.js).\n' +
      'In the Routify JS monorepo run `pnpm build` (or `pnpm --filter @routify/mock-server build`) first.\n',
  );
  process.exit(1);
}
await import(cli.href);
