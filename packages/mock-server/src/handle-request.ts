import { chatCompletionsReply } from './chat-completions';
import { errorReply } from './error-reply';
import { hashHex } from './hash';
import type { InternalState } from './mock-state';
import { renderReply } from './render-reply';
import type { MockReply, RecordedRequest } from './types';

const SECRET_HEADERS = new Set(['api-key', 'x-api-key']);

/** Lower-case header names; the API key redacted (`Bearer ***`). */
export function redactHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (name === 'authorization') {
      out[name] = /^bearer\s/i.test(value) ? `${value.slice(0, 6)} ***` : '***';
    } else if (SECRET_HEADERS.has(name)) out[name] = '***';
    else out[name] = value;
  });
  return out;
}

/** Marks a recorded request as closed by the client (once). */
export function markClientClosed(record: RecordedRequest, now: number): void {
  if (record.clientClosed || record.completedAt !== undefined) return;
  record.clientClosed = true;
  record.clientClosedAt = now;
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

function authError(request: Request, state: InternalState, headers: Record<string, string>) {
  const header = request.headers.get('authorization') ?? '';
  const match = /^bearer\s+(.+)$/i.exec(header.trim());
  const key = match?.[1]?.trim() ?? '';
  if (key === '') {
    return errorReply(
      401,
      {
        message:
          "You didn't provide an API key. Send it in the Authorization header as 'Authorization: Bearer YOUR_KEY'.",
        code: 'missing_api_key',
      },
      headers,
    );
  }
  const accepted = state.options.apiKey;
  if (accepted !== undefined && key !== accepted) {
    return errorReply(
      401,
      {
        message: 'Incorrect API key provided. Check the key in the Authorization header.',
        code: 'invalid_api_key',
      },
      headers,
    );
  }
  return undefined;
}

function modelEntry(model: InternalState['models'][number]) {
  return { id: model.id, object: 'model', created: model.created, owned_by: model.ownedBy };
}

async function route(
  request: Request,
  body: unknown,
  rawBody: string,
  state: InternalState,
  record: RecordedRequest,
  requestKey: string,
): Promise<MockReply | Response> {
  const headers = { 'x-request-id': record.requestId };
  const denied = authError(request, state, headers);
  if (denied) return denied;
  const { pathname } = new URL(request.url);
  const path = pathname.replace(/\/+$/, '');
  if (request.method === 'GET' && path === '/v1/models') {
    return {
      status: 200,
      headers,
      kind: 'json',
      body: { object: 'list', data: state.models.map(modelEntry) },
    };
  }
  if (request.method === 'GET' && path.startsWith('/v1/models/')) {
    const id = decodeURIComponent(path.slice('/v1/models/'.length));
    const model = state.models.find((entry) => entry.id === id);
    if (model) return { status: 200, headers, kind: 'json', body: modelEntry(model) };
    return errorReply(
      404,
      {
        message: `The model '${id}' does not exist or you do not have access to it.`,
        param: 'model',
        code: 'model_not_found',
      },
      headers,
    );
  }
  if (request.method === 'POST' && path === '/v1/chat/completions') {
    if (body === undefined || (typeof body === 'string' && body === rawBody)) {
      return errorReply(
        400,
        {
          message:
            'We could not parse the JSON body of your request. Send a JSON object with Content-Type: application/json.',
          code: 'invalid_json',
        },
        headers,
      );
    }
    return chatCompletionsReply(body, { state, record, requestKey, headers });
  }
  return errorReply(
    404,
    { message: `Invalid URL (${request.method} ${pathname}).`, code: 'unknown_url' },
    headers,
  );
}

/** A handled request: the response (body not yet consumed) and its record. */
export interface HandledRequest {
  response: Response;
  record: RecordedRequest;
}

/**
 * Answers one request: records it, routes (auth → route → validation →
 * reply rules), waits `latency` ms, renders through `renderReply` (with the faults transform of src/faults/), and wraps the body so that the
 * record learns when the response completed or the client cancelled it.
 */
export async function handleRequest(
  request: Request,
  state: InternalState,
  signal: AbortSignal,
): Promise<HandledRequest> {
  const url = new URL(request.url);
  const rawBody = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
  const seenKey = `${request.method} ${url.pathname}${url.search}\n${rawBody}`;
  const occurrence = state.seen.get(seenKey) ?? 0;
  state.seen.set(seenKey, occurrence + 1);
  const requestKey = `${seenKey}\n#${occurrence}`;
  const record: RecordedRequest = {
    method: request.method,
    path: url.pathname + url.search,
    headers: redactHeaders(request.headers),
    body: parseBody(rawBody),
    receivedAt: state.now(),
    requestId: `req_${hashHex(requestKey, 32)}`,
    clientClosed: false,
  };
  state.requests.push(record);

  // A client that leaves before the response exists (during a slow `respond` hook, `latency`
  // or `delay-headers`) is marked at once, not when the reply is finally produced.
  const onEarlyAbort = () => markClientClosed(record, state.now());
  if (signal.aborted) onEarlyAbort();
  else signal.addEventListener('abort', onEarlyAbort, { once: true });
  try {
    const reply = await route(request, record.body, rawBody, state, record, requestKey);
    await sleep(state.options.latency ?? 0, signal);
    const response =
      reply instanceof Response
        ? reply
        : await renderReply(reply, { record, state, transform: state.faultTransform, signal });
    record.status = response.status;
    return { response: trackBody(response, record, state, signal), record };
  } finally {
    signal.removeEventListener('abort', onEarlyAbort);
  }
}

/** Wraps the body: completion time on the last byte, `clientClosed` on cancel or abort. */
function trackBody(
  response: Response,
  record: RecordedRequest,
  state: InternalState,
  signal: AbortSignal,
): Response {
  const source = response.body;
  if (!source) {
    record.completedAt = state.now();
    return response;
  }
  const reader = source.getReader();
  let finished = false;
  let onAbort: (() => void) | undefined;
  const finish = () => {
    finished = true;
    if (onAbort) signal.removeEventListener('abort', onAbort);
  };
  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        onAbort = () => {
          if (finished) return;
          finish();
          markClientClosed(record, state.now());
          controller.error(signal.reason);
          reader.cancel(signal.reason).catch(() => {});
        };
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
      },
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (finished) return;
          if (done) {
            finish();
            record.completedAt = state.now();
            controller.close();
          } else controller.enqueue(value);
        } catch (error) {
          if (finished) return;
          finish();
          controller.error(error);
        }
      },
      cancel(reason) {
        if (finished) return;
        finish();
        markClientClosed(record, state.now());
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
