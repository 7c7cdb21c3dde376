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

/** Replaces every occurrence of each secret (at least 4 characters long) with `***`. */
export function redact(message: string, secrets: readonly string[]): string {
  let result = message;
  for (const secret of secrets) {
    if (secret.length >= 4) result = result.split(secret).join('***');
  }
  return result;
}

/**
 * Describes a failure of the demo: what happened and what to do, from the HTTP status when there
 * is one (401 → check `ROUTIFY_API_KEY`; 402, 403, 404, 429, 5xx and connection failures each get
 * their own advice). Every secret in `secrets` (the API key) is replaced with `***`.
 */
export function describeError(
  error: unknown,
  context: { baseURL: string; secrets: readonly string[] },
): FailureDescription {
  const chain = errorChain(error);
  const wrapper = chain.find((link) => link instanceof StepFailedError) as
    | StepFailedError
    | undefined;
  const root = rootError(chain);
  const status = findStatus(chain);
  const errorName = text(root?.name) || 'Error';
  const detail = text(root?.message).trim();
  const lines: string[] = [];

  if (status === 401) {
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
