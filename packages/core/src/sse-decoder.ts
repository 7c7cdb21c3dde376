import { createParser, type EventSourceMessage, type EventSourceParser } from 'eventsource-parser';

/** One decoded item of a chat-completions event stream, in arrival order. */
export type SSEStreamItem =
  /** A `chat.completion.chunk` JSON object (parsed, not validated: routers add fields). */
  | { type: 'chunk'; chunk: Record<string, unknown> }
  /** The exact `data: [DONE]` sentinel: the stream is over, nothing after it is decoded. */
  | { type: 'done' }
  /**
   * An error reported after the 200: an `event: error` event, or a `data:` JSON object with a
   * top-level `error`. `payload` is the error object (`data.error` when present, else the data,
   * else `{ message: <raw text> }` when the data is not JSON); `chunk` is the whole JSON object.
   */
  | { type: 'error'; payload: Record<string, unknown>; chunk: Record<string, unknown> | undefined }
  /**
   * A `data:` event whose text is not a JSON object. `data` is its start (at most
   * {@link MALFORMED_DATA_PREVIEW} characters); `atEOF` says it was an event the body ended
   * inside of, without its blank line (i.e. most likely truncated).
   */
  | { type: 'malformed'; data: string; cause: unknown; atEOF: boolean };

/** How many characters of a malformed event's data an item (and so an error) keeps. */
export const MALFORMED_DATA_PREVIEW = 500;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Incremental decoder for an OpenAI-dialect chat-completions event stream: bytes in, items out.
 *
 * - Framing follows WHATWG HTML §9.2 "Server-sent events" via `eventsource-parser` 4.x: CRLF,
 *   LF and CR-only line ends (also mixed, and split across reads, where a CR at the end of a
 *   read ends its line at once), comments anywhere, `data:` with or without one space,
 *   multi-line data joined with `\n`, exactly one leading BOM stripped, blocks without `data`
 *   not dispatched, field names case-sensitive.
 * - UTF-8 is decoded with one `TextDecoder` in `stream` mode, so a multi-byte character split
 *   between reads is kept whole; invalid bytes become U+FFFD (the UTF-8 decode algorithm).
 * - Only unnamed events (or `event: message`) are chunks; `event: error` is an error; other
 *   named events are not part of the chat-completions dialect and are skipped. Events whose
 *   data is empty or blank (keep-alives) are skipped.
 * - `[DONE]` must match exactly (`[DONE]x`, ` [DONE]` are not the sentinel); once it is seen,
 *   everything after it, in the same read or later, is ignored.
 * - End of body ({@link end}): unlike `EventSource`, which discards an event not followed by a
 *   blank line (§9.2.6), a final event the server did not terminate is dispatched, because
 *   servers that forget the last blank line are common (the `openai` SDK does the same). If
 *   its data is not JSON — a cut inside the event — it is reported as `malformed` with
 *   `atEOF: true`, never silently dropped.
 *
 * Nothing but the current partial line and pending event is buffered; work is linear in the
 * bytes fed, whatever the read sizes.
 */
export class ChatCompletionSSEDecoder {
  readonly #text = new TextDecoder('utf-8', { ignoreBOM: true });
  readonly #parser: EventSourceParser;
  #items: SSEStreamItem[] = [];
  #done = false;
  #atEOF = false;
  #ended = false;

  /** Called for every comment line (e.g. `: OPENROUTER PROCESSING`), without the colon. */
  onComment: ((comment: string) => void) | undefined;

  constructor() {
    // The text decoder keeps the BOM (`ignoreBOM: true`) so that the parser strips exactly one,
    // as the spec says; stripping in both places would eat a second, significant U+FEFF.
    this.#parser = createParser({
      onEvent: (event) => this.#onEvent(event),
      onComment: (comment) => this.onComment?.(comment),
    });
  }

  /** Whether the `[DONE]` sentinel has been decoded. */
  get done(): boolean {
    return this.#done;
  }

  /** Decodes one read of the body; returns the items it completed (often none). */
  decode(bytes: Uint8Array): SSEStreamItem[] {
    if (this.#done || this.#ended || bytes.length === 0) return [];
    const text = this.#text.decode(bytes, { stream: true });
    if (text !== '') this.#parser.feed(text);
    return this.#take();
  }

  /**
   * Signals the end of the body; returns the items flushed by it: an unterminated final event
   * (see the class notes), or a `malformed` item with `atEOF` when it was cut. Call once.
   */
  end(): SSEStreamItem[] {
    if (this.#ended) return [];
    this.#ended = true;
    if (this.#done) return [];
    this.#atEOF = true;
    const rest = this.#text.decode();
    // Two line feeds end any partial line (a pending CR swallows at most one LF) and dispatch
    // the pending event, if any.
    this.#parser.feed(`${rest}\n\n`);
    return this.#take();
  }

  #take(): SSEStreamItem[] {
    const items = this.#items;
    if (items.length === 0) return items;
    this.#items = [];
    return items;
  }

  #onEvent(event: EventSourceMessage): void {
    if (this.#done) return;
    const { data } = event;
    if (event.event === 'error') {
      const parsed = parseJSON(data);
      const chunk = isRecord(parsed) ? parsed : undefined;
      const payload = isRecord(chunk?.error)
        ? chunk.error
        : (chunk ?? { message: data.length > 0 ? data : 'The server sent an error event.' });
      this.#items.push({ type: 'error', payload, chunk });
      return;
    }
    if (event.event !== undefined && event.event !== 'message') return;
    if (data === '[DONE]') {
      this.#done = true;
      this.#items.push({ type: 'done' });
      return;
    }
    if (data.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch (cause) {
      this.#items.push({ type: 'malformed', data: preview(data), cause, atEOF: this.#atEOF });
      return;
    }
    if (!isRecord(parsed)) {
      const cause = new TypeError(`Expected a JSON object, got ${describe(parsed)}.`);
      this.#items.push({ type: 'malformed', data: preview(data), cause, atEOF: this.#atEOF });
      return;
    }
    if (parsed.error !== undefined && parsed.error !== null && parsed.error !== false) {
      const payload = isRecord(parsed.error) ? parsed.error : { message: String(parsed.error) };
      this.#items.push({ type: 'error', payload, chunk: parsed });
      return;
    }
    this.#items.push({ type: 'chunk', chunk: parsed });
  }
}

function parseJSON(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function preview(data: string): string {
  return data.length > MALFORMED_DATA_PREVIEW ? `${data.slice(0, MALFORMED_DATA_PREVIEW)}…` : data;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
