import { describe, expect, it } from 'vitest';
import type { BundleRow } from './measure-bundle-size';
import type { MemoryResult } from './measure-memory';
import type { OverheadResult } from './measure-overhead';
import type { ThroughputResult } from './measure-throughput';
import type { Target } from './targets/target';
import { CORE_SIZE_LIMIT_BYTES, checkTargets } from './targets-table';

const target = (id: string): Target => ({
  id,
  layer: 'transport',
  streamLabel: id,
  requestLabel: id,
  ours: true,
  stream: async () => undefined,
  request: async () => '',
});

function inputs(
  stream: Record<string, number>,
  request: Record<string, number>,
  coreGzip: number,
  growth: number,
) {
  const throughput: ThroughputResult = {
    chunks: 10,
    bytes: 100,
    rows: Object.entries(stream).map(([id, ms]) => ({
      target: target(id),
      timesMs: [ms, ms * 2, ms / 2],
      cpuMs: [ms, ms, ms],
      peakHeapBytes: [0],
    })),
  };
  const overhead: OverheadResult = {
    requestsPerRound: 1,
    rows: Object.entries(request).map(([id, ms]) => ({
      target: target(id),
      roundMediansMs: [ms],
      roundCpuMsPerRequest: [ms],
    })),
  };
  const bundles = [
    {
      pkg: { name: '@routify/core', ours: true },
      minBytes: 0,
      gzipBytes: coreGzip,
      external: [],
      inputs: [],
    },
  ] satisfies BundleRow[];
  const memory: MemoryResult = {
    chunks: 1000,
    points: 10,
    bytes: 0,
    rows: [
      {
        target: target('core'),
        heap: { start: 0, peak: 0, end: 0, samples: 1 },
        afterGC: 0,
        timeline: [1_000_000, 1_000_000 + growth],
      },
    ],
  };
  return { throughput, overhead, bundles, memory };
}

const STREAM = {
  raw: 100,
  core: 140,
  openai: 300,
  'routify-provider': 200,
  'compatible-provider': 500,
  'routify-streamtext': 900,
  'compatible-streamtext': 1000,
  'chat-routify': 300,
  'chat-openai': 500,
};
const REQUEST = { core: 1, openai: 1, 'chat-routify': 1, 'chat-openai': 1 };

describe('checkTargets', () => {
  it('passes every target at or under its limit (ratios of medians)', () => {
    const checks = checkTargets(inputs(STREAM, REQUEST, CORE_SIZE_LIMIT_BYTES, 0));
    expect(checks.map((check) => [check.name, check.pass])).toEqual([
      ['@routify/core streaming', true],
      ['@routify/core tiny requests', true],
      ['our doStream', true],
      ['our streamText', true],
      ['ChatRoutify.stream()', true],
      ['ChatRoutify tiny requests (invoke)', true],
      ['@routify/core bundle, with its dependencies', true],
      ['@routify/core memory over a 1,000-chunk stream: flat', true],
    ]);
    expect(checks[0]?.measured).toBe('1.40× (rounds 1.40–1.40×; medians 140 vs 100 ms)');
    expect(checks[0]?.cpu).toBe('1.40× (within the limit)');
  });

  it('reports each miss, with what to profile for time misses', () => {
    const checks = checkTargets(
      inputs(
        { ...STREAM, core: 151, 'routify-provider': 251, 'chat-routify': 351 },
        { ...REQUEST, core: 1.2, 'chat-routify': 1.2 },
        CORE_SIZE_LIMIT_BYTES + 1,
        1_000_000,
      ),
    );
    const missed = checks.filter((check) => !check.pass);
    expect(missed.map((check) => [check.name, check.profile])).toEqual([
      ['@routify/core streaming', { targetId: 'core', workload: 'stream' }],
      ['@routify/core tiny requests', { targetId: 'core', workload: 'request' }],
      ['our doStream', { targetId: 'routify-provider', workload: 'stream' }],
      ['ChatRoutify.stream()', { targetId: 'chat-routify', workload: 'stream' }],
      ['ChatRoutify tiny requests (invoke)', { targetId: 'chat-routify', workload: 'request' }],
      ['@routify/core bundle, with its dependencies', undefined],
      ['@routify/core memory over a 1,000-chunk stream: flat', undefined],
    ]);
  });
});
