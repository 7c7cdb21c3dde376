/** One server-sent event before framing: `data` is the JSON text (or `[DONE]`). */
export interface SseEvent {
  readonly data: string;
  /** An `event:` field (`error` for the `event-error` fault). */
  readonly event?: string;
}

/** How events are written; every field off = the normal `data: <json>\n\n`. */
export interface SseFraming {
  /** Line ending: `\n` (default), `\r\n` (`crlf`) or `\r` (`cr`). */
  readonly eol: '\n' | '\r\n' | '\r';
  /** `no-space`: `data:{…}` instead of `data: {…}`. */
  readonly noSpace: boolean;
  /** `multiline`: the JSON pretty-printed over several `data:` lines (joined by `\n` on parse). */
  readonly multiline: boolean;
  /** `keep-alive`: a comment block `: <text>` + blank line before every event. */
  readonly keepAlive: string | undefined;
  /** `fields`: `event: <name>` and `id: <n>` on every event, `retry: <ms>` on the first. */
  readonly fields: { readonly event: string; readonly retry: number } | undefined;
  /** `empty-event`: an event with a name and no data (`event: ping` + blank line) before every event. */
  readonly emptyEvent: string | undefined;
}

export const PLAIN_FRAMING: SseFraming = {
  eol: '\n',
  noSpace: false,
  multiline: false,
  keepAlive: undefined,
  fields: undefined,
  emptyEvent: undefined,
};

function dataLines(data: string, multiline: boolean): string[] {
  if (!multiline || data === '[DONE]') return [data];
  try {
    return JSON.stringify(JSON.parse(data), null, 2).split('\n');
  } catch {
    return [data];
  }
}

/**
 * Writes the `position`-th event (0-based) of a stream with the given framing, including the
 * blocks the framing puts before it (keep-alive comment, data-less event). The text is a
 * complete event: it ends with the blank line that dispatches it (WHATWG HTML §9.2.5).
 */
export function frameSseEvent(event: SseEvent, position: number, framing: SseFraming): string {
  const { eol } = framing;
  const prefix = framing.noSpace ? 'data:' : 'data: ';
  let text = '';
  if (framing.keepAlive !== undefined) text += `: ${framing.keepAlive}${eol}${eol}`;
  if (framing.emptyEvent !== undefined) text += `event: ${framing.emptyEvent}${eol}${eol}`;
  if (framing.fields) {
    if (position === 0) text += `retry: ${framing.fields.retry}${eol}`;
    text += `id: ${position + 1}${eol}`;
  }
  const eventName = event.event ?? framing.fields?.event;
  if (eventName !== undefined) text += `event: ${eventName}${eol}`;
  for (const line of dataLines(event.data, framing.multiline)) text += `${prefix}${line}${eol}`;
  return text + eol;
}
