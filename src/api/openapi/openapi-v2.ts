// The Swagger 2.0 document served at /openapi/v2. kubectl reads it (as protobuf) where the v3
// documents cannot answer: client-side validation of kinds no PATCH path serves (TokenReview,
// SubjectAccessReview and the other create-only kinds, `kind: List`) and strategic-merge metadata.
// It holds the definitions of every served group-version — the same schemas as the v3 documents,
// in v2's dialect — and no paths: kubectl never reads v2 paths for a kind the v3 documents serve.
import { createHash } from 'node:crypto';
import type { ResourceType } from '../scheme/resource-type.js';
import { deepFreeze } from './deep-freeze.js';
import { serializedOpenApiV3Document, type OpenApiDocumentOptions } from './document.js';
import type { OpenApiSchema } from './openapi-types.js';
import { groupVersionsOf } from './root.js';
import { schemaRefPrefix } from './schema-closure.js';

/** A Swagger 2.0 schema: JSON-schema keywords, `$ref`s into `#/definitions/`, `x-` extensions. */
export type SwaggerSchema = { readonly [keyword: string]: unknown };

/** The /openapi/v2 document. */
export interface SwaggerDocument {
  readonly swagger: '2.0';
  readonly info: { readonly title: string; readonly version: string };
  readonly paths: Readonly<Record<string, never>>;
  readonly definitions: Readonly<Record<string, SwaggerSchema>>;
  readonly securityDefinitions: Readonly<Record<string, SwaggerSchema>>;
  readonly security: readonly Readonly<Record<string, readonly string[]>>[];
}

/** A document with the bytes served as JSON and their hash (the ETag). */
export interface SerializedSwaggerDocument {
  readonly document: SwaggerDocument;
  readonly body: string;
  /** Upper-case hex SHA-512 of `body`. */
  readonly hash: string;
}

/** Where v2 schemas point. */
export const definitionRefPrefix = '#/definitions/';

// The JSON-schema keywords Swagger 2.0 schemas have; other v3 keywords (nullable, oneOf, anyOf,
// not) have no v2 form and are dropped, as upstream's v3-to-v2 conversion does.
const v2Keywords = new Set([
  '$ref',
  'format',
  'title',
  'description',
  'default',
  'multipleOf',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'maxItems',
  'minItems',
  'uniqueItems',
  'maxProperties',
  'minProperties',
  'required',
  'enum',
  'additionalProperties',
  'type',
  'items',
  'allOf',
  'properties',
  'discriminator',
  'readOnly',
  'example',
]);

/** One v3 schema in v2's dialect. */
export function toSwaggerSchema(schema: OpenApiSchema): SwaggerSchema {
  // v3 wraps a reference to add siblings (allOf: [{$ref}], default: {}); v2 writes the reference
  // with its description beside it, as upstream's v2 documents do.
  const allOf = schema.allOf;
  if (allOf?.length === 1 && typeof allOf[0]?.$ref === 'string') {
    return {
      ...(schema.description !== undefined ? { description: schema.description } : {}),
      $ref: v2Ref(allOf[0].$ref),
    };
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (value === undefined) continue;
    if (key.startsWith('x-')) out[key] = value;
    else if (!v2Keywords.has(key)) continue;
    else if (key === '$ref') out[key] = v2Ref(value as string);
    else if (key === 'items' || (key === 'additionalProperties' && typeof value === 'object'))
      out[key] = toSwaggerSchema(value as OpenApiSchema);
    else if (key === 'allOf') out[key] = (value as OpenApiSchema[]).map(toSwaggerSchema);
    else if (key === 'properties')
      out[key] = Object.fromEntries(
        Object.entries(value as Record<string, OpenApiSchema>).map(([k, v]) => [k, toSwaggerSchema(v)]),
      );
    else out[key] = value;
  }
  // int-or-string and quantities are `oneOf` a number or a string in v3; v2 calls them strings.
  if (schema.oneOf !== undefined && schema.type === undefined && schema.$ref === undefined)
    out['type'] = 'string';
  return out;
}

function v2Ref(ref: string): string {
  return ref.startsWith(schemaRefPrefix) ? definitionRefPrefix + ref.slice(schemaRefPrefix.length) : ref;
}

function buildDocument(resources: readonly ResourceType[], options: OpenApiDocumentOptions): SwaggerDocument {
  const definitions = new Map<string, SwaggerSchema>();
  let version = '';
  for (const { group, version: v } of groupVersionsOf(resources)) {
    const { document } = serializedOpenApiV3Document(group, v, resources, options);
    version = document.info.version;
    for (const [name, schema] of Object.entries(document.components.schemas ?? {}))
      if (!definitions.has(name)) definitions.set(name, toSwaggerSchema(schema));
  }
  return {
    swagger: '2.0',
    info: { title: 'Kubernetes', version },
    paths: {},
    definitions: Object.fromEntries([...definitions].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    securityDefinitions: {
      BearerToken: {
        description: 'Bearer Token authentication',
        type: 'apiKey',
        name: 'authorization',
        in: 'header',
      },
    },
    security: [{ BearerToken: [] }],
  };
}

let cached: { key: string; value: SerializedSwaggerDocument } | undefined;

/**
 * The /openapi/v2 document of a resource set, with its JSON bytes and hash; the last one is kept,
 * keyed by the hashes of the group-version documents it is made of.
 */
export function serializedOpenApiV2Document(
  resources: readonly ResourceType[],
  options: OpenApiDocumentOptions = {},
): SerializedSwaggerDocument {
  const key = groupVersionsOf(resources)
    .map(({ group, version }) => serializedOpenApiV3Document(group, version, resources, options).hash)
    .join(',');
  if (cached?.key === key) return cached.value;
  const document = deepFreeze(buildDocument(resources, options));
  const body = JSON.stringify(document);
  const value = { document, body, hash: createHash('sha512').update(body).digest('hex').toUpperCase() };
  cached = { key, value };
  return value;
}
