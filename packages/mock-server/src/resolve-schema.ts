/** A JSON schema node. */
export type Schema = Record<string, unknown>;

/** True for a non-null, non-array object. */
export function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function lookup(root: Schema, ref: string): Schema | undefined {
  if (!ref.startsWith('#')) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(1).split('/').filter(Boolean)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    node = isSchema(node) ? node[key] : undefined;
  }
  return isSchema(node) ? node : undefined;
}

/** Follows `$ref`, merges `allOf`, picks the first non-null `anyOf` / `oneOf` option. */
export function resolve(schema: Schema, root: Schema): Schema {
  let current = schema;
  for (let i = 0; i < 16 && typeof current.$ref === 'string'; i++) {
    const { $ref, ...rest } = current;
    current = { ...(lookup(root, $ref as string) ?? {}), ...rest };
  }
  if (Array.isArray(current.allOf)) {
    const { allOf, ...rest } = current;
    let merged: Schema = rest;
    for (const part of allOf) {
      if (!isSchema(part)) continue;
      const resolved = resolve(part, root);
      merged = {
        ...resolved,
        ...merged,
        properties: { ...(resolved.properties as Schema), ...(merged.properties as Schema) },
        required: [
          ...((resolved.required as string[]) ?? []),
          ...((merged.required as string[]) ?? []),
        ],
      };
    }
    current = merged;
  }
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = current[key];
    if (!Array.isArray(options)) continue;
    const { [key]: _dropped, ...rest } = current;
    const pick = options.find((option) => isSchema(option) && option.type !== 'null') ?? options[0];
    current = isSchema(pick) ? { ...rest, ...resolve(pick, root) } : rest;
  }
  return current;
}

/** The schema's type: `type` (first non-null of a list), else inferred from `properties`, `items`, `enum`; default `string`. */
export function typeOf(schema: Schema): string {
  const type = schema.type;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return (type.find((item) => item !== 'null') as string) ?? 'null';
  if (isSchema(schema.properties)) return 'object';
  if (schema.items !== undefined) return 'array';
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    const first = schema.enum[0];
    return first === null ? 'null' : typeof first;
  }
  return 'string';
}
