import { describe, expect, it } from 'vitest';
import { ownerOf, summarizeProfile } from './summarize-profile';

describe('ownerOf', () => {
  it('names the package a script belongs to', () => {
    expect(
      ownerOf('file:///w/node_modules/.pnpm/x/node_modules/@langchain/core/dist/a.js', 'f'),
    ).toBe('@langchain/core');
    expect(ownerOf('file:///w/node_modules/.pnpm/x/node_modules/openai/streaming.mjs', 'f')).toBe(
      'openai',
    );
    expect(ownerOf('file:///work/main/packages/core/dist/index.js', 'f')).toBe('@routify/core');
    expect(ownerOf('node:internal/streams/readable', 'f')).toBe('node internals');
    expect(ownerOf('', '(garbage collector)')).toBe('(garbage collector)');
    expect(ownerOf('', 'runMicrotasks')).toBe('V8 builtins');
  });
});

describe('summarizeProfile', () => {
  const profile = {
    startTime: 1_000,
    nodes: [
      { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 } },
      {
        id: 2,
        callFrame: {
          functionName: 'decode',
          url: 'file:///r/packages/core/dist/index.js',
          lineNumber: 9,
        },
      },
      {
        id: 3,
        callFrame: {
          functionName: 'iterator',
          url: 'file:///r/node_modules/openai/s.mjs',
          lineNumber: 0,
        },
      },
    ],
    // Samples at 1 100, 1 200, 1 300, 1 400 µs.
    samples: [2, 2, 3, 2],
    timeDeltas: [100, 100, 100, 100],
  };

  it('adds self time per function and per package, largest first, with shares', () => {
    const summary = summarizeProfile(profile);
    expect(summary.totalMs).toBeCloseTo(0.4);
    expect(summary.packages.map((entry) => entry.name)).toEqual(['@routify/core', 'openai']);
    expect(summary.packages[0]?.share).toBeCloseTo(0.75);
    expect(summary.functions[0]?.name).toBe('@routify/core: decode (index.js:10)');
  });

  it('counts only the samples inside the window', () => {
    const summary = summarizeProfile(profile, { from: 1_250, to: 1_400 });
    expect(summary.totalMs).toBeCloseTo(0.2);
    const shares = Object.fromEntries(summary.packages.map((entry) => [entry.name, entry.share]));
    expect(shares).toEqual({ '@routify/core': 0.5, openai: 0.5 });
  });
});
