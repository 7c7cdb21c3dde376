/** One server-sent event before framing: `data` is the JSON text (or `[DONE]`). */
export interface SseEvent {
  readonly data: string;
  /** An `event:` field (`error` for the `event-error` fault). */
  readonly event?: string;
}

/** How events are written; every field off = the normal `data: <json>\n\n`. */
export interface SseFraming {
  /**
   * Line ending: `\n` (default), `\r\n` (`crlf`), `\r` (`cr`), or `mixed` (`mixed-eol`: LF, CRLF
   * and CR in turn, line by line).
   */
  readonly eol: '\n' | '\r\n' | '\r' | 'mixed';
  /** `no-space`: `data:{…}` instead of `data: {…}`. */
  readonly noSpace: boolean;
  /** `extra-space`: `data:  {…}` (two spaces; the value keeps one, which JSON allows). Not on `[DONE]`. */
  readonly extraSpace: boolean;
  /** `multiline`: the JSON pretty-printed over several `data:` lines (joined by `\n` on parse). */
  readonly multiline: boolean;
  /** `keep-alive`: a comment block `: <text>` + blank line before every event. */
  readonly keepAlive: string | undefined;
  /** `fields`: `event: <name>` on every event, `id: <n>` on every event (or the first), `retry: <ms>` on the first. */
  readonly fields:
    | { readonly event: string; readonly retry: number; readonly idsOnFirstOnly: boolean }
    | undefined;
  /** `empty-event`: an event with a name and no data (`event: ping` + blank line) before every event. */
  readonly emptyEvent: string | undefined;
  /** `empty-data`: an event whose data is empty (`data:` or bare `data`) before every event. */
  readonly emptyData: 'data:' | 'data' | undefined;
  /** `ignored-lines`: lines a parser must ignore (` data: …` with a leading space, an unknown field) in every event. */
  readonly ignoredLines: boolean;
}

export const PLAIN_FRAMING: SseFraming = {
  eol: '\n',
  noSpace: false,
  extraSpace: false,
  multiline: false,
  keepAlive: undefined,
  fields: undefined,
  emptyEvent: undefined,
  emptyData: undefined,
  ignoredLines: false,
};

const MIXED = ['\n', '\r\n', '\r'] as const;

function dataLines(data: string, multiline: boolean): string[] {
  if (!multiline || data === '[DONE]') return [data];
  try {
    return JSON.stringify(JSON.parse(data), null, 2).split('\n');
  } catch {
    return [data];
  }
}

/** How the last event of a stream ends: normally with a blank line; `unterminated` drops it. */
export type EventEnding = 'blank-line' | 'line' | 'none';

/**
 * Writes the `position`-th event (0-based) of a stream with the given framing, including the
 * blocks the framing puts before it (keep-alive comment, data-less or empty-data event). With
 * the default `ending` the text is a complete event: it ends with the blank line that dispatches
 * it (WHATWG HTML §9.2.5); `line` leaves out the blank line, `none` also the last line's ending.
 */
export function frameSseEvent(
  event: SseEvent,
  position: number,
  framing: SseFraming,
  ending: EventEnding = 'blank-line',
): string {
  const lines: string[] = [];
  // A blank line is an empty entry: it dispatches (or discards) what precedes it.
  if (framing.keepAlive !== undefined) lines.push(`: ${framing.keepAlive}`, '');
  if (framing.emptyEvent !== undefined) lines.push(`event: ${framing.emptyEvent}`, '');
  if (framing.emptyData !== undefined) lines.push(framing.emptyData, '');
  if (framing.fields) {
    if (position === 0) lines.push(`retry: ${framing.fields.retry}`);
    if (position === 0 || !framing.fields.idsOnFirstOnly) lines.push(`id: ${position + 1}`);
  }
  const eventName = event.event ?? framing.fields?.event;
  if (eventName !== undefined) lines.push(`event: ${eventName}`);
  if (framing.ignoredLines)
    lines.push(' data: {"ignored":"leading space"}', 'x-mock-unknown: ignored');
  const prefix = framing.noSpace
    ? 'data:'
    : framing.extraSpace && event.data !== '[DONE]'
      ? 'data:  '
      : 'data: ';
  for (const line of dataLines(event.data, framing.multiline)) lines.push(`${prefix}${line}`);
  if (ending === 'blank-line') lines.push('');
  let text = '';
  lines.forEach((line, index) => {
    const last = index === lines.length - 1;
    if (last && ending === 'none') {
      text += line;
      return;
    }
    let eol: string =
      framing.eol === 'mixed' ? (MIXED[(position + index) % 3] ?? '\n') : framing.eol;
    // A bare CR line end followed by `\n` would read as ONE CRLF line end (§9.2.5), eating the
    // next line: a blank line would vanish and two events merge. Lines are never empty except
    // blank lines, so only those can start with the `\n`; they take `\r\n` instead.
    if (line === '' && text.endsWith('\r') && eol.startsWith('\n')) eol = '\r\n';
    text += line + eol;
  });
  return text;
}
