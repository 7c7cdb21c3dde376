import type { MockReply, MockReplyTransform, MockServerState, RecordedRequest } from '../types';
import { buildFaultScript } from './build-fault-script';
import type { FaultableReply } from './fault-script';
import { MockFaultError } from './mock-fault-error';
import type { MockFaultSpec } from './parse-fault-spec';
import { renderFaultScript } from './render-fault-script';
import {
  compileFaultsOption,
  FAULT_HEADER,
  type MockFaultsOption,
  selectFaults,
  takeFaults,
} from './select-faults';

/** The headers the normal rendering adds (`renderReply`), so a faulted reply keeps them. */
function withRenderedHeaders(reply: MockReply, state: MockServerState): FaultableReply {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(reply.headers)) headers[name.toLowerCase()] = value;
  headers.date ??= new Date(state.now()).toUTCString();
  if (reply.kind === 'json') return { ...reply, headers };
  headers['content-type'] = 'text/event-stream; charset=utf-8';
  headers['cache-control'] = 'no-cache';
  return { ...reply, headers };
}

/** A 400 in OpenAI's envelope for a fault list that is invalid or does not fit the reply. */
function faultErrorResponse(
  error: MockFaultError,
  reply: MockReply,
  state: MockServerState,
  fromHeader: boolean,
): Response {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(reply.headers)) headers[name.toLowerCase()] = value;
  delete headers['content-length'];
  headers.date ??= new Date(state.now()).toUTCString();
  headers['content-type'] = 'application/json';
  const body = {
    error: {
      message: error.message,
      type: 'invalid_request_error',
      param: fromHeader ? FAULT_HEADER : null,
      code: error.code,
    },
  };
  return new Response(JSON.stringify(body), { status: 400, headers });
}

function render(
  reply: MockReply,
  specs: readonly MockFaultSpec[],
  request: RecordedRequest,
  state: MockServerState,
  signal: AbortSignal | undefined,
): Promise<Response> | undefined {
  // Faults change successful replies only: an invalid request keeps its own error.
  if (reply.status < 200 || reply.status > 299) return undefined;
  const taken = takeFaults(specs, state.store);
  if (taken.specs.length === 0) return undefined;
  const script = buildFaultScript(withRenderedHeaders(reply, state), taken.specs);
  taken.commit();
  request.fault = taken.specs.map((spec) => spec.text).join(', ');
  return renderFaultScript(script, signal);
}

/**
 * The render hook that injects faults (README § Faults); one per mock, passed to `renderReply`.
 * Per request, faults come from the `x-mock-fault` header, or else from `option`. They change
 * successful (2xx) replies only: an invalid request keeps its own error and does not use up
 * `times`. The applied faults are recorded in `request.fault`. A fault list that is invalid, or
 * that does not fit the reply (a stream fault on a JSON request), is answered with a 400 in
 * OpenAI's envelope (`code: invalid_mock_fault` / `mock_fault_not_applicable`, `param:
 * x-mock-fault` when it came from the header).
 *
 * @throws MockFaultError at once when `option` is invalid (names the rule and the problem).
 */
export function createFaultTransform(option?: MockFaultsOption): MockReplyTransform {
  const compiled = compileFaultsOption(option);
  return (reply, request, state, signal) => {
    const fromHeader = request.headers[FAULT_HEADER] !== undefined;
    try {
      const selected = selectFaults(request, compiled);
      if (selected.specs.length === 0) return undefined;
      return render(reply, selected.specs, request, state, signal);
    } catch (error) {
      if (error instanceof MockFaultError) {
        return faultErrorResponse(error, reply, state, fromHeader);
      }
      throw error;
    }
  };
}
