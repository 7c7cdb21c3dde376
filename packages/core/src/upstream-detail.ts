import type { ErrorObject } from './api-types';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/** Most characters of an upstream's raw error kept in a message. */
const MAX_RAW = 300;

/**
 * The error object of a body that has no `{"error": …}` envelope but carries its message at the
 * top level: `{"message": "…", "code": …}` (flat, as some gateways send) or FastAPI's
 * `{"detail": "…"}`. `undefined` for anything else.
 */
export function readFlatErrorObject(body: unknown): ErrorObject | undefined {
  if (!isRecord(body)) return undefined;
  const message = text(body.message) ?? text(body.detail);
  if (message === undefined) return undefined;
  return { ...body, message };
}

/**
 * The upstream provider's own message, from a router's `error.metadata.raw` (OpenRouter's
 * shape: `raw` is the upstream error as received — a JSON string or an object such as
 * `{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}` — or plain
 * text). `undefined` when there is none or it only repeats `message`. At most 300 characters.
 */
export function readUpstreamDetail(error: ErrorObject | undefined): string | undefined {
  if (!isRecord(error?.metadata)) return undefined;
  const raw = error.metadata.raw;
  let detail: string | undefined;
  if (typeof raw === 'string') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      parsed = undefined;
    }
    detail = isRecord(parsed) ? messageOf(parsed) : text(raw);
  } else if (isRecord(raw)) {
    detail = messageOf(raw);
  }
  if (detail === undefined || detail === text(error.message)) return undefined;
  return detail.length > MAX_RAW ? `${detail.slice(0, MAX_RAW)}…` : detail;
}

function messageOf(raw: Record<string, unknown>): string | undefined {
  const inner = raw.error;
  if (isRecord(inner)) return text(inner.message) ?? text(inner.type);
  return text(inner) ?? text(raw.message) ?? text(raw.detail);
}
