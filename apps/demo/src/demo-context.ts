import type { Output } from './output';

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
}
