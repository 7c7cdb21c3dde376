/**
 * Every fault the mock server can inject, with its parameters and their defaults. The README's
 * "Faults" section documents the same table; `parseFaultSpec` validates against it.
 */

/** Names of the faults. `http-<status>` takes any status 400–599. */
export type MockFaultName =
  | `http-${number}`
  | 'html'
  | 'error-200'
  | 'truncated-json'
  | 'json-to-stream'
  | 'error-chunk'
  | 'event-error'
  | 'reset'
  | 'close'
  | 'no-finish'
  | 'no-done'
  | 'done-keep-open'
  | 'data-after-done'
  | 'fake-done'
  | 'odd-chunks'
  | 'stall'
  | 'crlf'
  | 'cr'
  | 'mixed-eol'
  | 'extra-space'
  | 'empty-data'
  | 'ignored-lines'
  | 'unterminated'
  | 'no-space'
  | 'multiline'
  | 'bom'
  | 'keep-alive'
  | 'fields'
  | 'empty-event'
  | 'bytewise'
  | 'delay-headers'
  | 'delay-first'
  | 'drip'
  | 'heartbeat';

/**
 * What a fault changes:
 * - `outcome`: decides how the reply ends (an error status, another body, a cut stream); at most
 *   one per request.
 * - `framing`: rewrites the SSE bytes of a stream reply; any number combine.
 * - `timing`: delays or spreads the bytes of any reply; any number combine.
 */
export type MockFaultGroup = 'outcome' | 'framing' | 'timing';

/** Kinds of parameter values. */
export type FaultParamKind =
  | 'count' // a non-negative integer
  | 'ms' // a non-negative integer number of milliseconds
  | 'positive' // an integer ≥ 1
  | 'status' // an HTTP status 400–599
  | 'bool' // true | false
  | 'code' // an integer becomes a JSON number, anything else a JSON string
  | 'string'
  | 'ids' // every | first
  | 'retry-after'; // seconds (digits, optionally decimal), an HTTP-date, or `none`

export interface FaultParamDefinition {
  readonly kind: FaultParamKind;
  /** The value used when the parameter is absent; `undefined` = not set. */
  readonly default?: string | number | boolean;
}

export interface FaultDefinition {
  readonly group: MockFaultGroup;
  /** The reply kinds the fault applies to. */
  readonly replies: readonly ('json' | 'sse')[];
  readonly params: Readonly<Record<string, FaultParamDefinition>>;
}

const after: FaultParamDefinition = { kind: 'count', default: 1 };
const both = ['json', 'sse'] as const;
const sse = ['sse'] as const;

const errorParams = (code: number | string, message: string) => ({
  code: { kind: 'code', default: code } as const,
  message: { kind: 'string', default: message } as const,
  type: { kind: 'string', default: 'server_error' } as const,
});

/** Parameters every fault takes (see the README): `times` and `key` drive the per-server counter. */
export const COMMON_FAULT_PARAMS: Readonly<Record<string, FaultParamDefinition>> = {
  times: { kind: 'positive' },
  key: { kind: 'string' },
};

/** The definition of every fault but `http-<status>` (see `HTTP_FAULT_DEFINITION`). */
export const FAULT_DEFINITIONS: Readonly<
  Record<Exclude<MockFaultName, `http-${number}`>, FaultDefinition>
> = {
  html: { group: 'outcome', replies: both, params: { status: { kind: 'status', default: 500 } } },
  'error-200': {
    group: 'outcome',
    replies: both,
    params: errorParams(502, 'Upstream provider returned an error'),
  },
  'truncated-json': { group: 'outcome', replies: both, params: { bytes: { kind: 'count' } } },
  'json-to-stream': { group: 'outcome', replies: sse, params: {} },
  'error-chunk': {
    group: 'outcome',
    replies: sse,
    params: {
      after,
      ...errorParams(502, 'Provider disconnected unexpectedly'),
      choices: { kind: 'bool', default: false },
    },
  },
  'event-error': {
    group: 'outcome',
    replies: sse,
    params: {
      after,
      ...errorParams(502, 'Provider disconnected unexpectedly'),
      flat: { kind: 'bool', default: false },
    },
  },
  reset: { group: 'outcome', replies: both, params: { after } },
  close: { group: 'outcome', replies: both, params: { after } },
  'no-finish': { group: 'outcome', replies: sse, params: { after } },
  'no-done': { group: 'outcome', replies: sse, params: {} },
  'done-keep-open': { group: 'outcome', replies: sse, params: {} },
  'data-after-done': {
    group: 'outcome',
    replies: sse,
    params: { content: { kind: 'string', default: 'data after [DONE]' } },
  },
  'fake-done': {
    group: 'outcome',
    replies: sse,
    params: { after, data: { kind: 'string', default: '[DONE]xyz' } },
  },
  stall: { group: 'outcome', replies: both, params: { after } },
  crlf: { group: 'framing', replies: sse, params: {} },
  cr: { group: 'framing', replies: sse, params: {} },
  'mixed-eol': { group: 'framing', replies: sse, params: {} },
  'extra-space': { group: 'framing', replies: sse, params: {} },
  'empty-data': {
    group: 'framing',
    replies: sse,
    params: { colon: { kind: 'bool', default: true } },
  },
  'ignored-lines': { group: 'framing', replies: sse, params: {} },
  'odd-chunks': { group: 'framing', replies: sse, params: {} },
  unterminated: {
    group: 'framing',
    replies: sse,
    params: { newline: { kind: 'bool', default: true } },
  },
  'no-space': { group: 'framing', replies: sse, params: {} },
  multiline: { group: 'framing', replies: sse, params: {} },
  bom: { group: 'framing', replies: sse, params: {} },
  'keep-alive': {
    group: 'framing',
    replies: sse,
    params: { text: { kind: 'string', default: 'keep-alive' } },
  },
  fields: {
    group: 'framing',
    replies: sse,
    params: {
      event: { kind: 'string', default: 'message' },
      retry: { kind: 'count', default: 3000 },
      ids: { kind: 'ids', default: 'every' },
    },
  },
  'empty-event': {
    group: 'framing',
    replies: sse,
    params: { event: { kind: 'string', default: 'ping' } },
  },
  bytewise: {
    group: 'timing',
    replies: both,
    params: { size: { kind: 'positive', default: 1 }, ms: { kind: 'ms', default: 0 } },
  },
  'delay-headers': { group: 'timing', replies: both, params: { ms: { kind: 'ms', default: 200 } } },
  'delay-first': { group: 'timing', replies: both, params: { ms: { kind: 'ms', default: 200 } } },
  drip: { group: 'timing', replies: sse, params: { ms: { kind: 'ms', default: 50 } } },
  heartbeat: {
    group: 'timing',
    replies: sse,
    params: {
      ms: { kind: 'positive', default: 100 },
      text: { kind: 'string', default: 'keep-alive' },
    },
  },
};

/** `http-<status>`: an OpenAI-style error envelope with that status. */
export const HTTP_FAULT_DEFINITION: FaultDefinition = {
  group: 'outcome',
  replies: both,
  params: {
    code: { kind: 'code' },
    message: { kind: 'string' },
    type: { kind: 'string' },
    'retry-after': { kind: 'retry-after' },
    'retry-after-ms': { kind: 'ms' },
    'should-retry': { kind: 'bool' },
  },
};

/** Looks a fault up by name (`http-429` included); `undefined` when unknown. */
export function getFaultDefinition(name: string): FaultDefinition | undefined {
  const http = /^http-(\d{3})$/.exec(name);
  if (http) {
    const status = Number(http[1]);
    return status >= 400 && status <= 599 ? HTTP_FAULT_DEFINITION : undefined;
  }
  return Object.hasOwn(FAULT_DEFINITIONS, name)
    ? FAULT_DEFINITIONS[name as keyof typeof FAULT_DEFINITIONS]
    : undefined;
}
