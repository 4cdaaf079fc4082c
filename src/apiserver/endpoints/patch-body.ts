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
import { goQuote } from '../../api/validation/go-quote.js';
import { duplicatePatchFields } from './duplicate-fields.js';
import { mayRepeatKeys } from './duplicate-key-check.js';
import { goPrintedValue, sortedJson } from './patch-error-value.js';
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

/** A patch applied: the result, and what strict decoding of the patch body itself found. */
export interface AppliedPatch {
  readonly object: KubeObject;
  /**
   * Strict-decoding findings in the patch body (`duplicate field "x"`, `json patch unknown field
   * "[0].x"`), reported ahead of the patched object's own; empty under fieldValidation=Ignore.
   */
  readonly strictErrors: readonly string[];
  /** The value upstream shows in a `patch: Invalid value: ...` error for this patch. */
  invalidValue(): string;
  /**
   * The order upstream finds the patched object's unknown fields in: strategic merge patches are
   * converted from a map struct by struct, each struct's own unknown keys after its fields'
   * ("post-order"); merge and JSON patches are decoded from JSON whose patched keys are sorted.
   */
  readonly unknownFieldOrder: 'post-order' | 'sorted';
}

/**
 * Applies a PATCH body of media type `type` to `current` (in the served version) and returns the
 * patched object; decoding and application failures become upstream's Status errors. With
 * `consumeCurrent` the caller hands over a private copy that the patch may change in place.
 */
export function applyPatchBody(
  type: string,
  body: Buffer,
  current: KubeObject,
  validation: FieldValidation,
  consumeCurrent = false,
): AppliedPatch {
  const text = body.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw badRequest(`error decoding patch: ${(err as Error).message}`);
  }
  // Before anything reads `parsed`: the check needs it as JSON.parse made it.
  const repeats = validation !== 'Ignore' && type !== jsonPatch && mayRepeatKeys(text, parsed);
  const duplicates = (): string[] => (repeats ? duplicateFields(text) : []);
  try {
    let result: JsonValue;
    let strictErrors: string[] = [];
    if (type === jsonPatch) {
      const decoded = decodeJsonPatch(parsed, validation);
      strictErrors = decoded.strictErrors;
      result = applyJsonPatch(current as JsonValue, decoded.operations);
    } else if (type === strategicMergePatch) {
      const node = schemaOfObject(current);
      if (node === undefined) throw unsupportedMediaType([jsonPatch, mergePatch]);
      const patch = decodeStrategicMergePatch(parsed);
      if (validation !== 'Ignore') strictErrors = duplicates();
      result = applyStrategicMergePatch(current as JsonObject, patch, patchSchemaOf(node));
    } else {
      checkMergePatchBody(parsed, validation);
      if (validation !== 'Ignore') strictErrors = duplicates();
      result = applyMergePatch(current as JsonValue, parsed as JsonValue, consumeCurrent);
    }
    if (result === null || typeof result !== 'object' || Array.isArray(result)) {
      throw badRequest('the patch did not produce an object');
    }
    const object = result as KubeObject;
    // Upstream shows the patch map for strategic merge patches, the patched JSON otherwise.
    const invalidValue = (): string =>
      type === strategicMergePatch ? goPrintedValue(parsed) : sortedJson(object);
    const unknownFieldOrder = type === strategicMergePatch ? 'post-order' : 'sorted';
    return { object, strictErrors, invalidValue, unknownFieldOrder };
  } catch (err) {
    if (err instanceof PatchError) throw patchErrorToStatus(err);
    if (err instanceof StrategicMergePatchError) throw strategicMergePatchErrorToStatus(err);
    throw err;
  }
}

function duplicateFields(text: string): string[] {
  return duplicatePatchFields(text).map((path) => `duplicate field ${goQuote(path)}`);
}
