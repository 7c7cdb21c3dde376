import { FAULT_DEFINITIONS } from './fault-catalog';
import type { FaultableReply } from './fault-script';
import { MockFaultError } from './mock-fault-error';
import type { MockFaultSpec } from './parse-fault-spec';

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
      spec.group === 'framing' || spec.name === 'drip' || spec.name === 'heartbeat'
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
