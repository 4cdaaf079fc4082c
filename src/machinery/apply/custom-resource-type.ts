// The apply type of a custom resource. Upstream types a custom resource's metadata as ObjectMeta
// whatever its CRD schema says (labels and annotations granular maps, finalizers a set,
// ownerReferences keyed by uid), and everything the schema leaves open as deduced.
import { definitionFor } from '../../api/openapi/definitions.js';
import type { OpenApiSchema } from '../../api/openapi/openapi-types.js';
import { SchemaNode } from '../../api/openapi/schema-node.js';
import { applyTypeOf, deducedType, type ApplyType } from './apply-type.js';

const objectMetaName = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

let objectMeta: ApplyType | undefined;

function objectMetaType(): ApplyType {
  const schema = definitionFor(objectMetaName) as OpenApiSchema | undefined;
  objectMeta ??= schema === undefined ? deducedType : applyTypeOf(SchemaNode.of(schema), { builtIn: true });
  return objectMeta;
}

const scalar: ApplyType = { scalar: true, list: undefined, map: undefined };

const memo = new WeakMap<SchemaNode, ApplyType>();
let schemaless: ApplyType | undefined;

/**
 * The apply type of a custom resource from its CRD version's schema node (undefined: no schema,
 * every field deduced), with apiVersion, kind and metadata typed as for every object.
 */
export function customResourceType(node?: SchemaNode): ApplyType {
  if (node === undefined) return (schemaless ??= withObjectFields(deducedType));
  let t = memo.get(node);
  if (t === undefined) {
    t = withObjectFields(applyTypeOf(node));
    memo.set(node, t);
  }
  return t;
}

function withObjectFields(root: ApplyType): ApplyType {
  const m = root.map ?? deducedType.map!;
  return {
    scalar: false,
    list: undefined,
    map: {
      atomic: false,
      field: (name) =>
        name === 'metadata'
          ? objectMetaType()
          : name === 'apiVersion' || name === 'kind'
            ? scalar
            : m.field(name),
      element: () => m.element(),
      zeroStructFields: () => ['metadata'],
    },
  };
}
