import type { FaultScript, FaultStep } from './fault-script';
import { MockSocketFault } from './mock-socket-fault';

/** Resolves after `ms`, or at once when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Plays body steps as a pull-based byte stream (`highWaterMark: 0`: each write is produced when
 * the consumer asks, so one step = one chunk on the socket). Sleeps and `hang` end when the
 * consumer cancels the stream or `signal` aborts (the client went away).
 */
export function playFaultSteps(
  steps: readonly FaultStep[],
  signal?: AbortSignal,
): ReadableStream<Uint8Array> {
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  let next = 0;
  // What is left of a sleep interrupted by a heartbeat comment.
  let remaining: number | undefined;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        while (!stop.signal.aborted) {
          const step = steps[next++] ?? ({ type: 'end' } as const);
          switch (step.type) {
            case 'sleep': {
              const left = remaining ?? step.ms;
              if (step.heartbeat && left > step.heartbeat.ms) {
                await sleep(step.heartbeat.ms, stop.signal);
                if (stop.signal.aborted) return;
                remaining = left - step.heartbeat.ms;
                next--;
                controller.enqueue(step.heartbeat.bytes);
                return;
              }
              remaining = undefined;
              await sleep(left, stop.signal);
              break;
            }
            case 'write':
              controller.enqueue(step.bytes);
              return;
            case 'end':
              signal?.removeEventListener('abort', onAbort);
              controller.close();
              return;
            case 'fail':
              signal?.removeEventListener('abort', onAbort);
              controller.error(new MockSocketFault(step.action));
              return;
            case 'hang':
              if (step.heartbeat) {
                await sleep(step.heartbeat.ms, stop.signal);
                if (stop.signal.aborted) return;
                next--;
                controller.enqueue(step.heartbeat.bytes);
                return;
              }
              // No timer: a hung body alone does not keep the process alive; the socket does.
              await new Promise((resolve) =>
                stop.signal.addEventListener('abort', resolve, { once: true }),
              );
              return;
          }
        }
      },
      cancel() {
        signal?.removeEventListener('abort', onAbort);
        stop.abort();
      },
    },
    { highWaterMark: 0 },
  );
}

/**
 * Turns a planned faulted response into a `Response`, after `script.headersDelayMs`
 * (`delay-headers`; cut short when `signal` aborts).
 */
export async function renderFaultScript(
  script: FaultScript,
  signal?: AbortSignal,
): Promise<Response> {
  if (script.headersDelayMs > 0) {
    await sleep(script.headersDelayMs, signal ?? new AbortController().signal);
  }
  return new Response(playFaultSteps(script.steps, signal), {
    status: script.status,
    headers: script.headers,
  });
}
