import { handleRequest } from './handle-request';
import { createMockState, type InternalState } from './mock-state';
import type { MockRoutifyOptions, MockServerState, RecordedRequest } from './types';

/**
 * A `fetch`-compatible mock of the Routify API, with its state. Pass it as any client's `fetch`
 * (`new Routify({ fetch: mock })`, `createRoutify({ fetch: mock })`); any origin works, only the
 * path counts.
 */
export interface MockRoutifyFetch {
  (input: string | URL | Request, init?: RequestInit): Promise<Response>;
  /** Every request since the last `reset()` (live array; see `RecordedRequest`). */
  readonly requests: RecordedRequest[];
  /** Clears `requests`, the prompt cache and the id counters: like a fresh mock. */
  reset(): void;
  /** The live state (catalog, clock, extension store). */
  readonly state: MockServerState;
}

/** Creates a mock whose state is `state` (shared with a node server). */
export function createMockFetch(state: InternalState): MockRoutifyFetch {
  const mockFetch = async (
    input: string | URL | Request,
    init?: RequestInit,
  ): Promise<Response> => {
    const request = new Request(input, init);
    const { signal } = request;
    signal.throwIfAborted();
    const handled = handleRequest(request, state, signal);
    // Like `fetch`, an abort before the response rejects at once (the record is marked
    // `clientClosed` by `handleRequest`); a response produced later is cancelled.
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      const { response } = await Promise.race([handled, aborted]);
      signal.throwIfAborted();
      return response;
    } catch (error) {
      if (signal.aborted) {
        handled.then(
          ({ response }) => response.body?.cancel(signal.reason).catch(() => {}),
          () => {},
        );
      }
      throw error;
    } finally {
      if (onAbort) signal.removeEventListener('abort', onAbort);
    }
  };
  return Object.assign(mockFetch, {
    requests: state.requests,
    reset: () => state.reset(),
    state,
  });
}

/**
 * Creates an in-process mock of the Routify API: a `fetch`-compatible function
 * `(input: string | URL | Request, init?: RequestInit) => Promise<Response>` that answers like the
 * real API (`GET /v1/models`, `POST /v1/chat/completions` in JSON and SSE) by the rules in the
 * README, with `requests`, `reset()` and `state` attached. Web-standard only (no sockets): runs
 * wherever `fetch`, `Request`, `Response` and `ReadableStream` exist. Aborting `init.signal`
 * rejects with the signal's reason (before the response) or errors the body (after), and marks
 * the request `clientClosed`.
 *
 * @param options see `MockRoutifyOptions` (all optional).
 */
export function createMockRoutify(options: MockRoutifyOptions = {}): MockRoutifyFetch {
  return createMockFetch(createMockState(options));
}
