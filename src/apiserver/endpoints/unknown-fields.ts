import type { KubeObject } from '../../api/object.js';
import {
  SchemaNode,
  findTypeMismatch,
  pruneUnknownFields,
  typeMismatchMessage,
} from '../../api/openapi/index.js';
import { badRequest } from '../../machinery/errors/index.js';
import type { ApiRequest } from '../http/api-request.js';
import type { FieldValidation } from './request-options.js';
import type { ServedResource } from './served-resource.js';

/**
 * Decodes a body against its kind's schema: a value of the wrong JSON type is a 400, and
 * fieldValidation applies to unknown fields: unknown fields fail the request under Strict
 * (upstream's "strict decoding error"), become `unknown field "x"` warnings under Warn, and are
 * dropped silently under Ignore — never stored, as decoding into upstream's typed structs drops them.
 */
export function checkUnknownFields(
  areq: ApiRequest,
  served: ServedResource,
  object: KubeObject,
  validation: FieldValidation,
): void {
  const { group, version, kind } = served.type;
  const node = SchemaNode.forKind({ group, version, kind });
  if (node === undefined || node.preservesUnknownFields) return;
  // A value of the wrong type fails decoding whatever fieldValidation says, as upstream's typed decode does.
  const mismatch = findTypeMismatch(object, node, kind);
  if (mismatch !== undefined) {
    throw badRequest(
      `${kind} in version "${version}" cannot be handled as a ${kind}: ${typeMismatchMessage(mismatch)}`,
    );
  }
  const unknown = pruneUnknownFields(object, node);
  if (unknown.length === 0) return;
  if (validation === 'Strict') {
    const list = unknown.map((f) => `unknown field "${f}"`).join(', ');
    throw badRequest(
      `${kind} in version "${version}" cannot be handled as a ${kind}: strict decoding error: ${list}`,
    );
  }
  if (validation === 'Warn') for (const f of unknown) areq.warnings.push(`unknown field "${f}"`);
}
