// Where a strategic merge patch finds each field's list strategy and merge key: upstream's
// LookupPatchMeta, answered from our OpenAPI schemas (which carry the Go struct tags as
// x-kubernetes-patch-strategy / x-kubernetes-patch-merge-key) instead of from Go reflection.
//
// The apiserver looks fields up in the Go struct of the served version, and the lookups fail where
// Go's would: merging two objects under a map-typed field, or into a raw-JSON struct (RawExtension,
// apiextensions JSON), whose fields Go cannot see. A field our schema does not know is looked up
// leniently (no strategy: maps merge, lists are replaced): upstream cannot meet one there, since the
// live object was decoded into its struct, and ours comes from storage that was pruned the same way.

import type { OpenApiSchema, SchemaNode } from '../../api/openapi/index.js';
import { goQuote } from '../../api/validation/go-quote.js';
import { patchFailure } from './smp-error.js';

/** A field's patch metadata: its patch strategies ("merge", "retainKeys", "replace") and merge key. */
export interface PatchMeta {
  readonly strategies: readonly string[];
  /** "" when the field has none. */
  readonly mergeKey: string;
}

/** A looked-up field: the schema below it (for a list, of its elements) and its patch metadata. */
export interface PatchLookup {
  readonly schema: PatchSchema;
  readonly meta: PatchMeta;
}

/** The schema a strategic merge patch walks; lookups throw StrategicMergePatchError as upstream's fail. */
export interface PatchSchema {
  /** The field `key` of this object, whose value is an object. */
  lookupStruct(key: string): PatchLookup;
  /** The field `key` of this object, whose value is a list; the schema returned is its elements'. */
  lookupSlice(key: string): PatchLookup;
  /** The Go kind of this type ("struct", "string", ...), as upstream's messages name it. */
  name(): string;
}

const noMeta: PatchMeta = Object.freeze({ strategies: [], mergeKey: '' });

/** A schema that knows nothing: every list is atomic, every object merges, nothing fails. */
export const lenientPatchSchema: PatchSchema = Object.freeze({
  lookupStruct: (): PatchLookup => ({ schema: lenientPatchSchema, meta: noMeta }),
  lookupSlice: (): PatchLookup => ({ schema: lenientPatchSchema, meta: noMeta }),
  name: () => 'interface',
});

/** Definitions that are Go structs whose JSON is raw (no fields Go's lookup can find), by Go name. */
const rawJsonStructs = new Map([
  ['io.k8s.apimachinery.pkg.runtime.RawExtension', 'RawExtension'],
  ['io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON', 'JSON'],
  ['io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1', 'FieldsV1'],
]);

function refName(raw: OpenApiSchema | undefined): string | undefined {
  const ref = raw?.$ref ?? raw?.allOf?.[0]?.$ref;
  return ref?.slice(ref.lastIndexOf('/') + 1);
}

function metaOf(node: SchemaNode): PatchMeta {
  const strategy = node.schema['x-kubernetes-patch-strategy'];
  const mergeKey = node.schema['x-kubernetes-patch-merge-key'] ?? '';
  // Go splits the struct tag on ",", so a field without one has the single strategy "".
  return { strategies: (strategy ?? '').split(','), mergeKey };
}

function goKindName(node: SchemaNode): string {
  const s = node.schema;
  switch (node.shape) {
    case 'map':
      return 'map';
    case 'array':
      return 'slice';
    case 'scalar':
      if (s.type === 'string' && s.format === undefined) return 'string';
      if (s.type === 'boolean') return 'bool';
      if (s.type === 'integer') return s.format === 'int32' ? 'int32' : 'int64';
      if (s.type === 'number') return 'float64';
      // IntOrString, Quantity, Time and friends are structs that marshal themselves.
      return 'struct';
    default:
      return 'struct';
  }
}

class NodePatchSchema implements PatchSchema {
  constructor(
    private readonly node: SchemaNode,
    /** The definition this node was reached through, when it was a reference. */
    private readonly definition: string | undefined,
  ) {}

  lookupStruct(key: string): PatchLookup {
    const { node } = this;
    if (node.shape === 'any') {
      const goName = this.definition === undefined ? undefined : rawJsonStructs.get(this.definition);
      if (goName === undefined) return { schema: lenientPatchSchema, meta: noMeta };
      throw patchFailure(`unable to find api field in struct ${goName} for the json field ${goQuote(key)}`);
    }
    if (node.shape !== 'object') {
      throw patchFailure(
        `merging an object in json but data type is not struct, instead is: ${goKindName(node)}`,
      );
    }
    const raw = node.schema.properties?.[key];
    const child = raw === undefined ? undefined : node.property(key);
    if (child === undefined) return { schema: lenientPatchSchema, meta: noMeta };
    return { schema: new NodePatchSchema(child, refName(raw)), meta: metaOf(child) };
  }

  lookupSlice(key: string): PatchLookup {
    const field = this.lookupStruct(key);
    if (!(field.schema instanceof NodePatchSchema)) return field;
    const list = field.schema.node;
    if (list.shape === 'any' && !rawJsonStructs.has(field.schema.definition ?? ''))
      return { schema: lenientPatchSchema, meta: field.meta };
    // A list where the schema has an object stands for the object (Go reads a pointer-to-struct
    // field's element type as the struct); upstream's own tests rely on it.
    const items = list.shape === 'array' ? list.items() : list.shape === 'object' ? list : undefined;
    if (items === undefined) {
      // Upstream names the kind of the struct looked in, not of the field.
      throw patchFailure('expected slice or array type, but got: struct');
    }
    if (items.shape === 'array') throw patchFailure('unexpected slice of slice');
    const definition = items === list ? field.schema.definition : refName(list.schema.items);
    return { schema: new NodePatchSchema(items, definition), meta: field.meta };
  }

  name(): string {
    return goKindName(this.node);
  }
}

/** The patch schema of a kind's top-level object (from SchemaNode.forKind). */
export function patchSchemaOf(node: SchemaNode): PatchSchema {
  return new NodePatchSchema(node, undefined);
}
