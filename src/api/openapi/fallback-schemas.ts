// Schemas for kinds the server serves without a published schema (custom resources whose CRD has
// none): upstream still documents them, as objects that keep unknown fields, so kubectl finds the
// kind in /openapi/v3 and validation passes through.
import type { GroupVersionKind } from '../scheme/resource-type.js';
import { definitionFor } from './definitions.js';
import type { OpenApiSchema } from './openapi-types.js';
import { schemaRef } from './schema-closure.js';

const meta = 'io.k8s.apimachinery.pkg.apis.meta.v1';

function typeMetaProperties(): Record<string, OpenApiSchema> {
  // Borrow the standard apiVersion/kind descriptions from a built-in kind rather than restating them.
  const builtin = definitionFor(`${meta}.Status`)?.properties ?? {};
  return {
    apiVersion: builtin['apiVersion'] ?? { type: 'string' },
    kind: builtin['kind'] ?? { type: 'string' },
  };
}

/** A permissive schema for a kind that has none: typed metadata, everything else kept as sent. */
export function fallbackKindSchema(gvk: GroupVersionKind): OpenApiSchema {
  return {
    type: 'object',
    properties: {
      ...typeMetaProperties(),
      metadata: {
        allOf: [schemaRef(`${meta}.ObjectMeta`)],
        description: "Standard object's metadata.",
      },
    },
    'x-kubernetes-group-version-kind': [gvk],
    'x-kubernetes-preserve-unknown-fields': true,
  };
}

/** The list schema of a kind: `items` of that kind plus list metadata. */
export function fallbackListSchema(listGvk: GroupVersionKind, itemSchema: string): OpenApiSchema {
  return {
    description: `${listGvk.kind} is a list of ${listGvk.kind.replace(/List$/, '')}`,
    type: 'object',
    properties: {
      ...typeMetaProperties(),
      items: {
        description: `List of ${listGvk.kind.replace(/List$/, '').toLowerCase()}s.`,
        type: 'array',
        items: schemaRef(itemSchema),
      },
      metadata: {
        allOf: [schemaRef(`${meta}.ListMeta`)],
        description: 'Standard list metadata.',
      },
    },
    required: ['items'],
    'x-kubernetes-group-version-kind': [listGvk],
  };
}
