import type { JsonObject, JsonValue, KubeObject } from '../../api/object.js';
import { SchemaNode } from '../../api/openapi/index.js';
import { parseApiVersion } from '../../api/scheme/resource-type.js';
import { badRequest, unsupportedMediaType } from '../../machinery/errors/index.js';
import {
  PatchError,
  StrategicMergePatchError,
  applyJsonPatch,
  applyMergePatch,
  applyStrategicMergePatch,
  checkMergePatchBody,
  decodeJsonPatch,
  decodeStrategicMergePatch,
  patchErrorToStatus,
  patchSchemaOf,
  strategicMergePatchErrorToStatus,
} from '../../machinery/patch/index.js';
import type { FieldValidation } from './request-options.js';
import type { ServedResource } from './served-resource.js';

const jsonPatch = 'application/json-patch+json';
const mergePatch = 'application/merge-patch+json';
const strategicMergePatch = 'application/strategic-merge-patch+json';

/**
 * The patch media types a resource accepts (upstream lists them in a 415's message). Strategic
 * merge patch needs the kind's built-in schema, so custom resources do not take it (upstream: 415).
 */
export function patchTypes(served: ServedResource): string[] {
  const { group, version, kind } = served.type;
  if (SchemaNode.forKind({ group, version, kind }) === undefined) return [jsonPatch, mergePatch];
  return [jsonPatch, mergePatch, strategicMergePatch];
}

// The schema of the object being patched (the served kind, or Scale for /scale), by its own type.
function schemaOfObject(object: KubeObject): SchemaNode | undefined {
  const { group, version } = parseApiVersion(object.apiVersion ?? '');
  return SchemaNode.forKind({ group, version, kind: object.kind ?? '' });
}

/**
 * Applies a PATCH body of media type `type` to `current` (in the served version) and returns the
 * patched object; decoding and application failures become upstream's Status errors.
 */
export function applyPatchBody(
  type: string,
  body: Buffer,
  current: KubeObject,
  validation: FieldValidation,
  warnings: string[],
): KubeObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw badRequest(`error decoding patch: ${(err as Error).message}`);
  }
  try {
    let result: JsonValue;
    if (type === jsonPatch) {
      const decoded = decodeJsonPatch(parsed, validation);
      if (decoded.strictErrors.length > 0) {
        if (validation === 'Strict') throw badRequest(`json patch ${decoded.strictErrors.join(', ')}`);
        warnings.push(...decoded.strictErrors.map((e) => `json patch ${e}`));
      }
      result = applyJsonPatch(current as JsonValue, decoded.operations);
    } else if (type === strategicMergePatch) {
      const node = schemaOfObject(current);
      if (node === undefined) throw unsupportedMediaType([jsonPatch, mergePatch]);
      const patch = decodeStrategicMergePatch(parsed);
      result = applyStrategicMergePatch(current as JsonObject, patch, patchSchemaOf(node));
    } else {
      checkMergePatchBody(parsed, validation);
      result = applyMergePatch(current as JsonValue, parsed as JsonValue);
    }
    if (result === null || typeof result !== 'object' || Array.isArray(result)) {
      throw badRequest('the patch did not produce an object');
    }
    return result as KubeObject;
  } catch (err) {
    if (err instanceof PatchError) throw patchErrorToStatus(err);
    if (err instanceof StrategicMergePatchError) throw strategicMergePatchErrorToStatus(err);
    throw err;
  }
}
