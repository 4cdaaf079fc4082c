// A walkable view of a schema with `$ref` and `allOf` resolved: what unknown-field detection
// (fieldValidation=Strict/Warn), pruning and apply need, without each caller re-implementing
// reference resolution.
import type { GroupVersionKind } from '../scheme/resource-type.js';
import { definitionFor, schemaFor } from './definitions.js';
import type { OpenApiDocument, OpenApiSchema } from './openapi-types.js';
import { type SchemaLookup, schemaRefPrefix } from './schema-closure.js';

/** How a value under a schema is structured, as far as field walking is concerned. */
export type SchemaShape = 'object' | 'map' | 'array' | 'scalar' | 'any';

const scalarTypes = new Set(['string', 'integer', 'number', 'boolean']);

function merge(into: Record<string, unknown>, part: OpenApiSchema): void {
  for (const [key, value] of Object.entries(part)) {
    if (key === 'properties' && into['properties'] !== undefined) {
      into['properties'] = { ...(into['properties'] as object), ...(value as object) };
    } else if (key === 'required' && Array.isArray(into['required'])) {
      into['required'] = [...new Set([...(into['required'] as string[]), ...(value as string[])])];
    } else {
      into[key] = value;
    }
  }
}

function resolve(schema: OpenApiSchema, lookup: SchemaLookup, seen: ReadonlySet<string>): OpenApiSchema {
  if (schema.$ref === undefined && schema.allOf === undefined) return schema;
  const merged: Record<string, unknown> = {};
  const { $ref, allOf, ...own } = schema;
  if ($ref !== undefined) {
    const name = $ref.startsWith(schemaRefPrefix) ? $ref.slice(schemaRefPrefix.length) : $ref;
    const target = lookup(name);
    // An unknown or cyclic reference resolves to "anything" rather than failing a request.
    if (target !== undefined && !seen.has(name))
      merge(merged, resolve(target, lookup, new Set([...seen, name])));
  }
  for (const part of allOf ?? []) merge(merged, resolve(part, lookup, seen));
  // The referring schema's own keywords (description, default, patch extensions) win.
  merge(merged, own);
  return merged as OpenApiSchema;
}

const nodesByLookup = new WeakMap<SchemaLookup, WeakMap<OpenApiSchema, SchemaNode>>();

/** One schema, resolved, with typed access to its children. Nodes are memoized per lookup. */
export class SchemaNode {
  /** The schema with references and allOf merged in. */
  readonly schema: OpenApiSchema;
  /** See SchemaShape; "any" means every value (and every field below it) is accepted. */
  readonly shape: SchemaShape;

  private constructor(
    source: OpenApiSchema,
    private readonly lookup: SchemaLookup,
  ) {
    this.schema = resolve(source, lookup, new Set());
    this.shape = shapeOf(this.schema);
  }

  /** The node of a schema; pass the same lookup function each time for memoization to work. */
  static of(schema: OpenApiSchema, lookup: SchemaLookup = definitionFor): SchemaNode {
    let nodes = nodesByLookup.get(lookup);
    if (nodes === undefined) {
      nodes = new WeakMap();
      nodesByLookup.set(lookup, nodes);
    }
    let node = nodes.get(schema);
    if (node === undefined) {
      node = new SchemaNode(schema, lookup);
      nodes.set(schema, node);
    }
    return node;
  }

  /** The node of a built-in kind's top-level object, or undefined if the kind has no schema. */
  static forKind(gvk: GroupVersionKind): SchemaNode | undefined {
    const schema = schemaFor(gvk);
    return schema === undefined ? undefined : SchemaNode.of(schema);
  }

  /** True when fields the schema does not name are kept rather than unknown. */
  get preservesUnknownFields(): boolean {
    return this.shape === 'any' || this.schema['x-kubernetes-preserve-unknown-fields'] === true;
  }

  /** The declared field names of an object schema (sorted as published). */
  fieldNames(): readonly string[] {
    return Object.keys(this.schema.properties ?? {});
  }

  /**
   * The node for field `name` of an object (or the value node of a map); undefined when the
   * field is unknown. Anything under an "any" node is "any".
   */
  property(name: string): SchemaNode | undefined {
    const props = this.schema.properties;
    if (props !== undefined && Object.hasOwn(props, name))
      return SchemaNode.of(props[name] as OpenApiSchema, this.lookup);
    const values = this.values();
    if (values !== undefined) return values;
    return this.preservesUnknownFields ? SchemaNode.of(anything, this.lookup) : undefined;
  }

  /** The element node of an array schema. */
  items(): SchemaNode | undefined {
    const items = this.schema.items;
    if (items !== undefined) return SchemaNode.of(items, this.lookup);
    return this.shape === 'any' ? SchemaNode.of(anything, this.lookup) : undefined;
  }

  /** The value node of a map schema (`additionalProperties`). */
  values(): SchemaNode | undefined {
    const additional = this.schema.additionalProperties;
    return typeof additional === 'object' ? SchemaNode.of(additional, this.lookup) : undefined;
  }
}

const anything: OpenApiSchema = Object.freeze({});

const documentLookups = new WeakMap<OpenApiDocument, SchemaLookup>();

/**
 * The node of a kind as one served document declares it (the way to reach custom-resource
 * schemas, which only documents carry), or undefined if the document has no schema for it.
 */
export function schemaNodeInDocument(
  document: OpenApiDocument,
  gvk: GroupVersionKind,
): SchemaNode | undefined {
  const schemas = document.components.schemas;
  let lookup = documentLookups.get(document);
  if (lookup === undefined) {
    lookup = (name) => (Object.hasOwn(schemas, name) ? schemas[name] : undefined);
    documentLookups.set(document, lookup);
  }
  const schema = Object.values(schemas).find((s) =>
    (s['x-kubernetes-group-version-kind'] ?? []).some(
      (g) => g.group === gvk.group && g.version === gvk.version && g.kind === gvk.kind,
    ),
  );
  return schema === undefined ? undefined : SchemaNode.of(schema, lookup);
}

function shapeOf(s: OpenApiSchema): SchemaShape {
  if (s.oneOf !== undefined || s['anyOf'] !== undefined || s['x-kubernetes-int-or-string'] === true)
    return 'scalar';
  if (s.type !== undefined && scalarTypes.has(s.type)) return 'scalar';
  if (s.type === 'array') return 'array';
  if (s.properties !== undefined) return 'object';
  if (typeof s.additionalProperties === 'object') return 'map';
  // type: object with nothing declared (RawExtension, FieldsV1) or no type at all (JSON): free-form.
  return 'any';
}
