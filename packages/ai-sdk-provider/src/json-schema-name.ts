/**
 * The `response_format.json_schema.name` for an AI SDK output name (`Output.object({ name })`,
 * `responseFormat.name`, free text). OpenAI's format — and so Routify and its upstreams — takes
 * only `^[a-zA-Z0-9_-]{1,64}$` and refuses anything else with a 400, so every run of other
 * characters becomes `_` and the result is cut to 64 characters (`person info` →
 * `person_info`). A missing name, or one with no ASCII letter or digit left, gives `response`.
 */
export function jsonSchemaName(name: string | undefined): string {
  const cleaned = (name ?? '')
    .replace(/[^a-zA-Z0-9_-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 64);
  return /[a-zA-Z0-9]/.test(cleaned) ? cleaned : 'response';
}
