import { APIConnectionError, APIConnectionTimeoutError, APIUserAbortError } from './errors';
import { MAX_TIMER_MS } from './retry';

/** Inputs of {@link readBodyText}. */
export interface ReadBodyTextInput {
  /** Aborts the request (cancels the body); aborted here on idle timeout. */
  controller: AbortController;
  /** The caller's signal: its abort gives `APIUserAbortError`. */
  signal: AbortSignal | undefined;
  /** Milliseconds allowed between two reads (`Infinity`: no limit). */
  idleTimeout: number;
  /** The `x-request-id` of the response. */
  requestId: string | undefined;
  /** Removed from errors. */
  secrets: readonly (string | undefined)[];
  /**
   * Most characters to keep (default: no limit): once reached, the rest of the body is not read
   * (the body is cancelled) and the text is cut there. For error bodies, which are only shown.
   */
  maxChars?: number | undefined;
}

/**
 * Reads a whole response body as UTF-8 text with web-standard APIs (`getReader()`, a streaming
 * `TextDecoder`). Each read must make progress within `idleTimeout` ms.
 * @throws APIUserAbortError when the caller aborts, APIConnectionTimeoutError (`kind:
 * 'idleTimeout'`) when the body stalls, APIConnectionError when the connection fails mid-body.
 */
export async function readBodyText(response: Response, input: ReadBodyTextInput): Promise<string> {
  const body = response.body;
  if (body === null) return '';
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let rejectStop: ((reason: unknown) => void) | undefined;
  const stop = new Promise<never>((_, reject) => {
    rejectStop = reject;
  });
  // A read that never settles (a custom fetch ignoring the signal) still ends on abort.
  stop.catch(() => {});
  const onAbort = () => rejectStop?.(input.controller.signal.reason);
  input.controller.signal.addEventListener('abort', onAbort, { once: true });
  try {
    if (input.controller.signal.aborted) onAbort();
    for (;;) {
      if (Number.isFinite(input.idleTimeout)) {
        timer = setTimeout(
          () => {
            timedOut = true;
            input.controller.abort();
          },
          Math.min(input.idleTimeout, MAX_TIMER_MS),
        );
      }
      const { done, value } = await Promise.race([reader.read(), stop]);
      clearTimeout(timer);
      if (done) break;
      text += decoder.decode(value, { stream: true });
      if (input.maxChars !== undefined && text.length >= input.maxChars) {
        reader.cancel().catch(() => {});
        return text.slice(0, input.maxChars);
      }
    }
    return text + decoder.decode();
  } catch (error) {
    clearTimeout(timer);
    reader.cancel().catch(() => {});
    const options = { requestId: input.requestId, secrets: input.secrets };
    if (input.signal?.aborted) {
      throw new APIUserAbortError({ cause: input.signal.reason, secrets: input.secrets });
    }
    if (timedOut) {
      throw new APIConnectionTimeoutError({
        ...options,
        kind: 'idleTimeout',
        timeout: input.idleTimeout,
        message: `Response stalled: no body bytes arrived within ${input.idleTimeout} ms (\`idleTimeout\`). Raise \`idleTimeout\` or try again; it is retryable.`,
      });
    }
    throw new APIConnectionError({
      ...options,
      cause: error,
      message: `Connection error: the response body was cut before it ended (${describe(error)}). It is retryable.`,
    });
  } finally {
    input.controller.signal.removeEventListener('abort', onAbort);
  }
}

const describe = (error: unknown): string =>
  error instanceof Error ? error.message || error.name : String(error);
