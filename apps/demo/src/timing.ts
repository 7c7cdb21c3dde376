/** Milliseconds measured for one demo step. */
export interface Timing {
  /** Time from the request to the first streamed token (text, reasoning or tool call), ms; `null` when nothing was streamed. */
  ttftMs: number | null;
  /** Time from the request to the end of the answer, ms. */
  totalMs: number;
}

/** A stopwatch for one step: start it before the request, mark the first token, stop at the end. */
export interface Stopwatch {
  /** Records the first token; later calls are ignored. */
  firstToken(): void;
  /** Whether a first token was recorded. */
  readonly started: boolean;
  /** Stops the stopwatch and returns the timing (ms, rounded to 0.1). */
  stop(): Timing;
}

const round = (ms: number): number => Math.round(ms * 10) / 10;

/** Starts a stopwatch on `performance.now()` (monotonic, ms). */
export function startStopwatch(now: () => number = () => performance.now()): Stopwatch {
  const startedAt = now();
  let firstTokenAt: number | undefined;
  return {
    firstToken() {
      if (firstTokenAt === undefined) firstTokenAt = now();
    },
    get started() {
      return firstTokenAt !== undefined;
    },
    stop() {
      const end = now();
      return {
        ttftMs: firstTokenAt === undefined ? null : round(firstTokenAt - startedAt),
        totalMs: round(end - startedAt),
      };
    },
  };
}
