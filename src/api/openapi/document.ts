// The OpenAPI 3.0 document of one group-version, built once per (group, version, resource set,
// extra schemas) and cached together with its serialized body and content hash.
import { createHash } from 'node:crypto';
import type { GroupVersionKind, ResourceType } from '../scheme/resource-type.js';
import { deepFreeze } from './deep-freeze.js';
import { definitionFor, definitionNameFor, gvkKey } from './definitions.js';
import { fallbackKindSchema, fallbackListSchema } from './fallback-schemas.js';
import {
  customResourceDefinitionName,
  groupVersionPrefix,
  operationGroupVersion,
  operationTag,
} from './naming.js';
import type { OpenApiDocument, OpenApiPathItem, OpenApiSchema } from './openapi-types.js';
import { type GroupVersionContext, resourcePaths } from './resource-paths.js';
import { schemaClosure, schemaRef } from './schema-closure.js';

/** Inputs beyond the resource list. */
export interface OpenApiDocumentOptions {
  /**
   * Schemas of kinds the build does not know (custom resources), keyed by definition name; each
   * top-level kind carries its `x-kubernetes-group-version-kind`. They win over built-ins.
   */
  readonly extraDefinitions?: Readonly<Record<string, OpenApiSchema>>;
  /** `info.version`; the gitVersion the server reports at /version. */
  readonly serverVersion?: string;
}

/** A document together with the exact bytes served and their hash (used in URLs and ETags). */
export interface SerializedOpenApiDocument {
  readonly document: OpenApiDocument;
  readonly body: string;
  /** Upper-case hex SHA-512 of `body`, as upstream computes it. */
  readonly hash: string;
}

/** The gitVersion kubectl's dispatcher expects (see kubectl-protocol.md §0). */
const defaultServerVersion = 'v1.32.4';

const maxCachedDocuments = 128;
const cache = new Map<string, SerializedOpenApiDocument>();
const extrasFingerprints = new WeakMap<object, string>();

function fingerprint(extras: Readonly<Record<string, OpenApiSchema>> | undefined): string {
  if (extras === undefined) return '';
  let fp = extrasFingerprints.get(extras);
  if (fp === undefined) {
    fp = createHash('sha256').update(JSON.stringify(extras)).digest('hex');
    extrasFingerprints.set(extras, fp);
  }
  return fp;
}

function cacheKey(
  group: string,
  version: string,
  resources: readonly ResourceType[],
  options: OpenApiDocumentOptions,
): string {
  // Only what shapes the document goes into the key (not storage prefixes or short names).
  const shape = resources.map((r) => [r.resource, r.kind, r.listKind, r.namespaced, r.verbs, r.subresources]);
  return JSON.stringify([
    group,
    version,
    shape,
    options.serverVersion ?? '',
    fingerprint(options.extraDefinitions),
  ]);
}

function buildDocument(
  group: string,
  version: string,
  resources: readonly ResourceType[],
  options: OpenApiDocumentOptions,
): OpenApiDocument {
  const extras = options.extraDefinitions ?? {};
  const extraByGvk = new Map<string, string>();
  for (const [name, schema] of Object.entries(extras)) {
    for (const gvk of schema['x-kubernetes-group-version-kind'] ?? []) extraByGvk.set(gvkKey(gvk), name);
  }
  const synthesized = new Map<string, OpenApiSchema>();
  const lookup = (name: string): OpenApiSchema | undefined =>
    (Object.hasOwn(extras, name) ? extras[name] : undefined) ?? synthesized.get(name) ?? definitionFor(name);
  const known = (gvk: GroupVersionKind): string | undefined =>
    extraByGvk.get(gvkKey(gvk)) ?? definitionNameFor(gvk);

  const ctx: GroupVersionContext = {
    prefix: groupVersionPrefix(group, version),
    operationGroupVersion: operationGroupVersion(group, version),
    tag: operationTag(group, version),
    isBuiltin: (gvk) => definitionNameFor(gvk) !== undefined,
    kindSchema: (gvk) => {
      const name = known(gvk) ?? customResourceDefinitionName(gvk.group, gvk.version, gvk.kind);
      if (lookup(name) === undefined) synthesized.set(name, fallbackKindSchema(gvk));
      return name;
    },
    listSchema: (gvk, itemSchema) => {
      const name = known(gvk) ?? customResourceDefinitionName(gvk.group, gvk.version, gvk.kind);
      if (lookup(name) === undefined) synthesized.set(name, fallbackListSchema(gvk, itemSchema));
      return name;
    },
  };

  const paths: Record<string, OpenApiPathItem> = {
    [`${ctx.prefix}/`]: {
      get: {
        description: 'get available resources',
        operationId: `get${ctx.operationGroupVersion}APIResources`,
        responses: {
          '200': {
            description: 'OK',
            content: Object.fromEntries(
              ['application/json', 'application/vnd.kubernetes.protobuf', 'application/yaml'].map((t) => [
                t,
                { schema: schemaRef('io.k8s.apimachinery.pkg.apis.meta.v1.APIResourceList') },
              ]),
            ),
          },
          '401': { description: 'Unauthorized' },
        },
        tags: [ctx.tag],
      },
    },
  };
  for (const r of resources) {
    if (r.group === group && r.version === version) Object.assign(paths, resourcePaths(r, ctx));
  }
  const sortedPaths = Object.fromEntries(
    Object.entries(paths).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: options.serverVersion ?? defaultServerVersion },
    paths: sortedPaths,
    components: {
      schemas: schemaClosure(sortedPaths, lookup),
      securitySchemes: {
        BearerToken: {
          type: 'apiKey',
          name: 'authorization',
          in: 'header',
          description: 'Bearer Token authentication',
        },
      },
    },
  };
}

/** The document of one group-version with its served bytes and hash; cached per distinct input. */
export function serializedOpenApiV3Document(
  group: string,
  version: string,
  resources: readonly ResourceType[],
  options: OpenApiDocumentOptions = {},
): SerializedOpenApiDocument {
  const key = cacheKey(
    group,
    version,
    resources.filter((r) => r.group === group && r.version === version),
    options,
  );
  const hit = cache.get(key);
  if (hit !== undefined) {
    // Re-insert so the map's insertion order doubles as least-recently-used order.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const document = deepFreeze(buildDocument(group, version, resources, options));
  const body = JSON.stringify(document);
  const entry: SerializedOpenApiDocument = {
    document,
    body,
    hash: createHash('sha512').update(body).digest('hex').toUpperCase(),
  };
  cache.set(key, entry);
  if (cache.size > maxCachedDocuments) cache.delete(cache.keys().next().value as string);
  return entry;
}

/** The OpenAPI 3.0 document kubectl fetches at /openapi/v3/<api/v1 | apis/group/version>. */
export function openApiV3Document(
  group: string,
  version: string,
  resources: readonly ResourceType[],
  options: OpenApiDocumentOptions = {},
): OpenApiDocument {
  return serializedOpenApiV3Document(group, version, resources, options).document;
}
