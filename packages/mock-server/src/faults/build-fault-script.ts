import { checkFaultsApply } from './check-faults-apply';
import type { FaultableReply, FaultScript, FaultStep } from './fault-script';
import { frameSseEvent, PLAIN_FRAMING, type SseFraming } from './frame-sse-event';
import { type MockFaultSpec, faultParam as param } from './parse-fault-spec';
import { renderOutcome } from './render-outcome';
import { withOddChunks } from './stream-events';

const encoder = new TextEncoder();

function framingOf(specs: readonly MockFaultSpec[]): SseFraming {
  const find = (name: string) => specs.find((spec) => spec.name === name);
  const keepAlive = find('keep-alive');
  const fields = find('fields');
  const emptyEvent = find('empty-event');
  const emptyData = find('empty-data');
  return {
    eol: find('crlf')
      ? '\r\n'
      : find('cr')
        ? '\r'
        : find('mixed-eol')
          ? 'mixed'
          : PLAIN_FRAMING.eol,
    noSpace: find('no-space') !== undefined,
    extraSpace: find('extra-space') !== undefined,
    multiline: find('multiline') !== undefined,
    keepAlive: keepAlive ? param<string>(keepAlive, 'text') : undefined,
    fields: fields
      ? {
          event: param<string>(fields, 'event'),
          retry: param<number>(fields, 'retry'),
          idsOnFirstOnly: param<string>(fields, 'ids') === 'first',
        }
      : undefined,
    emptyEvent: emptyEvent ? param<string>(emptyEvent, 'event') : undefined,
    emptyData: emptyData ? (param<boolean>(emptyData, 'colon') ? 'data:' : 'data') : undefined,
    ignoredLines: find('ignored-lines') !== undefined,
  };
}

function split(bytes: Uint8Array, size: number): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  for (let start = 0; start < bytes.length; start += size)
    pieces.push(bytes.subarray(start, start + size));
  return pieces;
}

/**
 * Plans the faulted response for a successful reply: status, headers, the header delay and the
 * body steps. Pure: no timers run here. Throws `MockFaultError` when a fault does not apply.
 */
export function buildFaultScript(
  reply: FaultableReply,
  specs: readonly MockFaultSpec[],
): FaultScript {
  checkFaultsApply(reply, specs);
  const find = (name: string) => specs.find((spec) => spec.name === name);
  const source: FaultableReply =
    find('odd-chunks') && reply.kind === 'sse'
      ? { ...reply, events: withOddChunks(reply.events) }
      : reply;
  const body = renderOutcome(
    source,
    specs.find((spec) => spec.group === 'outcome'),
  );
  // Each write is one piece of the body: the JSON text, or one framed SSE event.
  const writes: Uint8Array[] = [];
  let last: 'end' | 'reset' | 'close' | 'hang' = 'end';
  const headers = { ...body.headers };
  if (body.kind === 'json') {
    const bytes = body.bytes;
    headers['content-length'] = String(bytes.length);
    if (body.cut) {
      writes.push(bytes.subarray(0, Math.floor(bytes.length / 2)));
      last = body.cut;
    } else {
      writes.push(bytes);
    }
  } else {
    const framing = framingOf(specs);
    const unterminated = find('unterminated');
    body.events.forEach((event, position) => {
      const ending =
        unterminated && position === body.events.length - 1
          ? param<boolean>(unterminated, 'newline')
            ? 'line'
            : 'none'
          : 'blank-line';
      writes.push(encoder.encode(frameSseEvent(event, position, framing, ending)));
    });
    if (find('bom')) {
      const first = writes[0] ?? new Uint8Array();
      writes[0] = new Uint8Array([0xef, 0xbb, 0xbf, ...first]);
    }
    last = body.last;
  }
  const steps: FaultStep[] = [];
  const heartbeatSpec = find('heartbeat');
  const eol = body.kind === 'sse' && framingOf(specs).eol !== 'mixed' ? framingOf(specs).eol : '\n';
  // Comments only between events, never inside one: not during bytewise pauses.
  const heartbeat = heartbeatSpec
    ? {
        ms: param<number>(heartbeatSpec, 'ms'),
        bytes: encoder.encode(`: ${param<string>(heartbeatSpec, 'text')}${eol}${eol}`),
      }
    : undefined;
  const delayFirst = find('delay-first');
  if (delayFirst) steps.push({ type: 'sleep', ms: param<number>(delayFirst, 'ms'), heartbeat });
  const drip = find('drip');
  const bytewise = find('bytewise');
  writes.forEach((bytes, index) => {
    if (drip && index > 0) steps.push({ type: 'sleep', ms: param<number>(drip, 'ms'), heartbeat });
    if (!bytewise) {
      if (bytes.length > 0) steps.push({ type: 'write', bytes });
      return;
    }
    const pieceMs = param<number>(bytewise, 'ms');
    split(bytes, param<number>(bytewise, 'size')).forEach((piece, pieceIndex) => {
      if (pieceMs > 0 && (pieceIndex > 0 || index > 0)) steps.push({ type: 'sleep', ms: pieceMs });
      steps.push({ type: 'write', bytes: piece });
    });
  });
  steps.push(
    last === 'end'
      ? { type: 'end' }
      : last === 'hang'
        ? // After an unterminated event, a comment's blank line would dispatch it: stay silent.
          { type: 'hang', heartbeat: find('unterminated') ? undefined : heartbeat }
        : { type: 'fail', action: last },
  );
  const delayHeaders = find('delay-headers');
  return {
    status: body.status,
    headers,
    headersDelayMs: delayHeaders ? param<number>(delayHeaders, 'ms') : 0,
    steps,
  };
}
