/** What every measured client gets: the fixture server and, optionally, a `fetch` to use. */
export interface TargetContext {
  /** `http://127.0.0.1:<port>/v1` of the fixture server. */
  baseURL: string;
  /** A dummy key (the fixture server does not check it). */
  apiKey: string;
  /** The `fetch` the client uses; default: the global one. */
  fetch?: typeof fetch;
}

/** The layer a target belongs to; rows of a layer are compared with each other. */
export type TargetLayer = 'transport' | 'provider' | 'streamText' | 'langchain';

/**
 * One client measured by the bench, set up once (clients are built when the target is made, not
 * per call), then called many times.
 */
export interface Target {
  /** Short stable id (`raw`, `core`, `openai`, …). */
  id: string;
  layer: TargetLayer;
  /** What the streaming row measures, e.g. `ChatRoutify.stream()`. */
  streamLabel: string;
  /** What the request row measures, e.g. `ChatRoutify.invoke()`. */
  requestLabel: string;
  /** Whether this target is one of ours (`@routify/*`) or the raw baseline. */
  ours: boolean;
  /**
   * Streams a completion of `model` to its end, calling `onText` with every text delta in order.
   * @throws whatever the client throws; a stream that fails never resolves as success.
   */
  stream(model: string, onText: (text: string) => void): Promise<void>;
  /** Sends one non-streaming request and returns the reply text. */
  request(model: string): Promise<string>;
}

/** The one-message prompt every target sends. */
export const PROMPT_TEXT = 'Say hello.';
