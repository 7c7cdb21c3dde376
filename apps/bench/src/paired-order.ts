import { roundOrder } from './stats';
import { TARGET_GROUPS } from './targets/index';

/**
 * The order of the rows in round `round`, keeping each group of compared targets together
 * (`raw` / core / `openai`, and each of ours with its peer; see {@link TARGET_GROUPS}): the
 * groups move around from round to round ({@link roundOrder}), and so does the order inside each
 * group. A target and the one it is compared with thus always run back to back, under the same
 * load, which the per-round (paired) ratios of the targets table rely on.
 */
export function pairedOrder<R extends { target: { id: string } }>(
  rows: readonly R[],
  round: number,
): R[] {
  const grouped = new Set(TARGET_GROUPS.flat());
  const groups = [
    ...TARGET_GROUPS.map((ids) => ids.flatMap((id) => rows.filter((row) => row.target.id === id))),
    ...rows.filter((row) => !grouped.has(row.target.id)).map((row) => [row]),
  ].filter((group) => group.length > 0);
  return roundOrder(groups, round).flatMap((group) => roundOrder(group, round));
}
