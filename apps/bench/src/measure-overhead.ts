import { type BenchConfig, MODELS } from './bench-config';
import { assertText } from './consume';
import { cpuTimeMs } from './cpu-time';
import { SMALL_REPLY_TEXT } from './fixtures';
import { pairedOrder } from './paired-order';
import { median } from './stats';
import type { Target } from './targets/target';

/** Per target: the median per-request time (ms) of each round. */
export interface OverheadRow {
  target: Target;
  roundMediansMs: number[];
  /** CPU time of the bench process per request (ms), averaged over each round. */
  roundCpuMsPerRequest: number[];
}

/** The per-request overhead measure's result. */
export interface OverheadResult {
  requestsPerRound: number;
  rows: OverheadRow[];
}

/**
 * Sends `requestsPerRound` sequential small JSON completions through each target per round
 * (compared targets back to back, in an order that changes every round); a round's value is the median time of its requests.
 * Every reply's text is checked.
 */
export async function measureOverhead(
  targets: readonly Target[],
  config: BenchConfig,
): Promise<OverheadResult> {
  const rows = targets.map((target) => ({
    target,
    roundMediansMs: [] as number[],
    roundCpuMsPerRequest: [] as number[],
  }));
  for (let round = 0; round < config.rounds; round++) {
    for (const row of pairedOrder(rows, round)) {
      const times: number[] = [];
      const cpuStarted = cpuTimeMs();
      for (let i = 0; i < config.requestsPerRound; i++) {
        const started = performance.now();
        const text = await row.target.request(MODELS.small);
        times.push(performance.now() - started);
        assertText(row.target.id, text, SMALL_REPLY_TEXT);
      }
      row.roundMediansMs.push(median(times));
      row.roundCpuMsPerRequest.push((cpuTimeMs() - cpuStarted) / config.requestsPerRound);
    }
  }
  return { requestsPerRound: config.requestsPerRound, rows };
}
