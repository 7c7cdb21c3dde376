#!/usr/bin/env node
// The bin is a committed file (not dist/cli.js itself) so that pnpm can link it before the
// package has been built; it only loads the built CLI.
import '../dist/cli.js';
