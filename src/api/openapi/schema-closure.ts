import type { OpenApiSchema } from './openapi-types.js';

/** The prefix of every schema reference in a served document. */
export const schemaRefPrefix = '#/components/schemas/';

/** A `$ref` schema pointing at a named component schema. */
export function schemaRef(name: string): OpenApiSchema {
  return { $ref: `${schemaRefPrefix}${name}` };
}

/** Resolves a definition name to its schema (built-in, custom resource or synthesized). */
export type SchemaLookup = (name: string) => OpenApiSchema | undefined;

function collectRefs(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const v of value) collectRefs(v, into);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, v] of Object.entries(value)) {
      if (key === '$ref' && typeof v === 'string' && v.startsWith(schemaRefPrefix)) {
        into.add(v.slice(schemaRefPrefix.length));
      } else {
        collectRefs(v, into);
      }
    }
  }
}

/**
 * Every schema reachable through `$ref`s from `root` (paths, operations or schemas), by name and
 * sorted. A name the lookup does not know is an error: the document would point nowhere.
 */
export function schemaClosure(root: unknown, lookup: SchemaLookup): Record<string, OpenApiSchema> {
  const found = new Map<string, OpenApiSchema>();
  const seen = new Set<string>();
  collectRefs(root, seen);
  const pending = [...seen];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    const schema = lookup(name);
    if (schema === undefined) throw new Error(`openapi: no schema named ${name}`);
    found.set(name, schema);
    const next = new Set<string>();
    collectRefs(schema, next);
    for (const n of next) {
      if (!seen.has(n)) {
        seen.add(n);
        pending.push(n);
      }
    }
  }
  return Object.fromEntries([...found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
