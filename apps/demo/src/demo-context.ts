import type { Output } from './output';

/**
 * How long the demo waits for an API (ms): for response headers, and between two streamed
 * chunks, unless `--timeout` says otherwise. The packages' defaults are 10 minutes; a demo should
 * say what is wrong much sooner.
 */
export const REQUEST_TIMEOUT_MS = 60_000;

/** What every section receives. */
export interface DemoContext {
  output: Output;
  /** Base URL of the API, including `/v1`. */
  baseURL: string;
  /** The API key (never printed). */
  apiKey: string;
  /** The chat model for every step except the reasoning one (`--model`, default `gpt-4.1`). */
  model: string;
  /** The reasoning model (`--reasoning-model`). */
  reasoningModel: string;
  /** Wait for response headers and between streamed chunks, ms (`--timeout`, default 60 s). */
  timeoutMs: number;
}
