/** The largest delay `setTimeout` honours (2^31 − 1 ms). */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Watches reads for inactivity: {@link IdleTimeout.beginRead} before each `reader.read()`,
 * {@link IdleTimeout.endRead} when it settles. If one read stays pending for `ms` milliseconds,
 * `onIdle` is called (once). Time the consumer spends between reads never counts, so a slow
 * consumer is not mistaken for a silent server.
 *
 * One timer is kept and re-armed lazily (when it fires while a later read is pending it waits
 * for the rest of that read's allowance), so a fast stream costs a `Date.now()` call per read,
 * not a `setTimeout`/`clearTimeout` pair.
 */
export class IdleTimeout {
  readonly #ms: number;
  readonly #onIdle: () => void;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #readStart = 0;
  #pending = false;
  #fired = false;
  /** Reads completed so far, and that count when the timer was last armed. */
  #completed = 0;
  #completedAtArm = 0;
  /** The armed delay was cut to what `setTimeout` supports. */
  #clamped = false;

  /** `ms` must be a finite number > 0 (callers skip the watchdog otherwise). */
  constructor(ms: number, onIdle: () => void) {
    this.#ms = ms;
    this.#onIdle = onIdle;
  }

  /** Call right before a read starts. */
  beginRead(): void {
    if (this.#fired) return;
    this.#pending = true;
    this.#readStart = Date.now();
    if (this.#timer === undefined) this.#schedule(this.#ms);
  }

  /** Call when the read settled (bytes, end of body or error). */
  endRead(): void {
    this.#pending = false;
    this.#completed++;
  }

  /** Stops the watchdog for good. */
  stop(): void {
    this.#fired = true;
    this.#pending = false;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(delay: number): void {
    this.#completedAtArm = this.#completed;
    this.#clamped = delay > MAX_TIMER_MS;
    // Timers above 2^31 − 1 ms fire at once; longer waits are covered by re-arming.
    this.#timer = setTimeout(() => this.#check(), Math.min(delay, MAX_TIMER_MS));
  }

  #check(): void {
    this.#timer = undefined;
    if (!this.#pending || this.#fired) return;
    // The timer is armed only while a read is pending, for the rest of that read's allowance:
    // if no read completed since, the same read has now waited the whole `ms`.
    if (this.#completed !== this.#completedAtArm || this.#clamped) {
      const waited = Date.now() - this.#readStart;
      if (waited < this.#ms) {
        this.#schedule(this.#ms - waited);
        return;
      }
    }
    this.stop();
    this.#onIdle();
  }
}
