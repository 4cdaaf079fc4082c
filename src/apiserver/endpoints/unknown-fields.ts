import type { KubeObject } from '../../api/object.js';
import { SchemaNode, findTypeMismatch, typeMismatchMessage } from '../../api/openapi/index.js';
import { goQuote } from '../../api/validation/go-quote.js';
import { badRequest, invalid } from '../../machinery/errors/index.js';
import type { ApiRequest } from '../http/api-request.js';
import { decodeWalk, type DecodeWalk } from './decode-walk.js';
import { mayRepeatKeys } from './duplicate-key-check.js';
import { scanObjectBody } from './duplicate-fields.js';
import type { AppliedPatch } from './patch-body.js';
import type { FieldValidation } from './request-options.js';
import type { ServedResource } from './served-resource.js';

/** What decoding an object into its kind's typed struct finds besides the object itself. */
interface DecodeFindings {
  /**
   * Go's message for a value of the wrong JSON type or a malformed quantity: decoding fails,
   * whatever fieldValidation says.
   */
  readonly mismatch?: string;
  /** Strict-decoding errors in document order: `unknown field "x"`, `duplicate field "y"`. */
  readonly strict: readonly string[];
}

/**
 * The error that fails decoding outright: Go's message for the first value of the wrong JSON type
 * (findTypeMismatch names it: the walk stopped there, and what it pruned before is what
 * findTypeMismatch skips), else the first malformed quantity's.
 */
function decodeProblem(
  object: KubeObject,
  node: SchemaNode,
  kind: string,
  walk: DecodeWalk,
): string | undefined {
  if (walk.mismatch) {
    const mismatch = findTypeMismatch(object, node, kind);
    if (mismatch !== undefined) return typeMismatchMessage(mismatch);
  }
  return walk.badQuantity;
}

/**
 * Decodes `object` against its kind's schema as upstream's typed strict decoder would: finds a
 * value of the wrong type, and drops (in place) the fields the schema does not declare, listing
 * them; with the JSON text `object` was parsed from (`object` still unmodified), also its
 * duplicate fields, all in document order.
 */
function decodeFindings(
  served: ServedResource,
  object: KubeObject,
  validation: FieldValidation,
  bodyText?: string,
): DecodeFindings {
  const { group, version, kind } = served.type;
  const node = SchemaNode.forKind({ group, version, kind });
  if (node === undefined || node.preservesUnknownFields) return { strict: [] };
  const scan = validation !== 'Ignore' && bodyText !== undefined;
  // Counted before the walk prunes the object.
  const repeats = scan && mayRepeatKeys(bodyText, object);
  const walk = decodeWalk(object, node, true);
  const problem = decodeProblem(object, node, kind, walk);
  if (problem !== undefined) return { mismatch: problem, strict: [] };
  const { unknown } = walk;
  if (!scan || (!repeats && unknown.length === 0)) {
    return { strict: unknown.map((f) => `unknown field ${goQuote(f)}`) };
  }
  const { duplicates, offsets } = scanObjectBody(bodyText, node);
  const found = [
    ...unknown.map((path) => ({ message: `unknown field ${goQuote(path)}`, offset: offsets.get(path) })),
    ...duplicates.map((d) => ({ message: `duplicate field ${goQuote(d.path)}`, offset: d.offset })),
  ];
  // Document order, as the decoder meets them; a path the scan did not see keeps its place at the end.
  const order = (offset: number | undefined): number => offset ?? Number.MAX_SAFE_INTEGER;
  found.sort((a, b) => order(a.offset) - order(b.offset));
  return { strict: found.map((f) => f.message) };
}

/**
 * Decodes a create/update/apply body against its kind's schema: a value of the wrong JSON type is
 * a 400, and fieldValidation applies to unknown and (given the JSON text `object` was just parsed
 * from) duplicate fields: they fail the request under Strict (upstream's "strict decoding error"),
 * become warnings under Warn, and are dropped silently under Ignore — never stored, as decoding
 * into upstream's typed structs drops them.
 */
export function checkUnknownFields(
  areq: ApiRequest,
  served: ServedResource,
  object: KubeObject,
  validation: FieldValidation,
  bodyText?: string,
): void {
  const { version, kind } = served.type;
  const findings = decodeFindings(served, object, validation, bodyText);
  const cannotHandle = `${kind} in version "${version}" cannot be handled as a ${kind}`;
  if (findings.mismatch !== undefined) throw badRequest(`${cannotHandle}: ${findings.mismatch}`);
  if (findings.strict.length === 0) return;
  if (validation === 'Strict') {
    throw badRequest(`${cannotHandle}: strict decoding error: ${findings.strict.join(', ')}`);
  }
  if (validation === 'Warn') areq.warnings.push(...findings.strict);
}

/**
 * The decoding check of a server-side apply body: a value of the wrong JSON type or a malformed
 * quantity is a 400 as for any body; unknown fields are left in place for apply's typed
 * conversion, which rejects them whatever fieldValidation says (upstream: 500 "failed to create
 * typed patch object (...): .spec.x: field not declared in schema").
 */
export function checkApplyBodyTypes(served: ServedResource, object: KubeObject): void {
  const { group, version, kind } = served.type;
  const node = SchemaNode.forKind({ group, version, kind });
  if (node === undefined || node.preservesUnknownFields) return;
  const problem = decodeProblem(object, node, kind, decodeWalk(object, node, false));
  if (problem !== undefined) {
    throw badRequest(`${kind} in version "${version}" cannot be handled as a ${kind}: ${problem}`);
  }
}

/**
 * fieldValidation for a patched object, as upstream's patch handler applies it: the patch body's
 * own findings come first, then the patched object's unknown fields (dropped in place). Under
 * Strict, and for a value of the wrong type, the request fails with a 422 whose one cause is
 * `patch: Invalid value: "<patch>": <problem>`; under Warn each finding is a warning.
 */
export function checkPatchedFields(
  areq: ApiRequest,
  served: ServedResource,
  applied: AppliedPatch,
  validation: FieldValidation,
): void {
  const findings = decodeFindings(served, applied.object, validation);
  const unknown = orderUnknownFields(
    findings.strict.map((f) => f.slice('unknown field '.length)),
    applied.unknownFieldOrder,
  ).map((path) => `unknown field ${path}`);
  const patchError = (detail: string): Error =>
    invalid({ group: '', kind: '' }, '', [
      { type: 'FieldValueInvalid', field: 'patch', badValue: applied.invalidValue(), detail },
    ]);
  if (findings.mismatch !== undefined) throw patchError(findings.mismatch);
  const strict = validation === 'Ignore' ? [] : [...applied.strictErrors, ...unknown];
  if (strict.length === 0) return;
  if (validation === 'Strict') throw patchError(`strict decoding error: ${strict.join(', ')}`);
  areq.warnings.push(...strict);
}

// A field path ("spec.containers[0].x", quoted) as its segments: keys and [index] steps.
function segments(quotedPath: string): string[] {
  return (JSON.parse(quotedPath) as string).split(/\.|(?=\[)/);
}

function compareSegments(a: string, b: string): number {
  const ai = /^\[(\d+)\]$/.exec(a);
  const bi = /^\[(\d+)\]$/.exec(b);
  if (ai && bi) return Number(ai[1]) - Number(bi[1]);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Reorders quoted unknown-field paths (found in document order) into the order upstream reports them. */
function orderUnknownFields(quoted: readonly string[], order: 'post-order' | 'sorted'): string[] {
  const indexed = quoted.map((path, index) => ({ path, index, segs: segments(path) }));
  if (order === 'sorted') {
    indexed.sort((a, b) => {
      for (let i = 0; i < Math.min(a.segs.length, b.segs.length); i++) {
        const c = compareSegments(a.segs[i]!, b.segs[i]!);
        if (c !== 0) return c;
      }
      return a.segs.length - b.segs.length;
    });
  } else {
    // A struct's own unknown keys come after those found inside its fields.
    const isStrictPrefix = (p: string[], q: string[]): boolean =>
      p.length < q.length && p.every((s, i) => s === q[i]);
    indexed.sort((a, b) => {
      const pa = a.segs.slice(0, -1);
      const pb = b.segs.slice(0, -1);
      if (isStrictPrefix(pa, pb)) return 1;
      if (isStrictPrefix(pb, pa)) return -1;
      return a.index - b.index;
    });
  }
  return indexed.map((x) => x.path);
}
