// Shared helpers of this package's tests (not part of the build).
import { expect } from 'vitest';

export const KEY = 'sk-test-key';
export const AUTH = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
/** 2025-11-30T00:00:00Z: `created` 1764460800. */
export const NOW = 1_764_460_800_000;

/** POSTs a JSON body to `${baseURL}/chat/completions` with the test key. */
export function post(
  baseURL: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${baseURL}/chat/completions`, {
    method: 'POST',
    headers: { ...AUTH, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Splits an SSE body (LF framing, as the mock sends) into its `data:` payloads. */
export function sseData(text: string): string[] {
  expect(text.endsWith('\n\n')).toBe(true);
  return text
    .slice(0, -2)
    .split('\n\n')
    .map((event) => {
      expect(event.startsWith('data: ')).toBe(true);
      return event.slice('data: '.length);
    });
}

// biome-ignore lint/suspicious/noExplicitAny: loosely typed wire objects in assertions
export type Loose = any;

/** The chunk objects of an SSE body (without the final `[DONE]`, which is asserted). */
export function sseChunks(text: string): Loose[] {
  const data = sseData(text);
  expect(data[data.length - 1]).toBe('[DONE]');
  return data.slice(0, -1).map((item) => JSON.parse(item));
}

/** Concatenated `delta.content` of chunks. */
export function streamedText(chunks: Loose[]): string {
  return chunks.map((chunk) => chunk.choices?.[0]?.delta?.content ?? '').join('');
}
