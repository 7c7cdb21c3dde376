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
  | { type: 'malformed'; data: string; cause: unknown; atEOF: boolean }
  /**
   * The stream cannot be decoded further: one event (or line) grew past `maxEventSize`
   * characters without ending (`reason: 'too-large'`), or the framing failed unexpectedly
   * (`reason: 'failed'`, e.g. a string too long for the runtime). Nothing is decoded after it.
   */
  | { type: 'fatal'; reason: 'too-large' | 'failed'; limit: number; cause: unknown };

/**
 * Default `maxEventSize`: 128 Mi characters buffered for one event or line. Large enough for
 * any real chunk (image events exceed 8 MiB, which is why the `openai` SDK dropped its cap), small
 * enough that a stream that never ends its line cannot exhaust memory.
 */
export const DEFAULT_MAX_EVENT_SIZE = 128 * 1024 * 1024;

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
 * - Unnamed events (or `event: message`) are chunks; `event: error` is an error; an event with
 *   another name is read like an unnamed one when its data is a chunk (`[DONE]`, or a JSON
 *   object with `choices`, `error` or `object: "chat.completion.chunk"`), as the `openai` SDK
 *   and the AI SDK do, and skipped otherwise (`event: ping`). Events whose data is empty or
 *   blank (keep-alives) are skipped.
 * - `[DONE]` must match exactly (`[DONE]x`, ` [DONE]` are not the sentinel); once it is seen,
 *   everything after it, in the same read or later, is ignored.
 * - End of body ({@link end}): unlike `EventSource`, which discards an event not followed by a
 *   blank line (§9.2.6), a final event the server did not terminate is dispatched, because
 *   servers that forget the last blank line are common (the `openai` SDK does the same). If
 *   its data is not JSON — a cut inside the event — it is reported as `malformed` with
 *   `atEOF: true`, never silently dropped.
 *
 * Nothing but the current partial line and pending event is buffered, and at most
 * `maxEventSize` characters of them (a `fatal` item past that); work is linear in the bytes
 * fed, whatever the read sizes. The decoder never throws: a framing failure is a `fatal` item.
 */
export class ChatCompletionSSEDecoder {
  readonly #text = new TextDecoder('utf-8', { ignoreBOM: true });
  readonly #parser: EventSourceParser;
  #items: SSEStreamItem[] = [];
  #done = false;
  #atEOF = false;
  #ended = false;
  #failed = false;
  readonly #maxEventSize: number;

  /** Called for every comment line (e.g. `: OPENROUTER PROCESSING`), without the colon. */
  onComment: ((comment: string) => void) | undefined;

  /**
   * @param options.maxEventSize Most characters buffered for one event or one line (default
   *   {@link DEFAULT_MAX_EVENT_SIZE}); past it the decoder yields a `fatal` item and stops.
   */
  constructor(options: { maxEventSize?: number } = {}) {
    this.#maxEventSize = options.maxEventSize ?? DEFAULT_MAX_EVENT_SIZE;
    // The text decoder keeps the BOM (`ignoreBOM: true`) so that the parser strips exactly one,
    // as the spec says; stripping in both places would eat a second, significant U+FEFF.
    this.#parser = createParser({
      onEvent: (event) => this.#onEvent(event),
      onComment: (comment) => this.onComment?.(comment),
      maxBufferSize: this.#maxEventSize,
      onError: (error) => {
        if (error.type === 'max-buffer-size-exceeded') this.#fatal('too-large', error);
      },
    });
  }

  /** Whether the `[DONE]` sentinel has been decoded. */
  get done(): boolean {
    return this.#done;
  }

  /** Decodes one read of the body; returns the items it completed (often none). */
  decode(bytes: Uint8Array): SSEStreamItem[] {
    if (this.#done || this.#ended || this.#failed || bytes.length === 0) return [];
    // Any failure (a string too long for the runtime) becomes one `fatal` item, never a throw.
    try {
      const text = this.#text.decode(bytes, { stream: true });
      if (text !== '') this.#parser.feed(text);
    } catch (cause) {
      this.#fatal('failed', cause);
    }
    return this.#take();
  }

  #fatal(reason: 'too-large' | 'failed', cause: unknown): void {
    if (this.#failed || this.#done) return;
    this.#failed = true;
    this.#items.push({ type: 'fatal', reason, limit: this.#maxEventSize, cause });
  }

  /**
   * Signals the end of the body; returns the items flushed by it: an unterminated final event
   * (see the class notes), or a `malformed` item with `atEOF` when it was cut. Call once.
   */
  end(): SSEStreamItem[] {
    if (this.#ended) return [];
    this.#ended = true;
    if (this.#done || this.#failed) return this.#take();
    this.#atEOF = true;
    // Two line feeds end any partial line (a pending CR swallows at most one LF) and dispatch
    // the pending event, if any.
    try {
      this.#parser.feed(`${this.#text.decode()}\n\n`);
    } catch (cause) {
      this.#fatal('failed', cause);
    }
    return this.#take();
  }

  #take(): SSEStreamItem[] {
    const items = this.#items;
    if (items.length === 0) return items;
    this.#items = [];
    return items;
  }

  #onEvent(event: EventSourceMessage): void {
    if (this.#done || this.#failed) return;
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
    if (event.event !== undefined && event.event !== 'message' && !isChunkData(data)) return;
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
    // A truthy `error` (as the `openai` SDK tests it): `"error": null`, `false` or `""` is a chunk.
    if (
      parsed.error !== undefined &&
      parsed.error !== null &&
      parsed.error !== false &&
      parsed.error !== ''
    ) {
      const payload = isRecord(parsed.error) ? parsed.error : { message: String(parsed.error) };
      this.#items.push({ type: 'error', payload, chunk: parsed });
      return;
    }
    this.#items.push({ type: 'chunk', chunk: parsed });
  }
}

/**
 * Whether the data of an event with another name (`event: chunk`, `event: completion`) is
 * still part of the chat-completions stream: the exact `[DONE]`, or a JSON object with a
 * `choices` array, a top-level `error`, or `object: "chat.completion.chunk"`. The `openai` SDK
 * and the AI SDK read such events as chunks whatever their name; a keep-alive such as
 * `event: ping` + `data: {"type":"ping"}` is not one and is skipped.
 */
function isChunkData(data: string): boolean {
  if (data === '[DONE]') return true;
  if (!data.trimStart().startsWith('{')) return false;
  const parsed = parseJSON(data);
  return (
    isRecord(parsed) &&
    (Array.isArray(parsed.choices) ||
      (parsed.error !== undefined && parsed.error !== null) ||
      parsed.object === 'chat.completion.chunk')
  );
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
