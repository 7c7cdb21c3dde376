/**
 * What each public package's consumer project installs and runs. `companions` are registry
 * packages a user installs next to ours although we do not declare them (the `ai` the provider
 * plugs into); they are tested at the lowest and newest version of their range, like the peers
 * each package declares (read from the packed package.json). `programs` run with `node`; adapter
 * programs talk to a mock server started from the mock-server tarball's bin (`ROUTIFY_BASE_URL`).
 */
export const MATRIX = {
  '@routify/mock-server': {
    slug: 'mock-server',
    saveDev: true,
    companions: {},
    programs: ['esm.mjs', 'cjs.cjs'],
    binClient: 'bin-client.mjs',
  },
  '@routify/core': {
    slug: 'core',
    companions: {},
    programs: ['esm.mjs', 'cjs.cjs'],
  },
  '@routify/langchain': {
    slug: 'langchain',
    companions: {},
    programs: ['esm.mjs', 'cjs.cjs'],
  },
  '@routify/ai-sdk-provider': {
    slug: 'ai-sdk-provider',
    // ai is not a peer (design.md), but users install it beside us. 7.0.163 is the first ai whose
    // @ai-sdk/provider types accept our model (7.0.162 and older fail `LanguageModel` in tsc);
    // the README states the same floor.
    companions: { ai: '^7.0.163' },
    programs: ['esm.mjs'],
  },
};

/** The package that serves every adapter's smoke programs from its own tarball. */
export const MOCK_PACKAGE = '@routify/mock-server';
