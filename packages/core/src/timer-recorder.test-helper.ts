/**
 * Test helper (not exported by the package): records the delay of every `setTimeout` armed while
 * it is installed. A test on fake timers waits with it — in real time, so loopback I/O goes on —
 * until the client has armed the very timer the test is about to advance (a retry sleep), instead
 * of guessing how long reading a reply takes on a loaded CI machine.
 *
 * Install after `vi.useFakeTimers()`; call `restore()` before `vi.useRealTimers()`.
 */
export function recordTimers() {
  const original = globalThis.setTimeout;
  const delays: number[] = [];
  const recording = ((handler: () => void, ms?: number, ...args: unknown[]) => {
    delays.push(ms ?? 0);
    return original(handler, ms, ...args);
  }) as unknown as typeof setTimeout;
  globalThis.setTimeout = recording;
  return {
    /** Delays (ms) of the timers armed so far, in order. */
    delays,
    /**
     * Resolves once a timer whose delay satisfies `match` has been armed; throws after `limitMs`
     * of real time (default 20 000 ms, under vitest's 30 s test timeout).
     */
    async armed(match: (ms: number) => boolean, limitMs = 20_000): Promise<number> {
      const end = performance.now() + limitMs;
      for (;;) {
        const found = delays.find(match);
        if (found !== undefined) return found;
        if (performance.now() > end) {
          throw new Error(`no matching timer armed within ${limitMs} ms; saw ${delays.join(', ')}`);
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
    /** Puts the previous `setTimeout` back (only if nothing replaced it since). */
    restore(): void {
      if (globalThis.setTimeout === recording) globalThis.setTimeout = original;
    },
  };
}
