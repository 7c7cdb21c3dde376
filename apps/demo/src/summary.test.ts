import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Output } from './output';
import type { SectionResult } from './step-result';
import { formatMs, renderSummary, summaryRows } from './summary';

const sections: SectionResult[] = [
  {
    id: 'core',
    title: '1. core',
    steps: [
      {
        id: 'models',
        label: 'models',
        title: 'list models',
        metrics: null,
        data: { models: ['gpt-4.1'] },
      },
      {
        id: 'stream',
        label: 'stream',
        title: 'a long stream title',
        metrics: {
          model: 'gpt-4.1',
          ttftMs: 12.3,
          totalMs: 1520,
          usage: { input: 20, output: 7, cached: 3 },
          finishReason: 'stop',
        },
        data: {},
      },
    ],
  },
  {
    id: 'ai-sdk',
    title: '3. AI SDK',
    steps: [
      {
        id: 'object',
        label: 'object',
        title: 'a long object title',
        metrics: { model: 'gpt-4.1', ttftMs: null, totalMs: 5, usage: null, finishReason: null },
        data: {},
      },
    ],
  },
];

function capture(): { output: Output; text: () => string } {
  const stdout = new PassThrough();
  let text = '';
  stdout.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  return { output: new Output({ json: false, stdout, env: {} }), text: () => text };
}

describe('summaryRows', () => {
  it('has one row per step that called a model, in run order', () => {
    expect(summaryRows(sections)).toEqual([
      {
        section: 'core',
        step: 'stream',
        model: 'gpt-4.1',
        ttftMs: 12.3,
        totalMs: 1520,
        inputTokens: 20,
        outputTokens: 7,
        cachedTokens: 3,
        finishReason: 'stop',
      },
      {
        section: 'ai-sdk',
        step: 'object',
        model: 'gpt-4.1',
        ttftMs: null,
        totalMs: 5,
        inputTokens: null,
        outputTokens: null,
        cachedTokens: null,
        finishReason: null,
      },
    ]);
  });
});

describe('formatMs', () => {
  it('prints ms below a second, seconds above, a dash for none', () => {
    expect(formatMs(12.3)).toBe('12 ms');
    expect(formatMs(1520)).toBe('1.52 s');
    expect(formatMs(null)).toBe('—');
  });
});

describe('renderSummary', () => {
  it('prints a table with a title row per section and no colour codes off a TTY', () => {
    const { output, text } = capture();
    renderSummary(sections, output);
    const table = text();
    expect(table).toContain('Summary');
    expect(table).toMatch(
      /│ step\s+│ model\s+│ first token │\s+total │ input │ output │ cached │ finish │/,
    );
    expect(table).toContain('1. core');
    expect(table).toMatch(
      /│ stream\s+│ gpt-4\.1\s+│\s+12 ms │\s+1\.52 s │\s+20 │\s+7 │\s+3 │ stop\s+│/,
    );
    expect(table).toContain('3. AI SDK');
    expect(table).not.toContain('\u001b[');
  });
});
