// Applies a mutating webhook's JSONPatch to the object it was shown (the second half of upstream's
// callAttrMutatingHook): decode the patch, apply it, decode the result as the kind's typed struct
// would (unknown fields dropped, wrong types refused). Failures here are internal errors that the
// failure policy does not excuse, as upstream's are.

import { isPlainObject, type JsonValue, type KubeObject } from '../../../api/object.js';
import {
  findTypeMismatch,
  pruneUnknownFields,
  SchemaNode,
  typeMismatchMessage,
} from '../../../api/openapi/index.js';
import type { GroupVersionKind } from '../../../api/scheme/resource-type.js';
import { goQuote, internalError } from '../../../machinery/errors/index.js';
import { applyJsonPatch, type JsonPatchOperationInput, PatchError } from '../../../machinery/patch/index.js';
import type { AdmissionResponse } from './admission-review.js';
import { WebhookCallError } from './webhook-errors.js';

function decodePatch(text: string): JsonPatchOperationInput[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw internalError(err instanceof Error ? err.message : String(err));
  }
  if (!Array.isArray(parsed) || !parsed.every((op) => op === null || isPlainObject(op))) {
    throw internalError('json: cannot unmarshal patch into Go value of type jsonpatch.Patch');
  }
  return parsed as JsonPatchOperationInput[];
}

/**
 * The object after the webhook's patch, or undefined when the response carries no patch (or an
 * empty one). `object` is the webhook-version object the webhook was shown; it is not modified.
 */
export function patchedObject(
  webhookName: string,
  response: AdmissionResponse,
  object: KubeObject | undefined,
  kind: GroupVersionKind,
): KubeObject | undefined {
  if (response.patch === undefined) return undefined;
  const operations = decodePatch(response.patch);
  if (operations.length === 0) return undefined;
  if (object === undefined) {
    throw internalError(
      `admission webhook ${goQuote(webhookName)} attempted to modify the object, which is not supported for this operation`,
    );
  }
  if (response.patchType !== 'JSONPatch') {
    throw new WebhookCallError(webhookName, `unsupported patch type ${goQuote(response.patchType ?? '')}`);
  }
  let patched: JsonValue;
  try {
    patched = applyJsonPatch(object as JsonValue, operations);
  } catch (err) {
    if (err instanceof PatchError) throw internalError(err.message);
    throw err;
  }
  if (!isPlainObject(patched)) throw internalError('json: cannot unmarshal into Go value of type object');
  const result = patched as KubeObject;
  // The result decodes into the kind it was shown as, whatever the patch did to apiVersion/kind.
  result.apiVersion = object.apiVersion;
  result.kind = object.kind;
  const node = SchemaNode.forKind(kind);
  if (node !== undefined && !node.preservesUnknownFields) {
    const mismatch = findTypeMismatch(result, node, kind.kind);
    if (mismatch !== undefined) throw internalError(typeMismatchMessage(mismatch));
    pruneUnknownFields(result, node);
  }
  return result;
}
