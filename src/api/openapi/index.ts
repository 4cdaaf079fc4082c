// The OpenAPI surface the apiserver serves (/openapi/v3 and its group-version documents, /openapi/v2) and the
// schema access field validation uses.
export { definitionFor, definitionNameFor, definitionNames, schemaFor } from './definitions.js';
export {
  openApiV3Document,
  serializedOpenApiV3Document,
  type OpenApiDocumentOptions,
  type SerializedOpenApiDocument,
} from './document.js';
export { customResourceDefinitionName, parseOpenApiV3Path } from './naming.js';
export {
  definitionRefPrefix,
  serializedOpenApiV2Document,
  toSwaggerSchema,
  type SerializedSwaggerDocument,
  type SwaggerDocument,
  type SwaggerSchema,
} from './openapi-v2.js';
export type * from './openapi-types.js';
export { groupVersionsOf, openApiV3Root } from './root.js';
export { SchemaNode, schemaNodeInDocument, type SchemaShape } from './schema-node.js';
export { pruneUnknownFields, unknownFields } from './unknown-fields.js';
export { findTypeMismatch, typeMismatchMessage, type TypeMismatch } from './type-mismatch.js';
