import type { JsonValue, KubeObject } from '../../api/object.js';
import { badRequest } from '../../machinery/errors/index.js';
import {
  PatchError,
  applyJsonPatch,
  applyMergePatch,
  checkMergePatchBody,
  decodeJsonPatch,
  patchErrorToStatus,
} from '../../machinery/patch/index.js';
import type { FieldValidation } from './request-options.js';
import type { ServedResource } from './served-resource.js';

const jsonPatch = 'application/json-patch+json';
const mergePatch = 'application/merge-patch+json';

/** The patch media types a resource accepts (upstream lists them in a 415's message). */
export function patchTypes(_served: ServedResource): string[] {
  return [jsonPatch, mergePatch];
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
    throw err;
  }
}
