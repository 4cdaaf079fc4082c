// Moving from client-side to server-side apply (upstream's lastAppliedManager/lastAppliedUpdater).
// Only for the manager named "kubectl": a conflict is waived when the field is in the object's
// last-applied-configuration annotation with the live value unchanged since (kubectl applied it, so
// kubectl may take it over); and while the annotation exists it keeps mirroring what kubectl applies.
import type { KubeObject } from '../../api/object.js';
import type { ApplyType } from './apply-type.js';
import { compareTyped } from './compare.js';
import { goJson, isMap } from './json-value.js';
import type { PathSet } from './path-set.js';
import { fieldSetOf } from './to-field-set.js';
import { validateTyped } from './validate.js';

/** The client-side apply annotation. */
export const lastAppliedAnnotation = 'kubectl.kubernetes.io/last-applied-configuration';

/** The field manager whose applies get the client-side-apply upgrade path. */
export const kubectlManager = 'kubectl';

/** Upstream's limit on all annotations of an object together (keys plus values, in bytes). */
const annotationsLimit = 256 * 1024;

/**
 * The fields kubectl may take over without a conflict: those in the live object's last-applied
 * annotation whose live values still equal it. Undefined when there is no usable annotation.
 */
export function allowedFromLastApplied(
  live: KubeObject,
  t: ApplyType,
  apiVersion: string,
): PathSet | undefined {
  const text = live.metadata?.annotations?.[lastAppliedAnnotation];
  if (!text) return undefined;
  let lastApplied: unknown;
  try {
    lastApplied = JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
  if (!isMap(lastApplied) || lastApplied['apiVersion'] !== apiVersion) return undefined;
  if (validateTyped(lastApplied, t).length > 0) return undefined;
  try {
    const c = compareTyped(lastApplied, live, t);
    return fieldSetOf(lastApplied, t).difference(c.modified).difference(c.added).difference(c.removed);
  } catch {
    return undefined;
  }
}

/**
 * The object with its last-applied annotation rewritten to `applied` (as Go's JSON encoder writes
 * it, newline included), when the object has a non-empty annotation; dropped if it would not fit.
 */
export function refreshLastApplied(object: KubeObject, applied: KubeObject): KubeObject {
  const current = object.metadata?.annotations?.[lastAppliedAnnotation];
  if (!current) return object;
  const source: KubeObject = { ...applied };
  const appliedAnnotations = applied.metadata?.annotations;
  if (appliedAnnotations !== undefined) {
    const { [lastAppliedAnnotation]: _drop, ...rest } = appliedAnnotations;
    source.metadata = { ...applied.metadata, annotations: rest };
  }
  const annotations: Record<string, string> = {
    ...object.metadata?.annotations,
    [lastAppliedAnnotation]: `${goJson(source)}\n`,
  };
  let size = 0;
  for (const [k, v] of Object.entries(annotations)) size += Buffer.byteLength(k) + Buffer.byteLength(v);
  if (size > annotationsLimit) delete annotations[lastAppliedAnnotation];
  return { ...object, metadata: { ...object.metadata, annotations } };
}
