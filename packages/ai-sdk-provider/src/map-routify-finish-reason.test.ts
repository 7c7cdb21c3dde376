import { describe, expect, it } from 'vitest';
import { mapRoutifyFinishReason } from './map-routify-finish-reason';

describe('mapRoutifyFinishReason', () => {
  it.each([
    ['stop', 'stop'],
    ['length', 'length'],
    ['content_filter', 'content-filter'],
    ['tool_calls', 'tool-calls'],
    ['function_call', 'tool-calls'],
    ['error', 'error'],
    ['insufficient_system_resource', 'error'],
    ['end_turn', 'other'],
    [null, 'other'],
    [undefined, 'other'],
  ] as const)('maps %s to %s', (raw, unified) => {
    expect(mapRoutifyFinishReason(raw)).toBe(unified);
  });

  it('reports tool-calls for a missing or unknown reason when tool calls were produced', () => {
    expect(mapRoutifyFinishReason(undefined, { hasToolCalls: true })).toBe('tool-calls');
    expect(mapRoutifyFinishReason('unknown', { hasToolCalls: true })).toBe('tool-calls');
    expect(mapRoutifyFinishReason('length', { hasToolCalls: true })).toBe('length');
  });

  it('reports tool-calls for stop when tool calls were produced (Gemini ends tool turns with stop)', () => {
    expect(mapRoutifyFinishReason('stop', { hasToolCalls: true })).toBe('tool-calls');
    expect(mapRoutifyFinishReason('content_filter', { hasToolCalls: true })).toBe('content-filter');
  });

  it('turns stop with a refusal into content-filter', () => {
    expect(mapRoutifyFinishReason('stop', { hasRefusal: true })).toBe('content-filter');
  });
});
