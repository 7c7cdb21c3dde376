/** Header names whose values are credentials: `Authorization`, `x-api-key`, cookies, tokens, secrets. */
const SECRET_HEADER = /authorization|api[-_]?key|token|secret|password|cookie/i;

/** What a credential header's value is replaced with in `lc_kwargs` (never a real value). */
const REDACTED = '***';

/**
 * The secrets held in a model's header settings, for LangChain's `lc_secrets`: each credential
 * header (`Authorization`, `Proxy-Authorization`, `x-api-key`, anything naming a token, key,
 * secret, password or cookie) of `defaultHeaders` / `configuration.defaultHeaders`, as
 * `{ 'defaultHeaders.<name>': 'ROUTIFY_HEADER_<NAME>' }`, so `toJSON()` writes the secret marker
 * `{ lc: 1, type: 'secret', id: ['ROUTIFY_HEADER_AUTHORIZATION'] }` instead of the value (give
 * the value back to `load()` in `secretsMap` under that id).
 */
export function headerSecrets(
  path: string,
  headers: Record<string, string> | undefined,
): Record<string, string> {
  const secrets: Record<string, string> = {};
  for (const name of Object.keys(headers ?? {})) {
    if (!SECRET_HEADER.test(name)) continue;
    secrets[`${path}.${name}`] = `ROUTIFY_HEADER_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
  }
  return secrets;
}

/** A copy of `headers` with every credential header's value replaced by `***`. */
export function redactHeaders(
  headers: Record<string, string> | undefined,
): Record<string, string> | undefined {
  if (headers === undefined) return undefined;
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name,
      SECRET_HEADER.test(name) ? REDACTED : value,
    ]),
  );
}
