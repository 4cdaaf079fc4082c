import type { JsonValue } from '../object.js';
import type { GroupVersionKind } from '../scheme/resource-type.js';

/** Server-side-apply list semantics (`x-kubernetes-list-type`). */
export type ListType = 'atomic' | 'set' | 'map';

/**
 * One OpenAPI 3.0 schema as Kubernetes publishes it, with the Kubernetes vendor extensions. Custom
 * resource schemas may carry any further JSON-schema keyword, hence the open index signature.
 */
export interface OpenApiSchema {
  readonly type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  readonly format?: string;
  readonly description?: string;
  readonly properties?: Readonly<Record<string, OpenApiSchema>>;
  readonly required?: readonly string[];
  readonly items?: OpenApiSchema;
  readonly additionalProperties?: OpenApiSchema | boolean;
  readonly $ref?: string;
  readonly allOf?: readonly OpenApiSchema[];
  readonly oneOf?: readonly OpenApiSchema[];
  readonly default?: JsonValue;
  readonly enum?: readonly JsonValue[];
  readonly uniqueItems?: boolean;
  /** On top-level kinds: every group/version/kind this schema serves (an array, unlike on operations). */
  readonly 'x-kubernetes-group-version-kind'?: readonly GroupVersionKind[];
  /** Strategic-merge-patch strategy: "merge", "retainKeys", "merge,retainKeys" or "replace". */
  readonly 'x-kubernetes-patch-strategy'?: string;
  readonly 'x-kubernetes-patch-merge-key'?: string;
  readonly 'x-kubernetes-list-type'?: ListType;
  readonly 'x-kubernetes-list-map-keys'?: readonly string[];
  readonly 'x-kubernetes-map-type'?: 'atomic' | 'granular';
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
  readonly 'x-kubernetes-embedded-resource'?: boolean;
  readonly 'x-kubernetes-int-or-string'?: boolean;
  readonly [keyword: string]: unknown;
}

/** A query or path parameter of an operation. */
export interface OpenApiParameter {
  readonly name: string;
  readonly in: 'query' | 'path';
  readonly description: string;
  readonly required?: boolean;
  readonly schema: OpenApiSchema;
}

/** A media-type map: content type → schema. */
export type OpenApiContent = Readonly<Record<string, { readonly schema: OpenApiSchema }>>;

/** One response of an operation. */
export interface OpenApiResponse {
  readonly description: string;
  readonly content?: OpenApiContent;
}

/** Upstream's `x-kubernetes-action` values. */
export type KubernetesAction =
  | 'get'
  | 'list'
  | 'post'
  | 'put'
  | 'patch'
  | 'delete'
  | 'deletecollection'
  | 'watch'
  | 'watchlist'
  | 'connect';

/** One HTTP operation on a path. */
export interface OpenApiOperation {
  readonly description: string;
  readonly operationId: string;
  readonly tags: readonly string[];
  readonly parameters?: readonly OpenApiParameter[];
  readonly requestBody?: { readonly content: OpenApiContent; readonly required?: boolean };
  readonly responses: Readonly<Record<string, OpenApiResponse>>;
  readonly 'x-kubernetes-action'?: KubernetesAction;
  /** The kind the operation reads or writes (an object here, an array on schemas). */
  readonly 'x-kubernetes-group-version-kind'?: GroupVersionKind;
}

/** The HTTP methods an API path serves. */
export type HttpMethod = 'get' | 'put' | 'post' | 'patch' | 'delete';

/** Everything served at one URL path template. */
export type OpenApiPathItem = { readonly parameters?: readonly OpenApiParameter[] } & {
  readonly [M in HttpMethod]?: OpenApiOperation;
};

/** The OpenAPI 3.0 document of one group-version, as served at /openapi/v3/<api|apis/group>/<version>. */
export interface OpenApiDocument {
  readonly openapi: '3.0.0';
  readonly info: { readonly title: string; readonly version: string };
  readonly paths: Readonly<Record<string, OpenApiPathItem>>;
  readonly components: {
    readonly schemas: Readonly<Record<string, OpenApiSchema>>;
    readonly securitySchemes: Readonly<Record<string, JsonValue>>;
  };
}

/** The /openapi/v3 discovery document: group-version path → hashed URL of its document. */
export interface OpenApiV3Root {
  readonly paths: Readonly<Record<string, { readonly serverRelativeURL: string }>>;
}
