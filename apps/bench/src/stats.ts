/** Median, minimum and maximum of a list of samples (same unit as the samples). */
export interface Summary {
  median: number;
  min: number;
  max: number;
  /** Number of samples. */
  n: number;
}

/** The median of `values` (mean of the two middle values for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Median, min and max of `values`. */
export function summarize(values: readonly number[]): Summary {
  return {
    median: median(values),
    min: values.length === 0 ? Number.NaN : Math.min(...values),
    max: values.length === 0 ? Number.NaN : Math.max(...values),
    n: values.length,
  };
}

/**
 * The order of the targets in round `round`: item `round mod n` goes first, and every other
 * round runs backwards, so no target always runs first or last, or always after the same
 * neighbour.
 */
export function roundOrder<T>(items: readonly T[], round: number): T[] {
  const n = Math.max(items.length, 1);
  // Odd rounds: rotate one further, then reverse, so the first item is still `round mod n`.
  const shift = (round % 2 === 1 ? round + 1 : round) % n;
  const rotated = [...items.slice(shift), ...items.slice(0, shift)];
  return round % 2 === 1 ? rotated.reverse() : rotated;
}
