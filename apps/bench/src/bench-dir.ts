import { fileURLToPath } from 'node:url';

/** The bench app's folder: packages are resolved from here, as the bench itself resolves them. */
export const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));
