import { type DemoContext, REQUEST_TIMEOUT_MS } from './demo-context';
import { describeError, type FailureDescription, redact } from './describe-error';
import { Output } from './output';
import type { SectionId, SectionResult } from './step-result';
import { renderSummary, type SummaryRow, summaryRows } from './summary';
import { resolveTarget, type Target } from './target';
import { startStopwatch } from './timing';

/** The demo's options, as parsed from the command line. */
export interface DemoOptions {
  /** Run only this section (default: all three). */
  only?: SectionId;
  /** Chat model for every step except the reasoning one. */
  model: string;
  /** Model for the reasoning step. */
  reasoningModel: string;
  /** Machine-readable results on stdout, nothing else. */
  json: boolean;
  /**
   * How long every request waits for response headers and between two streamed chunks, ms
   * (`--timeout`, in seconds; default {@link REQUEST_TIMEOUT_MS}).
   */
  timeoutMs?: number;
}

/** The document `--json` prints on stdout. */
export interface DemoReport {
  ok: boolean;
  target: { mode: Target['mode']; baseURL: string } | null;
  sections: SectionResult[];
  summary: SummaryRow[];
  /** Wall time of the whole demo, ms. */
  totalMs: number;
  error?: FailureDescription;
}

type SectionRunner = (context: DemoContext) => Promise<SectionResult>;

/** Each section is loaded when it runs, so `--only core` never loads LangChain or the AI SDK. */
const SECTIONS: Record<SectionId, () => Promise<SectionRunner>> = {
  core: async () => (await import('./core')).runCoreSection,
  langchain: async () => (await import('./langchain')).runLangChainSection,
  'ai-sdk': async () => (await import('./ai-sdk')).runAiSdkSection,
};

/**
 * Runs the demo: picks the target (embedded mock server or the real API), runs the sections,
 * prints the closing table (or the JSON report). Returns the process exit code: 0 on success,
 * 1 on any failure (described on stderr, never with the key).
 */
export async function runDemo(
  options: DemoOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const output = new Output({ json: options.json, env });
  const stopwatch = startStopwatch();
  const sections: SectionResult[] = [];
  const secrets = [env.ROUTIFY_API_KEY ?? '', env.ROUTIFY_API_KEY?.trim() ?? ''];
  const timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;
  let target: Target | undefined;
  let failure: FailureDescription | undefined;
  try {
    target = await resolveTarget(env, { paced: output.interactive });
    output.note(redact(target.description, secrets));
    const context: DemoContext = {
      output,
      baseURL: target.baseURL,
      apiKey: target.apiKey,
      model: options.model,
      reasoningModel: options.reasoningModel,
      timeoutMs,
    };
    const ids = options.only ? [options.only] : (Object.keys(SECTIONS) as SectionId[]);
    for (const id of ids) {
      const run = await SECTIONS[id]();
      sections.push(await run(context));
    }
    if (!options.json) renderSummary(sections, output);
  } catch (error) {
    output.endStream();
    failure = describeError(error, {
      baseURL: target?.baseURL ?? env.ROUTIFY_BASE_URL ?? 'the API',
      secrets,
      timeoutMs,
    });
    output.error(failure.message);
  } finally {
    await target?.close();
  }
  if (options.json) {
    const report: DemoReport = {
      ok: failure === undefined,
      target: target ? { mode: target.mode, baseURL: target.baseURL } : null,
      sections,
      summary: summaryRows(sections),
      totalMs: stopwatch.stop().totalMs,
      ...(failure ? { error: failure } : {}),
    };
    // Every string of the report goes through the same redaction as the printed lines: the
    // target's URL (a key or token in ROUTIFY_BASE_URL), messages, and whatever an API echoes.
    const json = JSON.stringify(
      report,
      (_key, value: unknown) => (typeof value === 'string' ? redact(value, secrets) : value),
      2,
    );
    process.stdout.write(`${json}\n`);
  } else if (!failure) {
    output.line();
    output.line(output.colors.green(`Done in ${(stopwatch.stop().totalMs / 1000).toFixed(1)} s.`));
  }
  return failure ? 1 : 0;
}
