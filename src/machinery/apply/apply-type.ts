// The schema view server-side apply needs (upstream's smd schema.Atom): whether a value may be a
// scalar, a list (atomic, a set, or a map keyed by some fields) or a map/struct (atomic or granular,
// with declared fields and/or a type for undeclared keys). Built lazily from the project's OpenAPI
// SchemaNode, or "deduced" for schemaless data (maps granular, lists atomic), as kube-openapi's
// schemaconv and smd's untyped types define them.
import type { OpenApiSchema } from '../../api/openapi/openapi-types.js';
import { SchemaNode } from '../../api/openapi/schema-node.js';
import type { GroupVersionKind } from '../../api/scheme/resource-type.js';
import { deepEqual } from '../../base/deep-equal.js';

/** How a list's elements relate: atomic (replaced whole), a set (`keys` empty) or a map (by `keys`). */
export interface ListType {
  readonly atomic: boolean;
  readonly keys: readonly string[];
  /** The element type. */
  element(): ApplyType;
  /** The value a key field takes when an element omits it (its schema default), if any. */
  keyDefault(key: string): unknown;
}

/** A struct (declared fields) and/or map (undeclared keys typed by `element`). */
export interface MapType {
  readonly atomic: boolean;
  /** The type of a declared field, or undefined when `name` is not declared. */
  field(name: string): ApplyType | undefined;
  /** The type of undeclared keys, or undefined when the schema allows none. */
  element(): ApplyType | undefined;
  /** Declared fields Go keeps as non-pointer structs, present as {} even in an empty object. */
  zeroStructFields(): readonly string[];
}

/** The apply view of one schema: which shapes a value may take there. */
export interface ApplyType {
  readonly scalar: boolean;
  readonly list: ListType | undefined;
  readonly map: MapType | undefined;
}

const scalarType: ApplyType = { scalar: true, list: undefined, map: undefined };

/** smd's __untyped_atomic_: anything, and everything below it replaced whole. */
export const untypedAtomicType: ApplyType = {
  scalar: true,
  list: { atomic: true, keys: [], element: () => untypedAtomicType, keyDefault: () => undefined },
  map: { atomic: true, field: () => undefined, element: () => untypedAtomicType, zeroStructFields: () => [] },
};

/** smd's __untyped_deduced_: granular maps of anything, atomic lists (schemaless custom resources). */
export const deducedType: ApplyType = {
  scalar: true,
  list: { atomic: true, keys: [], element: () => untypedAtomicType, keyDefault: () => undefined },
  map: { atomic: false, field: () => undefined, element: () => deducedType, zeroStructFields: () => [] },
};

const rawExtension = 'io.k8s.apimachinery.pkg.runtime.RawExtension';

/** The definition a property schema refers to ($ref or a single allOf $ref), if any. */
function refName(raw: OpenApiSchema | undefined): string | undefined {
  const ref = raw?.$ref ?? (raw?.allOf?.length === 1 ? raw.allOf[0]?.$ref : undefined);
  return ref === undefined ? undefined : ref.slice(ref.lastIndexOf('/') + 1);
}

interface Options {
  /** Built-in kinds: fill in key defaults the generated schema lacks (see builtInKeyDefault). */
  readonly builtIn: boolean;
}

/**
 * Upstream's OpenAPI carries `+default` tags that our generated schemas (built from kubernetes-types)
 * lack; list-map keys need them to name elements that omit the key (ports without a protocol).
 */
function builtInKeyDefault(key: string, element: SchemaNode): unknown {
  if (key === 'protocol') return 'TCP';
  // LocalObjectReference (imagePullSecrets) has `+default=""` on its only field.
  if (key === 'name' && element.fieldNames().length === 1) return '';
  return undefined;
}

const memo = { builtIn: new WeakMap<SchemaNode, ApplyType>(), custom: new WeakMap<SchemaNode, ApplyType>() };

/** The apply view of a schema node (custom resources: pass the CRD version's schema node). */
export function applyTypeOf(node: SchemaNode, options: Options = { builtIn: false }): ApplyType {
  const cache = options.builtIn ? memo.builtIn : memo.custom;
  let t = cache.get(node);
  if (t === undefined) {
    t = build(node, options);
    cache.set(node, t);
  }
  return t;
}

/** The apply view of a built-in kind, or undefined when the kind has no built-in schema. */
export function applyTypeForKind(gvk: GroupVersionKind): ApplyType | undefined {
  const node = SchemaNode.forKind(gvk);
  return node === undefined ? undefined : applyTypeOf(node, { builtIn: true });
}

function build(node: SchemaNode, options: Options): ApplyType {
  switch (node.shape) {
    case 'scalar':
      return scalarType;
    case 'any':
      return deducedType;
    case 'array':
      return { scalar: false, list: listType(node, options), map: undefined };
    default:
      return { scalar: false, list: undefined, map: mapType(node, options) };
  }
}

function listType(node: SchemaNode, options: Options): ListType {
  const s = node.schema;
  let atomic = true;
  let keys: readonly string[] = [];
  const listType = s['x-kubernetes-list-type'];
  if (listType === 'set' || listType === 'map') {
    atomic = false;
    if (listType === 'map') keys = s['x-kubernetes-list-map-keys'] ?? [];
  } else if (listType === undefined) {
    // Without a list type, schemaconv falls back to the strategic-merge-patch markers.
    const strategy = s['x-kubernetes-patch-strategy'];
    if (strategy === 'merge' || strategy === 'merge,retainKeys') {
      atomic = false;
      const key = s['x-kubernetes-patch-merge-key'];
      if (key !== undefined) keys = [key];
    }
  }
  const items = node.items();
  const itemsRaw = s.items;
  let element: ApplyType | undefined;
  const elementType = (): ApplyType => {
    element ??=
      items === undefined
        ? untypedAtomicType
        : refName(itemsRaw) === rawExtension
          ? untypedAtomicType
          : applyTypeOf(items, options);
    return element;
  };
  return {
    atomic,
    keys,
    element: elementType,
    keyDefault: (key) => {
      const field = items?.property(key);
      const declared = field?.schema.default;
      if (declared !== undefined) return declared;
      return options.builtIn && items !== undefined ? builtInKeyDefault(key, items) : undefined;
    },
  };
}

function mapType(node: SchemaNode, options: Options): MapType {
  const s = node.schema;
  const declared = new Set(node.fieldNames());
  const fields = new Map<string, ApplyType>();
  let zero: readonly string[] | undefined;
  const additional = s.additionalProperties;
  let element: ApplyType | undefined | null = null;
  return {
    atomic: s['x-kubernetes-map-type'] === 'atomic',
    field(name) {
      if (!declared.has(name)) return undefined;
      let t = fields.get(name);
      if (t === undefined) {
        const raw = s.properties?.[name];
        const child = node.property(name);
        t =
          refName(raw) === rawExtension || child === undefined
            ? untypedAtomicType
            : applyTypeOf(child, options);
        fields.set(name, t);
      }
      return t;
    },
    element() {
      if (element === null) {
        const values = node.values();
        if (values !== undefined) element = applyTypeOf(values, options);
        else if (additional === true || node.preservesUnknownFields || declared.size === 0)
          element = deducedType;
        else element = undefined;
      }
      return element;
    },
    zeroStructFields() {
      // The generator marks fields Go declares as value structs with `default: {}`.
      zero ??= [...declared].filter((name) => {
        const child = node.property(name);
        return child?.shape === 'object' && deepEqual(child.schema.default, {});
      });
      return zero;
    },
  };
}
