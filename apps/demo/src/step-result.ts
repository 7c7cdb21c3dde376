import type { Timing } from './timing';

/** The demo's sections, in the order they run (also the values of `--only`). */
export const SECTION_IDS = ['core', 'langchain', 'ai-sdk'] as const;

/** One of the demo's sections. */
export type SectionId = (typeof SECTION_IDS)[number];

/** Token counts of one step, summed over every model call it made. */
export interface TokenUsage {
  /** Input (prompt) tokens, cached reads and writes included. */
  input: number;
  /** Output (completion) tokens, reasoning included. */
  output: number;
  /** Input tokens read from the prompt cache. */
  cached: number;
}

/** What the closing table shows for a step that called a model. */
export interface StepMetrics extends Timing {
  /** The model id the server answered with (or the one requested). */
  model: string;
  /** Token counts; `null` when the server reported none. */
  usage: TokenUsage | null;
  /** The finish reason of the last model call (`stop`, `tool-calls`, `length`, …). */
  finishReason: string | null;
}

/** The result of one step of a section: its id, title, what it produced, and its metrics. */
export interface StepResult {
  /** Stable id, e.g. `stream-russian`. */
  id: string;
  /** Short name for the closing table, e.g. `stream (ru)`. */
  label: string;
  /** Human title, as printed above the step's output. */
  title: string;
  /** Metrics for the closing table; `null` for steps that call no model (listing models). */
  metrics: StepMetrics | null;
  /** What the step produced: text, tool calls, an object, reasoning… (JSON-serializable). */
  data: Record<string, unknown>;
}

/** The result of one section. */
export interface SectionResult {
  id: SectionId;
  title: string;
  steps: StepResult[];
}

/** Adds two usages; `null` stands for "not reported". */
export function addUsage(a: TokenUsage | null, b: TokenUsage | null): TokenUsage | null {
  if (a === null) return b;
  if (b === null) return a;
  return { input: a.input + b.input, output: a.output + b.output, cached: a.cached + b.cached };
}
