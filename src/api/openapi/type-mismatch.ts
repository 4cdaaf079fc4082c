// The first value whose JSON type its schema does not allow, reported the way Go's encoding/json
// reports decoding a request body into upstream's typed structs:
// "json: cannot unmarshal bool into Go struct field ConfigMap.data of type string".
import { isPlainObject } from '../object.js';
import type { OpenApiSchema } from './openapi-types.js';
import { schemaRefPrefix } from './schema-closure.js';
import type { SchemaNode } from './schema-node.js';

/** A value of the wrong JSON type, with Go's names for what was found and what was expected. */
export interface TypeMismatch {
  /** Go's description of the JSON value: "string", "bool", "number 1.5", "object", "array". */
  readonly found: string;
  /** The Go struct holding the field and the dotted JSON path to it (no indexes), as Go prints them. */
  readonly field: string;
  /** The Go type expected there: "string", "int32", "[]v1.Container", "map[string]string", "v1.PodSpec". */
  readonly expected: string;
}

function refName(schema: OpenApiSchema | undefined): string | undefined {
  if (schema === undefined) return undefined;
  const ref = schema.$ref ?? schema.allOf?.find((p) => p.$ref !== undefined)?.$ref;
  return ref?.startsWith(schemaRefPrefix) ? ref.slice(schemaRefPrefix.length) : undefined;
}

/** "io.k8s.api.apps.v1.DeploymentSpec" → "v1.DeploymentSpec" (Go's package-qualified type name). */
function goTypeOfDefinition(name: string): string {
  const parts = name.split('.');
  return `${parts[parts.length - 2]}.${parts[parts.length - 1]}`;
}

function scalarType(schema: OpenApiSchema): string {
  switch (schema.type) {
    case 'integer':
      return schema.format === 'int32' ? 'int32' : 'int64';
    case 'number':
      return 'float64';
    case 'boolean':
      return 'bool';
    default:
      return 'string';
  }
}

function goType(raw: OpenApiSchema | undefined, node: SchemaNode): string {
  const name = refName(raw);
  if (name !== undefined && node.shape === 'object') return goTypeOfDefinition(name);
  if (node.shape === 'array') {
    const items = node.schema.items;
    return `[]${items ? goType(items, node.items()!) : 'interface {}'}`;
  }
  if (node.shape === 'map') {
    const values = node.schema.additionalProperties;
    return `map[string]${typeof values === 'object' ? goType(values, node.values()!) : 'interface {}'}`;
  }
  if (node.shape === 'scalar') return scalarType(node.schema);
  return 'interface {}';
}

function jsonKind(value: unknown): string {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return `number ${String(value)}`;
  return Array.isArray(value) ? 'array' : 'object';
}

/** The JSON types a schema accepts (undefined = any). */
function accepted(schema: OpenApiSchema): Set<string> | undefined {
  const types = schema.oneOf ? schema.oneOf.map((s) => s.type) : [schema.type];
  if (types.some((t) => t === undefined)) return undefined;
  return new Set(types as string[]);
}

function matches(value: unknown, node: SchemaNode): boolean {
  if (value === null || node.shape === 'any') return true;
  if (node.shape === 'array') return Array.isArray(value);
  if (node.shape === 'object' || node.shape === 'map') return isPlainObject(value);
  const ok = accepted(node.schema);
  if (ok === undefined) return true;
  if (typeof value === 'string') return ok.has('string');
  if (typeof value === 'boolean') return ok.has('boolean');
  if (typeof value === 'number') return ok.has('number') || (ok.has('integer') && Number.isInteger(value));
  return false;
}

function walk(
  value: unknown,
  node: SchemaNode,
  raw: OpenApiSchema | undefined,
  struct: string,
  path: string,
): TypeMismatch | undefined {
  if (!matches(value, node)) {
    return { found: jsonKind(value), field: `${struct}.${path}`, expected: goType(raw, node) };
  }
  if (value === null) return undefined;
  if (node.shape === 'array' && Array.isArray(value)) {
    const items = node.items();
    if (items === undefined) return undefined;
    for (const v of value) {
      const m = walk(v, items, node.schema.items, struct, path);
      if (m) return m;
    }
  } else if ((node.shape === 'object' || node.shape === 'map') && isPlainObject(value)) {
    // Fields of a named struct are reported against that struct, as Go names the innermost one.
    const name = refName(raw);
    const inner = node.shape === 'object' && name !== undefined ? name.split('.').pop()! : struct;
    for (const [field, child] of Object.entries(value)) {
      const childNode = node.property(field);
      if (childNode === undefined) continue;
      const childRaw =
        node.schema.properties?.[field] ??
        (typeof node.schema.additionalProperties === 'object' ? node.schema.additionalProperties : undefined);
      const childPath = node.shape === 'map' ? path : path === '' ? field : `${path}.${field}`;
      const m = walk(child, childNode, childRaw, inner, childPath);
      if (m) return m;
    }
  }
  return undefined;
}

/** The first value in `object` (a whole API object) whose JSON type its kind's schema rejects. */
export function findTypeMismatch(object: unknown, node: SchemaNode, kind: string): TypeMismatch | undefined {
  if (!isPlainObject(object)) return undefined;
  for (const [field, child] of Object.entries(object)) {
    const childNode = node.property(field);
    if (childNode === undefined) continue;
    const m = walk(child, childNode, node.schema.properties?.[field], kind, field);
    if (m) return m;
  }
  return undefined;
}

/** Go's text for a mismatch: `json: cannot unmarshal <found> into Go struct field <field> of type <expected>`. */
export function typeMismatchMessage(m: TypeMismatch): string {
  return `json: cannot unmarshal ${m.found} into Go struct field ${m.field} of type ${m.expected}`;
}
