/** A package measured for import time and bundle size, with the peer it is compared with. */
export interface MeasuredPackage {
  name: string;
  ours: boolean;
  /** The peer package (for ours) — the one users would pick instead. */
  peer?: string;
}

/** Our public packages, each followed by its peer. */
export const MEASURED_PACKAGES: readonly MeasuredPackage[] = [
  { name: '@routify/core', ours: true, peer: 'openai' },
  { name: 'openai', ours: false },
  { name: '@routify/ai-sdk-provider', ours: true, peer: '@ai-sdk/openai-compatible' },
  { name: '@ai-sdk/openai-compatible', ours: false },
  { name: '@routify/langchain', ours: true, peer: '@langchain/openai' },
  { name: '@langchain/openai', ours: false },
  { name: '@routify/mock-server', ours: true },
];
