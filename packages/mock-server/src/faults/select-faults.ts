import type { RecordedRequest } from '../types';
import { MockFaultError } from './mock-fault-error';
import { type MockFaultSpec, parseFaultSpec } from './parse-fault-spec';

/** The request header that selects faults per request (see the README, section Faults). */
export const FAULT_HEADER = 'x-mock-fault';

/** A rule of the `faults` option: the first rule whose filters all match selects `fault`. */
export interface MockFaultRule {
  /** A fault list in the header syntax, e.g. `'http-503; times=2'` or `'crlf, reset; after=3'`. */
  fault: string;
  /** Matches the request body's `model`: exact string or RegExp. Default: any. */
  model?: string | RegExp;
  /** Matches the path without query string, e.g. `/v1/chat/completions`: exact or RegExp. Default: any. */
  path?: string | RegExp;
  /** Matches `stream: true` requests (true) or the others (false). Default: any. */
  stream?: boolean;
}

/**
 * The `faults` option of `createMockRoutify` / `startMockServer`: rules (first match wins) or a
 * function from the recorded request to a fault list in the header syntax (`undefined` or `'none'`
 * = no fault). An `x-mock-fault` request header, when present, replaces what the option selects.
 */
export type MockFaultsOption =
  | readonly MockFaultRule[]
  | ((request: RecordedRequest) => string | undefined);

/** Where the selected faults came from (an invalid header is the client's error, answered as a 400). */
export interface SelectedFaults {
  readonly specs: MockFaultSpec[];
  readonly source: 'header' | 'option' | 'none';
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function matches(filter: string | RegExp | undefined, value: string | undefined): boolean {
  if (filter === undefined) return true;
  if (value === undefined) return false;
  if (typeof filter === 'string') return filter === value;
  filter.lastIndex = 0; // a /g or /y RegExp would otherwise remember where it stopped
  return filter.test(value);
}

/** A validated `faults` option: rules are parsed once, when the mock is created. */
export type CompiledFaultsOption = (request: RecordedRequest) => MockFaultSpec[];

/**
 * Validates the `faults` option and returns its selector. Throws `MockFaultError` naming the rule
 * (by index) and what is wrong with it.
 */
export function compileFaultsOption(option: MockFaultsOption | undefined): CompiledFaultsOption {
  if (option === undefined) return () => [];
  if (typeof option === 'function') {
    return (request) => {
      const text = option(request);
      if (text !== undefined && typeof text !== 'string') {
        throw new MockFaultError(
          `The faults option function returned ${typeof text}; return a fault list string (e.g. 'reset; after=2') or undefined.`,
        );
      }
      return parseFaultSpec(text ?? '');
    };
  }
  if (!Array.isArray(option)) {
    throw new MockFaultError(
      'The faults option must be an array of rules ({ fault, model?, path?, stream? }) or a function.',
    );
  }
  const rules = option.map((rule: MockFaultRule, index) => {
    if (!isObject(rule) || typeof rule.fault !== 'string') {
      throw new MockFaultError(
        `faults[${index}] needs a string "fault", e.g. { fault: 'http-503' }.`,
      );
    }
    try {
      return { rule, specs: parseFaultSpec(rule.fault) };
    } catch (error) {
      throw new MockFaultError(`faults[${index}]: ${(error as Error).message}`);
    }
  });
  return (request) => {
    const body = isObject(request.body) ? request.body : {};
    const model = typeof body.model === 'string' ? body.model : undefined;
    const stream = body.stream === true;
    const path = request.path.split('?')[0];
    const hit = rules.find(
      ({ rule }) =>
        matches(rule.model, model) &&
        matches(rule.path, path) &&
        (rule.stream === undefined || rule.stream === stream),
    );
    return hit ? hit.specs : [];
  };
}

/**
 * The faults for one request: the `x-mock-fault` header when the request has it (`none` = no
 * fault), otherwise the option's choice. Throws `MockFaultError` for an invalid list.
 */
export function selectFaults(
  request: RecordedRequest,
  option: CompiledFaultsOption,
): SelectedFaults {
  const header = request.headers[FAULT_HEADER];
  if (header !== undefined) {
    const specs = parseFaultSpec(header);
    return { specs, source: specs.length > 0 ? 'header' : 'none' };
  }
  const specs = option(request);
  return { specs, source: specs.length > 0 ? 'option' : 'none' };
}

const COUNTERS = 'faults:counters';

function countersOf(store: Map<string, unknown>): Map<string, number> {
  let counters = store.get(COUNTERS) as Map<string, number> | undefined;
  if (!counters) {
    counters = new Map();
    store.set(COUNTERS, counters);
  }
  return counters;
}

/**
 * Drops the faults whose `times` are used up on this server (counters live in the server's
 * `store`, cleared by `reset()`). Returns the faults to apply and `commit()`, which counts one
 * use of each — called only once the faulted response is built.
 */
export function takeFaults(
  specs: readonly MockFaultSpec[],
  store: Map<string, unknown>,
): { specs: MockFaultSpec[]; commit: () => void } {
  const counters = countersOf(store);
  const active = specs.filter(
    (spec) => spec.times === undefined || (counters.get(spec.counterKey) ?? 0) < spec.times,
  );
  return {
    specs: active,
    commit() {
      for (const spec of active) {
        if (spec.times !== undefined) {
          counters.set(spec.counterKey, (counters.get(spec.counterKey) ?? 0) + 1);
        }
      }
    },
  };
}
