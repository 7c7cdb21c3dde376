import { InvalidSettingError } from './invalid-setting-error';

/**
 * Thrown by a section when one of its steps fails: names the section and the step, keeps the
 * original error as `cause`.
 */
export class StepFailedError extends Error {
  constructor(
    readonly section: string,
    readonly step: string,
    options: { cause: unknown },
  ) {
    super(`${section} › ${step} failed`, options);
    this.name = 'StepFailedError';
  }
}

/** A failure, described for a person and for `--json`. */
export interface FailureDescription {
  /** One or more lines saying what happened and what to do; never contains a secret. */
  message: string;
  /** The HTTP status behind the failure, when there was one. */
  status: number | null;
  /** The class name of the underlying error (e.g. `AuthenticationError`, `APICallError`). */
  errorName: string;
  /** `section › step` when the failure happened inside a step. */
  where: string | null;
}

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  status?: unknown;
  statusCode?: unknown;
  cause?: unknown;
  lastError?: unknown;
  errors?: unknown;
  code?: unknown;
}

const asRecord = (value: unknown): ErrorLike | undefined =>
  typeof value === 'object' && value !== null ? (value as ErrorLike) : undefined;

/**
 * The chain of errors behind `error`: itself, its `cause`s, the AI SDK's `RetryError.lastError`
 * and `errors[]`; each once, at most 20.
 */
function errorChain(error: unknown): ErrorLike[] {
  const chain: ErrorLike[] = [];
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0 && chain.length < 20) {
    const next = queue.shift();
    const record = asRecord(next);
    if (!record || seen.has(next)) continue;
    seen.add(next);
    chain.push(record);
    queue.push(record.lastError, record.cause);
    if (Array.isArray(record.errors)) queue.push(...record.errors);
  }
  return chain;
}

function findStatus(chain: ErrorLike[]): number | null {
  for (const link of chain) {
    for (const candidate of [link.status, link.statusCode]) {
      if (typeof candidate === 'number' && candidate >= 100 && candidate < 600) return candidate;
    }
  }
  return null;
}

/** The innermost error that is not our wrapper: it carries the most precise message. */
function rootError(chain: ErrorLike[]): ErrorLike | undefined {
  const meaningful = chain.filter((link) => !(link instanceof StepFailedError));
  const withStatus = meaningful.find(
    (link) => typeof link.status === 'number' || typeof link.statusCode === 'number',
  );
  return withStatus ?? meaningful[0];
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Query parameters whose values are credentials: `?token=…` prints as `?token=[redacted]`. */
const CREDENTIAL_PARAMS = [
  'key',
  'api[-_]?key',
  'apikey',
  'token',
  '[a-z]*[-_]token',
  'auth',
  'authorization',
  'secret',
  'client[-_]secret',
  'password',
  'passwd',
  'pwd',
  'sig',
  'signature',
  'x-amz-signature',
  'x-amz-credential',
  'x-goog-signature',
  'x-goog-credential',
  'credential',
  'session',
];

const CREDENTIAL_QUERY = new RegExp(
  `([?&;](?:${CREDENTIAL_PARAMS.join('|')})=)[^&#\\s"'<>]*`,
  'gi',
);

/** `scheme://user:password@host`: the userinfo, up to the last `@` before the host ends. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#"'<>]*@/gi;

/**
 * The one redaction of everything the demo prints or serializes (the target line, error
 * messages, the `--json` report): replaces every occurrence of each secret (at least 4
 * characters long, also percent-encoded) with `***`, anywhere in the text (a key pasted into
 * `ROUTIFY_BASE_URL`'s path included); the userinfo of any URL (`https://[redacted]@host/…`);
 * and the value of credential-like query parameters (`key`, `api_key`, `apikey`, `token`,
 * `access_token`, `secret`, `password`, `sig`, `signature`, …) as `[redacted]`.
 */
export function redact(message: string, secrets: readonly string[]): string {
  let result = message;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) {
      result = result.split(form).join('***');
    }
  }
  return result.replace(URL_USERINFO, '$1[redacted]@').replace(CREDENTIAL_QUERY, '$1[redacted]');
}

/** Which wait ran out, when the failure is a timeout: no answer yet, or silence mid-stream. */
type TimeoutKind = 'no-answer' | 'stalled';

/**
 * Recognises a timeout anywhere in the chain: @routify/core's `APIConnectionTimeoutError`
 * (`kind: 'timeout'` → no response headers in time, `'idleTimeout'` → the body stalled; LangChain
 * passes it through) and the AI SDK's `TimeoutError` (`First chunk timeout …` / `Chunk timeout …`),
 * also when its message is quoted inside another error's.
 */
function findTimeout(chain: ErrorLike[]): { kind: TimeoutKind; ms: number | null } | undefined {
  for (const link of chain) {
    const name = text(link.name);
    const message = text(link.message);
    const record = link as { kind?: unknown; timeout?: unknown };
    const ms = typeof record.timeout === 'number' ? record.timeout : null;
    if (name === 'APIConnectionTimeoutError') {
      return { kind: record.kind === 'idleTimeout' ? 'stalled' : 'no-answer', ms };
    }
    // The provider may wrap it: `The stream was aborted: TimeoutError: Chunk timeout of …`.
    const sdk = /\b(first chunk|chunk|step|total)? ?timeout of (\d+) ?ms exceeded/i.exec(message);
    if (sdk && (name === 'TimeoutError' || message.includes('TimeoutError'))) {
      const kind = sdk[1]?.toLowerCase() === 'chunk' ? 'stalled' : 'no-answer';
      return { kind, ms: Number(sdk[2]) };
    }
  }
  return undefined;
}

/** `"404 Not found: no such model"` → `"no such model"`: the status is printed once, by us. */
function withoutStatusPrefix(detail: string, status: number): string {
  return detail.replace(new RegExp(`^(?:HTTP\\s*)?${status}\\b(?: [^:\\n]{1,40})?:\\s*`), '');
}

/** `60000` → `"60 s"`, `1500` → `"1.5 s"`. */
const seconds = (ms: number): string => `${Number((ms / 1000).toFixed(1))} s`;

/**
 * Describes a failure of the demo: what happened and what to do, from the HTTP status when there
 * is one (401 → check `ROUTIFY_API_KEY`; 402, 403, 404, 429, 5xx and connection failures each get
 * their own advice; a timeout says which wait ran out and suggests `--timeout`, a refused or
 * unreachable connection says to check `ROUTIFY_BASE_URL`). The message goes through
 * {@link redact}: no secret in `secrets` (the API key), URL userinfo or credential query value.
 */
export function describeError(
  error: unknown,
  context: {
    baseURL: string;
    secrets: readonly string[];
    /** The demo's `--timeout`, ms: the limit named when a wait ran out. */
    timeoutMs?: number;
  },
): FailureDescription {
  const chain = errorChain(error);
  const wrapper = chain.find((link) => link instanceof StepFailedError) as
    | StepFailedError
    | undefined;
  const root = rootError(chain);
  const status = findStatus(chain);
  const errorName = text(root?.name) || 'Error';
  const rawDetail = text(root?.message).trim();
  const detail = status === null ? rawDetail : withoutStatusPrefix(rawDetail, status);
  const timeout = status === null ? findTimeout(chain) : undefined;
  const lines: string[] = [];

  if (root instanceof InvalidSettingError) {
    lines.push(detail);
  } else if (status === 401) {
    lines.push(
      `Authentication failed (HTTP 401): ${context.baseURL} did not accept the API key.`,
      'Check ROUTIFY_API_KEY: it must be a valid Routify key (and ROUTIFY_BASE_URL, if set, must point at the API the key belongs to).',
    );
  } else if (status === 400) {
    lines.push(
      `Bad request (HTTP 400): ${detail}`,
      'The model may lack what this step needs (tools, structured output, reasoning): try another --model or --reasoning-model.',
    );
  } else if (status === 402) {
    lines.push(`Payment required (HTTP 402): ${detail}`, 'Top up the Routify balance of this key.');
  } else if (status === 403) {
    lines.push(`Permission denied (HTTP 403): ${detail}`, 'This key may not use this model.');
  } else if (status === 404) {
    lines.push(
      `Not found (HTTP 404): ${detail}`,
      'Check --model / --reasoning-model against the model list (run with --only core).',
    );
  } else if (status === 429) {
    lines.push(`Rate limited (HTTP 429): ${detail}`, 'Wait a moment and run the demo again.');
  } else if (status !== null) {
    lines.push(`The API answered HTTP ${status} (${errorName}): ${detail}`);
  } else if (timeout) {
    const ms = context.timeoutMs ?? timeout.ms;
    const limit = ms === null ? '' : ` ${seconds(ms)}`;
    lines.push(
      timeout.kind === 'stalled'
        ? `The server at ${context.baseURL} stopped sending data for${limit || ' too long'} in the middle of a reply (${errorName}).`
        : `The server at ${context.baseURL} did not answer within${limit || ' the time limit'} (${errorName}).`,
      'It was reached, but is slow or stuck: run the demo again, or allow more time with --timeout <seconds>.',
    );
  } else if (
    /connection|fetch failed|ECONNREFUSED|ENOTFOUND|timed? ?out/i.test(`${errorName} ${detail}`)
  ) {
    lines.push(
      `Could not reach ${context.baseURL} (${errorName}): ${detail}`,
      'Check ROUTIFY_BASE_URL and your network connection.',
    );
  } else {
    lines.push(`${errorName}: ${detail || String(error)}`);
  }
  const where = wrapper ? `${wrapper.section} › ${wrapper.step}` : null;
  if (where) lines.unshift(`The demo failed at ${where}.`);
  return {
    message: redact(lines.join('\n'), context.secrets),
    status,
    errorName,
    where,
  };
}
