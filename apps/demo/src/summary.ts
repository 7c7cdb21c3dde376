import Table from 'cli-table3';
import type { Output } from './output';
import type { SectionResult } from './step-result';

/** One row of the closing table: a step that called a model. */
export interface SummaryRow {
  section: string;
  step: string;
  model: string;
  /** Time to first token, ms; `null` when the step streamed nothing. */
  ttftMs: number | null;
  /** Total time of the step, ms. */
  totalMs: number;
  /** Input tokens (cached included); `null` when not reported. */
  inputTokens: number | null;
  outputTokens: number | null;
  cachedTokens: number | null;
  finishReason: string | null;
}

/** The closing table's rows: every step with metrics, in run order. */
export function summaryRows(sections: readonly SectionResult[]): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const section of sections) {
    for (const step of section.steps) {
      const metrics = step.metrics;
      if (!metrics) continue;
      rows.push({
        section: section.id,
        step: step.label,
        model: metrics.model,
        ttftMs: metrics.ttftMs,
        totalMs: metrics.totalMs,
        inputTokens: metrics.usage?.input ?? null,
        outputTokens: metrics.usage?.output ?? null,
        cachedTokens: metrics.usage?.cached ?? null,
        finishReason: metrics.finishReason,
      });
    }
  }
  return rows;
}

/** Formats milliseconds for the table: `42 ms`, `1.25 s`; `—` for none. */
export function formatMs(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

const formatCount = (count: number | null): string => (count === null ? '—' : String(count));

/**
 * Prints the closing table (cli-table3): a title row per section, then one row per step with
 * the model, time to first token, total time, input / output / cached tokens and finish reason.
 */
export function renderSummary(sections: readonly SectionResult[], output: Output): void {
  const { bold, cyan } = output.colors;
  const table = new Table({
    head: ['step', 'model', 'first token', 'total', 'input', 'output', 'cached', 'finish'].map(
      (title) => bold(title),
    ),
    colAligns: ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'left'],
    // cli-table3 colours borders and headers itself; ours come from picocolors (TTY only).
    style: { head: [], border: [] },
  });
  const rows = summaryRows(sections);
  for (const section of sections) {
    const sectionRows = rows.filter((row) => row.section === section.id);
    if (sectionRows.length === 0) continue;
    table.push([{ colSpan: 8, content: cyan(bold(section.title)) }]);
    for (const row of sectionRows) {
      table.push([
        row.step,
        row.model,
        formatMs(row.ttftMs),
        formatMs(row.totalMs),
        formatCount(row.inputTokens),
        formatCount(row.outputTokens),
        formatCount(row.cachedTokens),
        row.finishReason ?? '—',
      ]);
    }
  }
  output.section('Summary');
  output.line(table.toString());
}
