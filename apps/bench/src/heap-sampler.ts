import { getHeapStatistics } from 'node:v8';

/** Heap use during one measured run, in bytes (V8 `used_heap_size`). */
export interface HeapUse {
  /** Before the run (after a full GC). */
  start: number;
  /** The highest sample during the run. */
  peak: number;
  /** Right after the run, before any GC. */
  end: number;
  /** Number of samples taken. */
  samples: number;
}

/** The heap in use now, in bytes. */
export function heapUsed(): number {
  return getHeapStatistics().used_heap_size;
}

/**
 * Samples the heap every `intervalMs` (timer callbacks run between the socket reads of a
 * stream, so a run that reads the network is sampled throughout) plus on {@link sample}.
 */
export class HeapSampler {
  readonly #start: number;
  #peak: number;
  #samples = 1;
  readonly #timer: NodeJS.Timeout;

  constructor(intervalMs = 2) {
    this.#start = heapUsed();
    this.#peak = this.#start;
    this.#timer = setInterval(() => this.sample(), intervalMs);
  }

  /** Takes one sample now. */
  sample(): void {
    const used = heapUsed();
    this.#samples++;
    if (used > this.#peak) this.#peak = used;
  }

  /** Stops sampling and returns the result. */
  stop(): HeapUse {
    clearInterval(this.#timer);
    this.sample();
    return { start: this.#start, peak: this.#peak, end: heapUsed(), samples: this.#samples };
  }
}
