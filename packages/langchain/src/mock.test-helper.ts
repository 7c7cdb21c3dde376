import type { MockChatRequest, MockRespondResult, MockServer } from '@routify/mock-server';
import { startMockServer } from '@routify/mock-server';
import { ChatRoutify } from './chat-routify';
import type { ChatRoutifyInput } from './chat-routify-input';

/** The key tests use; assertions check it never leaks. */
export const TEST_KEY = 'sk-routify-test-secret-0123456789';

/** A mock server whose replies a test may script, with helpers to build models and read bodies. */
export interface ScriptedMock {
  server: MockServer;
  /** Scripts the next replies (`undefined` from the function: the mock's own reply). */
  script(respond: ((request: MockChatRequest) => MockRespondResult) | undefined): void;
  /** A ChatRoutify pointed at the mock. */
  model(fields?: ChatRoutifyInput): ChatRoutify;
  /** The JSON bodies of the chat requests received since the last reset. */
  bodies(): Record<string, unknown>[];
  /** Clears the history and the script. */
  reset(): void;
  close(): Promise<void>;
}

/** Starts a mock on a free loopback port. */
export async function startScriptedMock(): Promise<ScriptedMock> {
  let current: ((request: MockChatRequest) => MockRespondResult) | undefined;
  const server = await startMockServer({ respond: (request) => current?.(request) });
  return {
    server,
    script(respond) {
      current = respond;
    },
    model(fields) {
      return new ChatRoutify({ apiKey: TEST_KEY, baseURL: server.baseURL, ...fields });
    },
    bodies() {
      return server.requests
        .filter((request) => request.path.startsWith('/v1/chat/completions'))
        .map((request) => request.body as Record<string, unknown>);
    },
    reset() {
      current = undefined;
      server.reset();
    },
    close: () => server.close(),
  };
}
