import type { MockReply, MockReplyTransform, MockServerState, RecordedRequest } from './types';

const encoder = new TextEncoder();

/** The bytes of one SSE event: `data: <json or string>\n\n`. */
export function encodeSseEvent(event: unknown): Uint8Array {
  const data = typeof event === 'string' ? event : JSON.stringify(event);
  return encoder.encode(`data: ${data}\n\n`);
}

/** What `renderReply` needs besides the reply. */
export interface RenderContext {
  record: RecordedRequest;
  state: MockServerState;
  /** Takes over rendering when it returns a `Response` (faults). */
  transform?: MockReplyTransform;
  /** Aborts when the client goes away; passed to `transform`. */
  signal?: AbortSignal;
}

/**
 * The single place where a structured reply becomes a `Response`:
 * - `json`: `content-type: application/json`, `content-length`, the JSON text in one chunk;
 * - `sse`: `content-type: text/event-stream; charset=utf-8`, `cache-control: no-cache`, one body
 *   chunk per event (`data: …\n\n`), produced as the reader pulls.
 * A `date` header from the mock's clock is added unless the reply has one. When
 * `context.transform` returns a `Response`, that is returned instead.
 */
export async function renderReply(reply: MockReply, context: RenderContext): Promise<Response> {
  if (context.transform) {
    const taken = await context.transform(reply, context.record, context.state, context.signal);
    if (taken) return taken;
  }
  const headers = new Headers(reply.headers);
  if (!headers.has('date')) headers.set('date', new Date(context.state.now()).toUTCString());
  if (reply.kind === 'json') {
    const bytes = encoder.encode(JSON.stringify(reply.body));
    headers.set('content-type', 'application/json');
    headers.set('content-length', String(bytes.byteLength));
    return new Response(bytes, { status: reply.status, headers });
  }
  headers.set('content-type', 'text/event-stream; charset=utf-8');
  headers.set('cache-control', 'no-cache');
  const events = reply.events;
  let next = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const event = events[next++];
      if (next > events.length) {
        controller.close();
        return;
      }
      controller.enqueue(encodeSseEvent(event));
    },
  });
  return new Response(body, { status: reply.status, headers });
}
