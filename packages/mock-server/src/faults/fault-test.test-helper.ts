// Shared helpers of the fault tests (not part of the build).
import type { MockServer } from '../node-server';
import { type RawExchange, type RawRequestOptions, rawRequest } from './raw-http.test-helper';

/** 2025-11-30T00:00:00Z. */
export const NOW = 1_764_460_800_000;

/**
 * How long a connection must stay silent to count as left open (ms). Generous, so that a loaded
 * machine's pauses between writes (CI runs every suite in parallel on 2 cores) are not mistaken
 * for a stall: a body cut short by such a pause would fail the test.
 */
export const OPEN_FOR = 1000;

/** A Russian prompt: the reply is Russian, so multi-byte characters are on the wire. */
export const RU = [{ role: 'user', content: 'Привет! Расскажи коротко про погоду в Москве.' }];

export const chatBody = (extra: Record<string, unknown> = {}) => ({
  model: 'gpt-4.1',
  messages: RU,
  ...extra,
});

/** Sends `body` with an `x-mock-fault` header (none when `fault` is undefined). */
export function faulted(
  server: MockServer,
  fault: string | undefined,
  body: unknown,
  options: Omit<RawRequestOptions, 'body'> = {},
): Promise<RawExchange> {
  return rawRequest(server.url, {
    ...options,
    body,
    headers: { ...(fault === undefined ? {} : { 'x-mock-fault': fault }), ...options.headers },
  });
}

/**
 * The reply the server sends without faults, on a fresh state (ids repeat after `reset()`); the
 * state is reset again, so the next request gets the same ids.
 */
export async function baseline(server: MockServer, body: unknown): Promise<RawExchange> {
  server.reset();
  const exchange = await faulted(server, undefined, body);
  server.reset();
  return exchange;
}

/** The `data:` payloads of a plain (LF, `data: `) SSE body, exactly as sent. */
export function dataOf(body: Buffer | string): string[] {
  const text = body.toString();
  if (!text.endsWith('\n\n')) throw new Error(`not a complete SSE body: ${JSON.stringify(text)}`);
  return text
    .slice(0, -2)
    .split('\n\n')
    .map((event) => {
      if (!event.startsWith('data: ')) throw new Error(`unexpected event ${JSON.stringify(event)}`);
      return event.slice(6);
    });
}

/** `data: <x>` + blank line per event (the plain framing). */
export const frame = (data: readonly string[], eol = '\n', prefix = 'data: '): string =>
  data.map((item) => `${prefix}${item}${eol}${eol}`).join('');

// biome-ignore lint/suspicious/noExplicitAny: loosely typed chunk JSON in tests
type Loose = any;

/** A chunk carrying output: non-empty content, reasoning or tool-call fragments. */
export function carriesOutput(data: string): boolean {
  if (data === '[DONE]') return false;
  const chunk: Loose = JSON.parse(data);
  return (chunk.choices ?? []).some((choice: Loose) => {
    const delta = choice.delta ?? {};
    return (
      (typeof delta.content === 'string' && delta.content !== '') ||
      (typeof delta.reasoning_content === 'string' && delta.reasoning_content !== '') ||
      (Array.isArray(delta.tool_calls) && delta.tool_calls.length > 0)
    );
  });
}

/**
 * The payloads a cut after `n` output chunks sends: everything up to the n-th output chunk (only
 * what precedes the first one for n = 0; up to the last one when there are fewer), finish
 * reasons nulled, no usage chunk, no [DONE].
 */
export function cutAfter(data: readonly string[], n: number): string[] {
  const outputs = data.flatMap((item, index) => (carriesOutput(item) ? [index] : []));
  const end = n === 0 ? outputs[0] : (outputs[Math.min(n, outputs.length) - 1] ?? -1) + 1;
  return data
    .slice(0, end)
    .filter((item) => item !== '[DONE]' && JSON.parse(item).choices?.length !== 0)
    .map((item) => {
      const chunk: Loose = JSON.parse(item);
      for (const choice of chunk.choices)
        if (choice.finish_reason != null) choice.finish_reason = null;
      return JSON.stringify(chunk);
    });
}

/** Waits until `check()` holds (polling every 5 ms), or throws after `ms` (generous: a loaded CI machine is slow). */
export async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
