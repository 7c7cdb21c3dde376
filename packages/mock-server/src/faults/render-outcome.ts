import { assembleCompletion } from './assemble-completion';
import type { FaultableReply } from './fault-script';
import type { SseEvent } from './frame-sse-event';
import { errorEnvelope, httpFaultError } from './http-error-envelope';
import { MockFaultError } from './mock-fault-error';
import { type MockFaultSpec, faultParam as param } from './parse-fault-spec';
import { chunkFrame, cutIndex, DONE, eventsBeforeCut } from './stream-events';

const encoder = new TextEncoder();

function errorPayload(spec: MockFaultSpec) {
  return errorEnvelope({
    message: param<string>(spec, 'message'),
    type: param<string>(spec, 'type'),
    code: param<string | number>(spec, 'code'),
  });
}

function toSseEvent(event: unknown): SseEvent {
  return { data: event === DONE ? DONE : JSON.stringify(event) };
}

function completionOf(reply: FaultableReply): unknown {
  return reply.kind === 'json' ? reply.body : assembleCompletion(reply.events);
}

function headersFor(reply: FaultableReply, contentType: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(reply.headers)) {
    const lower = name.toLowerCase();
    // The body is no longer the reply's: its type, length and SSE caching header go.
    if (lower !== 'content-type' && lower !== 'content-length' && lower !== 'cache-control') {
      headers[lower] = value;
    }
  }
  headers['content-type'] = contentType;
  return headers;
}

/** The body an outcome fault leaves to send, before framing and timing. */
export type OutcomeBody =
  | {
      kind: 'json';
      bytes: Uint8Array;
      status: number;
      headers: Record<string, string>;
      cut?: 'reset' | 'close' | 'hang';
    }
  | {
      kind: 'sse';
      events: SseEvent[];
      status: number;
      headers: Record<string, string>;
      last: 'end' | 'reset' | 'close' | 'hang';
    };

/**
 * What the outcome fault (or none) makes of the reply: an error or other JSON/HTML body, the JSON
 * body to cut, or the SSE events to send and how the stream then ends.
 */
export function renderOutcome(
  reply: FaultableReply,
  outcome: MockFaultSpec | undefined,
): OutcomeBody {
  const json = (status: number, value: unknown, headers: Record<string, string>): OutcomeBody => ({
    kind: 'json',
    bytes: encoder.encode(JSON.stringify(value)),
    status,
    headers,
  });
  if (!outcome) {
    return reply.kind === 'json'
      ? json(reply.status, reply.body, headersFor(reply, 'application/json'))
      : {
          kind: 'sse',
          events: reply.events.map(toSseEvent),
          status: reply.status,
          headers: { ...reply.headers },
          last: 'end',
        };
  }
  const name = outcome.name;
  const http = /^http-(\d{3})$/.exec(name);
  if (http) {
    const status = Number(http[1]);
    const defaults = httpFaultError(status);
    const headers = headersFor(reply, 'application/json');
    const retryAfter = outcome.params['retry-after'] ?? (status === 429 ? '1' : 'none');
    if (retryAfter !== 'none') headers['retry-after'] = String(retryAfter);
    if (outcome.params['retry-after-ms'] !== undefined) {
      headers['retry-after-ms'] = String(outcome.params['retry-after-ms']);
    }
    if (outcome.params['should-retry'] !== undefined) {
      headers['x-should-retry'] = String(outcome.params['should-retry']);
    }
    const envelope = errorEnvelope({
      message: (outcome.params.message as string | undefined) ?? defaults.message,
      type: (outcome.params.type as string | undefined) ?? defaults.type,
      code: (outcome.params.code as string | number | undefined) ?? defaults.code,
    });
    return json(status, envelope, headers);
  }
  switch (name) {
    case 'html': {
      const status = param<number>(outcome, 'status');
      const title = `${status} ${STATUS_TEXT[status] ?? 'Error'}`;
      return {
        kind: 'json',
        bytes: encoder.encode(
          `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
        ),
        status,
        headers: headersFor(reply, 'text/html; charset=utf-8'),
      };
    }
    case 'error-200':
      return json(200, errorPayload(outcome), headersFor(reply, 'application/json'));
    case 'truncated-json': {
      const full = encoder.encode(JSON.stringify(completionOf(reply)));
      const bytes = outcome.params.bytes as number | undefined;
      // Never the whole text: the JSON must stay broken.
      const cut = Math.min(bytes ?? Math.floor(full.length / 2), Math.max(full.length - 1, 0));
      return {
        kind: 'json',
        bytes: full.subarray(0, cut),
        status: 200,
        headers: headersFor(reply, 'application/json'),
      };
    }
    case 'json-to-stream':
      return json(200, completionOf(reply), headersFor(reply, 'application/json'));
  }
  if (reply.kind === 'json') {
    // reset / close / stall on a JSON reply: the body is cut at its middle.
    const cut = name === 'stall' ? 'hang' : (name as 'reset' | 'close');
    return {
      kind: 'json',
      bytes: encoder.encode(JSON.stringify(reply.body)),
      status: reply.status,
      headers: headersFor(reply, 'application/json'),
      cut,
    };
  }
  const sse = (
    events: readonly unknown[],
    last: 'end' | 'reset' | 'close' | 'hang',
    extra: SseEvent[] = [],
  ): OutcomeBody => ({
    kind: 'sse',
    events: [...events.map(toSseEvent), ...extra],
    status: reply.status,
    headers: { ...reply.headers },
    last,
  });
  const before = () => eventsBeforeCut(reply.events, param<number>(outcome, 'after'));
  switch (name) {
    case 'error-chunk': {
      const payload = param<boolean>(outcome, 'choices')
        ? {
            ...chunkFrame(reply.events),
            ...errorPayload(outcome),
            choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error' }],
          }
        : errorPayload(outcome);
      return sse(before(), 'end', [{ data: JSON.stringify(payload) }]);
    }
    case 'event-error': {
      const payload = errorPayload(outcome);
      const data = param<boolean>(outcome, 'flat') ? payload.error : payload;
      return sse(before(), 'end', [{ event: 'error', data: JSON.stringify(data) }]);
    }
    case 'reset':
    case 'close':
      return sse(before(), name);
    case 'no-finish':
      return sse(before(), 'end');
    case 'stall':
      return sse(before(), 'hang');
    case 'no-done':
      return sse(
        reply.events.filter((event) => event !== DONE),
        'end',
      );
    case 'done-keep-open':
      return sse(reply.events, 'hang');
    case 'fake-done': {
      const at = cutIndex(reply.events, param<number>(outcome, 'after'));
      return {
        kind: 'sse',
        events: [
          ...reply.events.slice(0, at).map(toSseEvent),
          { data: param<string>(outcome, 'data') },
          ...reply.events.slice(at).map(toSseEvent),
        ],
        status: reply.status,
        headers: { ...reply.headers },
        last: 'end',
      };
    }
    case 'data-after-done': {
      const extra = {
        ...chunkFrame(reply.events),
        choices: [
          { index: 0, delta: { content: param<string>(outcome, 'content') }, finish_reason: null },
        ],
      };
      return sse(reply.events, 'end', [toSseEvent(extra)]);
    }
  }
  throw new MockFaultError(`Fault "${name}" has no rendering.`);
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out',
};
