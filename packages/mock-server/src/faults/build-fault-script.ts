import { assembleCompletion } from './assemble-completion';
import { FAULT_DEFINITIONS } from './fault-catalog';
import { frameSseEvent, PLAIN_FRAMING, type SseEvent, type SseFraming } from './frame-sse-event';
import { errorEnvelope, httpFaultError } from './http-error-envelope';
import { MockFaultError } from './mock-fault-error';
import type { MockFaultSpec } from './parse-fault-spec';

/** A reply as the handler builds it, before rendering (the seam shared with the handler). */
export type FaultableReply =
  | {
      readonly status: number;
      readonly headers: Readonly<Record<string, string>>;
      readonly kind: 'json';
      readonly body: unknown;
    }
  | {
      readonly status: number;
      readonly headers: Readonly<Record<string, string>>;
      readonly kind: 'sse';
      /** Chunk objects, then the `'[DONE]'` marker. */
      readonly events: readonly unknown[];
    };

/** What the body stream does, step by step. */
export type FaultStep =
  | { readonly type: 'write'; readonly bytes: Uint8Array }
  | { readonly type: 'sleep'; readonly ms: number }
  | { readonly type: 'end' }
  /** Error the body with `mockSocketAction` set: the node server resets or closes the socket. */
  | { readonly type: 'fail'; readonly action: 'reset' | 'close' }
  /** Never end: the connection stays open until the client or `close()` ends it. */
  | { readonly type: 'hang' };

/** A fully planned faulted response. */
export interface FaultScript {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** `delay-headers`: ms before the status line and headers are sent. */
  readonly headersDelayMs: number;
  readonly steps: readonly FaultStep[];
}

const DONE = '[DONE]';
const encoder = new TextEncoder();

type JsonObject = Record<string, unknown>;
const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const nonEmpty = (value: unknown): boolean =>
  (typeof value === 'string' && value.length > 0) || (Array.isArray(value) && value.length > 0);

/**
 * A content chunk carries generated output in `choices[].delta`: non-empty `content`,
 * `reasoning_content`, `reasoning`, `refusal` or `tool_calls`. Role-only, finish-only and usage
 * chunks are not content chunks. `after=N` counts content chunks.
 */
export function isContentChunk(event: unknown): boolean {
  if (!isObject(event) || !Array.isArray(event.choices)) return false;
  return event.choices.some((choice) => {
    if (!isObject(choice) || !isObject(choice.delta)) return false;
    const delta = choice.delta;
    return (
      nonEmpty(delta.content) ||
      nonEmpty(delta.reasoning_content) ||
      nonEmpty(delta.reasoning) ||
      nonEmpty(delta.refusal) ||
      nonEmpty(delta.tool_calls)
    );
  });
}

function withoutFinishReason(event: unknown): unknown {
  if (!isObject(event) || !Array.isArray(event.choices)) return event;
  return {
    ...event,
    choices: event.choices.map((choice) =>
      isObject(choice) && choice.finish_reason != null
        ? { ...choice, finish_reason: null }
        : choice,
    ),
  };
}

/** Index of the first event after the `after`-th content chunk (see `eventsBeforeCut`). */
function cutIndex(events: readonly unknown[], after: number): number {
  const contentIndexes = events.flatMap((event, index) => (isContentChunk(event) ? [index] : []));
  if (contentIndexes.length === 0 || after === 0) return contentIndexes[0] ?? events.length;
  return (contentIndexes[Math.min(after, contentIndexes.length) - 1] as number) + 1;
}

/**
 * `odd-chunks`: chunks a strict schema rejects but the API allows (routify-api.md: read what is
 * there, never require it): unknown fields on every chunk (`provider`) and choice
 * (`native_finish_reason`), and, after the role chunk, a chunk whose choice has no `delta`.
 */
export function withOddChunks(events: readonly unknown[]): unknown[] {
  const odd = events.map((event) =>
    isObject(event) && Array.isArray(event.choices)
      ? {
          ...event,
          choices: event.choices.map((choice) =>
            isObject(choice)
              ? { ...choice, native_finish_reason: choice.finish_reason ?? null }
              : choice,
          ),
          provider: 'mock-provider',
        }
      : event,
  );
  const first = odd[0];
  if (isObject(first)) {
    odd.splice(1, 0, {
      ...chunkFrame(odd),
      choices: [{ index: 0, finish_reason: null }],
      provider: 'mock-provider',
    });
  }
  return odd;
}

/**
 * The events sent before a cut after `after` content chunks: everything up to and including the
 * `after`-th content chunk (with `after` = 0, only what precedes the first content chunk, i.e. the
 * role chunk; with more than there are, up to the last one). A cut stream never says it finished:
 * `finish_reason` is nulled in what is sent, and the usage chunk and `[DONE]` are not sent.
 */
export function eventsBeforeCut(events: readonly unknown[], after: number): unknown[] {
  return events
    .slice(0, cutIndex(events, after))
    .filter(
      (event) =>
        event !== DONE &&
        !(
          isObject(event) &&
          event.usage != null &&
          Array.isArray(event.choices) &&
          event.choices.length === 0
        ),
    )
    .map(withoutFinishReason);
}

const param = <T extends string | number | boolean>(spec: MockFaultSpec, key: string): T =>
  spec.params[key] as T;

function errorPayload(spec: MockFaultSpec) {
  return errorEnvelope({
    message: param<string>(spec, 'message'),
    type: param<string>(spec, 'type'),
    code: param<string | number>(spec, 'code'),
  });
}

function chunkFrame(events: readonly unknown[]): JsonObject {
  const first = events.find(isObject) ?? {};
  return {
    id: first.id,
    object: 'chat.completion.chunk',
    created: first.created,
    model: first.model,
  };
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

type Body =
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

function outcomeBody(reply: FaultableReply, outcome: MockFaultSpec | undefined): Body {
  const json = (status: number, value: unknown, headers: Record<string, string>): Body => ({
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
  ): Body => ({
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

/**
 * Checks that every fault fits the reply: outcome faults by the reply kind (a stream fault needs a
 * `stream: true` request), framing faults and `drip` by what is rendered (SSE, not an error body).
 * Throws `MockFaultError` with code `mock_fault_not_applicable`.
 */
export function checkFaultsApply(reply: FaultableReply, specs: readonly MockFaultSpec[]): void {
  const outcome = specs.find((spec) => spec.group === 'outcome');
  const rendersSse =
    reply.kind === 'sse' &&
    (!outcome || !/^(http-\d{3}|html|error-200|truncated-json|json-to-stream)$/.test(outcome.name));
  for (const spec of specs) {
    const needsSse =
      spec.group === 'framing' || spec.name === 'drip'
        ? true
        : spec.group === 'outcome' && !/^http-/.test(spec.name)
          ? !FAULT_DEFINITIONS[spec.name as keyof typeof FAULT_DEFINITIONS].replies.includes('json')
          : false;
    if (!needsSse) continue;
    if (reply.kind !== 'sse') {
      throw new MockFaultError(
        `Fault "${spec.name}" needs a streamed reply; send the request with "stream": true (or drop the fault).`,
        'mock_fault_not_applicable',
      );
    }
    if (spec.group !== 'outcome' && !rendersSse) {
      throw new MockFaultError(
        `Fault "${spec.name}" rewrites SSE bytes, but fault "${outcome?.name}" replaces the stream with a JSON body; drop one of them.`,
        'mock_fault_not_applicable',
      );
    }
  }
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
  const body = outcomeBody(
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
  const delayFirst = find('delay-first');
  if (delayFirst) steps.push({ type: 'sleep', ms: param<number>(delayFirst, 'ms') });
  const drip = find('drip');
  const bytewise = find('bytewise');
  writes.forEach((bytes, index) => {
    if (drip && index > 0) steps.push({ type: 'sleep', ms: param<number>(drip, 'ms') });
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
        ? { type: 'hang' }
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
