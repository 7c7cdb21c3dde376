import { REDACTED } from './redact-secrets';

/** Query parameter names whose values are credentials (`?key=`, `?api_key=`, `?token=`, …). */
const SECRET_PARAM = /key|token|secret|password|auth|sig/i;

/**
 * Validates a base URL and removes trailing slashes from its path: an absolute `http:` or
 * `https:` URL without credentials (fetch refuses `user:password@` URLs). A query string
 * (`?api-version=…`) is kept and stays at the end of every request URL.
 *
 * @param source What to call the value in errors (`` `baseURL` `` or `ROUTIFY_BASE_URL`).
 * @param secrets Strings (the API key) never echoed in an error message.
 * @throws TypeError naming the problem and the fix; the URL is echoed only without secrets.
 */
export function normalizeBaseURL(
  value: string,
  source: string,
  secrets: readonly (string | undefined)[],
): string {
  const raw = String(value).trim();
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    const shown = secrets.some(
      (secret) => secret !== undefined && secret !== '' && raw.includes(secret),
    )
      ? '(a value that contains the API key)'
      : JSON.stringify(raw);
    throw new TypeError(
      `Routify: ${source} must be an absolute http(s) URL such as https://api.routify.ru/v1; got ${shown}.`,
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new TypeError(
      `Routify: ${source} must use http: or https:; got ${JSON.stringify(parsed.protocol)}.`,
    );
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw new TypeError(
      `Routify: ${source} must not contain credentials (user:password@host): fetch refuses such URLs. Pass the key as \`apiKey\` (or a header in \`defaultHeaders\`).`,
    );
  }
  const cut = raw.search(/[?#]/);
  const path = cut === -1 ? raw : raw.slice(0, cut);
  const rest = cut === -1 ? '' : raw.slice(cut);
  return `${path.replace(/\/+$/, '')}${rest}`;
}

/** `baseURL` + `path` (e.g. `/chat/completions`), the path going before any query string. */
export function joinURL(baseURL: string, path: string): string {
  const cut = baseURL.search(/[?#]/);
  return cut === -1 ? `${baseURL}${path}` : `${baseURL.slice(0, cut)}${path}${baseURL.slice(cut)}`;
}

/** The values of credential-like query parameters of `baseURL` (never shown in errors). */
export function urlSecrets(baseURL: string): string[] {
  const secrets: string[] = [];
  try {
    new URL(baseURL).searchParams.forEach((value, name) => {
      if (SECRET_PARAM.test(name) && value !== '') secrets.push(value);
    });
  } catch {
    // Validated at construction; nothing to add.
  }
  return secrets;
}

/** `baseURL` safe to log: credential-like query values and `secrets` replaced by `[redacted]`. */
export function displayURL(baseURL: string, secrets: readonly (string | undefined)[]): string {
  let shown = baseURL;
  for (const secret of [...urlSecrets(baseURL), ...secrets]) {
    if (secret === undefined || secret.length < 4) continue;
    shown = shown.split(secret).join(REDACTED).split(encodeURIComponent(secret)).join(REDACTED);
  }
  return shown;
}
