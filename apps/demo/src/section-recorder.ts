import { StepFailedError } from './describe-error';
import type { Output } from './output';
import type { SectionId, SectionResult, StepMetrics, StepResult } from './step-result';

/** What a step's body returns. */
export interface StepOutcome {
  metrics: StepMetrics | null;
  data: Record<string, unknown>;
}

/**
 * Runs the steps of one section in order: prints the section and step titles, collects each
 * step's result, and turns a failure into a {@link StepFailedError} naming the section and step.
 */
export class SectionRecorder {
  private readonly steps: StepResult[] = [];

  constructor(
    readonly id: SectionId,
    readonly title: string,
    private readonly output: Output,
  ) {
    output.section(title);
  }

  /** Runs one step; its body prints its own output and returns its metrics and data. */
  async step(
    info: Pick<StepResult, 'id' | 'label' | 'title'>,
    body: () => Promise<StepOutcome>,
  ): Promise<StepResult> {
    const { id, label, title } = info;
    this.output.step(title);
    try {
      const outcome = await body();
      const result: StepResult = { id, label, title, metrics: outcome.metrics, data: outcome.data };
      this.steps.push(result);
      return result;
    } catch (error) {
      this.output.endStream();
      throw new StepFailedError(this.title, title, { cause: error });
    }
  }

  /** The section's result so far. */
  result(): SectionResult {
    return { id: this.id, title: this.title, steps: [...this.steps] };
  }
}
