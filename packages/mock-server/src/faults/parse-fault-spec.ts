import {
  COMMON_FAULT_PARAMS,
  FAULT_DEFINITIONS,
  type FaultParamDefinition,
  getFaultDefinition,
  type MockFaultGroup,
  type MockFaultName,
} from './fault-catalog';
import { MockFaultError } from './mock-fault-error';

/** A parameter value after validation: numbers for counts, ms, statuses and numeric codes. */
export type FaultParamValue = string | number | boolean;

/** One parsed fault, e.g. `reset; after=3` or `http-503; times=2`. */
export interface MockFaultSpec {
  readonly name: MockFaultName;
  readonly group: MockFaultGroup;
  /** Every parameter of the fault, defaults filled in (unset optional ones are absent). */
  readonly params: Readonly<Record<string, FaultParamValue>>;
  /** Parameters the spec wrote explicitly (before defaults). */
  readonly explicit: ReadonlySet<string>;
  /** `times=N`: apply to the first N matching requests of this server, then pass through. */
  readonly times: number | undefined;
  /** The counter `times` is kept under: `key=…` when given, else the normalized spec text. */
  readonly counterKey: string;
  /** Normalized text: `name; k=v; …` in the order written. */
  readonly text: string;
}

/** A parameter's value (defaults filled in), typed by the caller from the fault's definition. */
export const faultParam = <T extends FaultParamValue>(spec: MockFaultSpec, key: string): T =>
  spec.params[key] as T;

/**
 * Splits on `separator` outside double quotes. A quoted value may contain `,` `;` `=` and the
 * escapes `\"` and `\\`.
 */
function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (quoted && char === '\\' && i + 1 < text.length) {
      current += char + text[i + 1];
      i++;
    } else if (char === '"') {
      quoted = !quoted;
      current += char;
    } else if (char === separator && !quoted) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  if (quoted) throw new MockFaultError(`Unterminated quoted value in fault spec "${text}".`);
  parts.push(current);
  return parts;
}

function unquote(raw: string): string {
  const value = raw.trim();
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    return value.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  return value;
}

/**
 * HTTP header values are ASCII, so text values may be percent-encoded UTF-8 (`%D0%9D…`, as
 * `encodeURIComponent` writes it). A value that is not valid percent-encoding is kept as written.
 */
function percentDecode(raw: string): string {
  if (!raw.includes('%')) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

const knownNames = (): string => ['http-<status>', ...Object.keys(FAULT_DEFINITIONS)].join(', ');

function parseValue(
  fault: string,
  key: string,
  raw: string,
  definition: FaultParamDefinition,
): FaultParamValue {
  const fail = (expected: string): never => {
    throw new MockFaultError(
      `Fault "${fault}": parameter ${key}=${JSON.stringify(raw)} is not ${expected}.`,
    );
  };
  switch (definition.kind) {
    case 'count':
    case 'ms':
      return /^\d+$/.test(raw) ? Number(raw) : fail('a non-negative integer');
    case 'positive':
      return /^\d+$/.test(raw) && Number(raw) >= 1 ? Number(raw) : fail('an integer ≥ 1');
    case 'status': {
      const status = Number(raw);
      return /^\d{3}$/.test(raw) && status >= 400 && status <= 599
        ? status
        : fail('an HTTP status from 400 to 599');
    }
    case 'bool':
      return raw === 'true' ? true : raw === 'false' ? false : fail('true or false');
    case 'code':
      return /^-?\d+$/.test(raw) ? Number(raw) : raw === '' ? fail('a code') : raw;
    case 'retry-after':
      return raw === 'none' || /^\d+(\.\d+)?$/.test(raw) || !Number.isNaN(Date.parse(raw))
        ? raw
        : fail('seconds (e.g. 2 or 0.5), an HTTP-date (quoted) or none');
    case 'ids':
      return raw === 'every' || raw === 'first' ? raw : fail('every or first');
    case 'string':
      return percentDecode(raw);
  }
}

/**
 * Parses one fault, `name[; key=value]…` (names and keys case-insensitive; values may be
 * double-quoted). Throws `MockFaultError` naming the unknown fault or parameter and the valid ones.
 */
export function parseFaultItem(item: string): MockFaultSpec {
  const [head = '', ...rest] = splitOutsideQuotes(item, ';');
  const name = head.trim().toLowerCase();
  const definition = getFaultDefinition(name);
  if (!definition) {
    throw new MockFaultError(
      name === ''
        ? `Empty fault in "${item}"; write a fault name such as reset or http-503.`
        : `Unknown fault "${name}". Known faults: ${knownNames()}.`,
    );
  }
  const params: Record<string, FaultParamValue> = {};
  const explicit = new Set<string>();
  const written: string[] = [name];
  for (const part of rest) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    const key = (eq === -1 ? part : part.slice(0, eq)).trim().toLowerCase();
    const paramDefinition = definition.params[key] ?? COMMON_FAULT_PARAMS[key];
    if (!paramDefinition) {
      const valid = [...Object.keys(definition.params), ...Object.keys(COMMON_FAULT_PARAMS)];
      throw new MockFaultError(
        `Fault "${name}" has no parameter "${key}". Its parameters: ${valid.join(', ')}.`,
      );
    }
    if (eq === -1) {
      throw new MockFaultError(`Fault "${name}": parameter "${key}" needs a value (${key}=…).`);
    }
    if (explicit.has(key)) {
      throw new MockFaultError(`Fault "${name}": parameter "${key}" is given twice.`);
    }
    const raw = unquote(part.slice(eq + 1));
    params[key] = parseValue(name, key, raw, paramDefinition);
    explicit.add(key);
    written.push(`${key}=${/[;,"\s]/.test(raw) ? JSON.stringify(raw) : raw}`);
  }
  for (const [key, paramDefinition] of Object.entries(definition.params)) {
    if (!(key in params) && paramDefinition.default !== undefined) {
      params[key] = paramDefinition.default;
    }
  }
  const text = written.join('; ');
  const times = typeof params.times === 'number' ? params.times : undefined;
  const counterKey = typeof params.key === 'string' ? `key:${params.key}` : text;
  return {
    name: name as MockFaultName,
    group: definition.group,
    params,
    explicit,
    times,
    counterKey,
    text,
  };
}

/**
 * Parses a fault list, `fault[, fault]…` — the syntax of the `x-mock-fault` header and of the
 * `faults` option. `none` (or an empty string) is the empty list. At most one `outcome` fault
 * (see `MockFaultGroup`) may appear, and no fault twice. Throws `MockFaultError`.
 */
export function parseFaultSpec(text: string): MockFaultSpec[] {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.toLowerCase() === 'none') return [];
  const specs = splitOutsideQuotes(trimmed, ',').map(parseFaultItem);
  const outcomes = specs.filter((spec) => spec.group === 'outcome');
  if (outcomes.length > 1) {
    throw new MockFaultError(
      `Faults ${outcomes.map((spec) => `"${spec.name}"`).join(' and ')} each decide how the reply ends; use one per request (framing and timing faults combine with it).`,
    );
  }
  const seen = new Set<string>();
  for (const spec of specs) {
    if (seen.has(spec.name)) throw new MockFaultError(`Fault "${spec.name}" is given twice.`);
    seen.add(spec.name);
  }
  const endings = ['crlf', 'cr', 'mixed-eol'].filter((name) => seen.has(name));
  if (endings.length > 1) {
    throw new MockFaultError(
      `Faults ${endings.map((name) => `"${name}"`).join(' and ')} each set the line ending; use one.`,
    );
  }
  if (seen.has('bom') && seen.has('heartbeat')) {
    throw new MockFaultError(
      'Faults "bom" and "heartbeat" do not combine (a comment could come before the BOM); use one.',
    );
  }
  if (seen.has('no-space') && seen.has('extra-space')) {
    throw new MockFaultError('Faults "no-space" and "extra-space" contradict each other; use one.');
  }
  return specs;
}
