/**
 * The JSON text of a received tool call's `function.arguments`. OpenAI's format (and
 * `routify-api.md`) makes it a string, which is returned as is; some upstreams send the parsed
 * object instead, which is serialized rather than turned into `"[object Object]"` or a crash.
 * `null` / absent → `''` (the caller treats empty arguments as `{}`).
 */
export function toolArgumentsText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value == null) return '';
  return JSON.stringify(value);
}
