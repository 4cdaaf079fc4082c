// The annotations a Deployment and its ReplicaSets carry (deployment/util): revision numbers,
// the revision history of a re-used ReplicaSet, and the replica counts each ReplicaSet was sized for.

/** The revision of a ReplicaSet (and, copied, of its Deployment). */
export const revisionAnnotation = 'deployment.kubernetes.io/revision';
/** Earlier revisions a re-used ReplicaSet served, comma-separated. */
export const revisionHistoryAnnotation = 'deployment.kubernetes.io/revision-history';
/** The Deployment's spec.replicas when the ReplicaSet was last sized. */
export const desiredReplicasAnnotation = 'deployment.kubernetes.io/desired-replicas';
/** spec.replicas + maxSurge when the ReplicaSet was last sized. */
export const maxReplicasAnnotation = 'deployment.kubernetes.io/max-replicas';
/** The annotation apps/v1 keeps the deprecated spec.rollbackTo.revision in. */
export const rollbackToAnnotation = 'deprecated.deployment.rollback.to';
// The sync loop caps revision-history at about 100 revisions.
const maxRevisionHistoryChars = 2000;

const skipped = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  revisionAnnotation,
  revisionHistoryAnnotation,
  desiredReplicasAnnotation,
  maxReplicasAnnotation,
  rollbackToAnnotation,
]);

/** Annotations a Deployment never copies to its ReplicaSets (skipCopyAnnotation). */
export function isSkippedAnnotation(key: string): boolean {
  return skipped.has(key);
}

/** The revision number of an object (0 when unset); NaN when the annotation is not an integer. */
export function revisionOf(o: { metadata?: { annotations?: Readonly<Record<string, string>> } }): number {
  const v = o.metadata?.annotations?.[revisionAnnotation];
  if (v === undefined) return 0;
  return /^[+-]?\d+$/.test(v) ? Number(v) : NaN;
}

/** The highest revision among `objects` (unparsable ones skipped). */
export function maxRevision(
  objects: readonly { metadata?: { annotations?: Record<string, string> } }[],
): number {
  let max = 0;
  for (const o of objects) {
    const v = revisionOf(o);
    if (!Number.isNaN(v) && v > max) max = v;
  }
  return max;
}

/** The second-highest revision: what "undo" without a revision goes back to. */
export function lastRevision(
  objects: readonly { metadata?: { annotations?: Record<string, string> } }[],
): number {
  let max = 0;
  let second = 0;
  for (const o of objects) {
    const v = revisionOf(o);
    if (Number.isNaN(v)) continue;
    if (v >= max) {
      second = max;
      max = v;
    } else if (v > second) second = v;
  }
  return second;
}

/** SetReplicasAnnotations: records desired and max replicas; true when anything changed. */
export function setReplicasAnnotations(
  annotations: Record<string, string>,
  desired: number,
  max: number,
): boolean {
  let changed = false;
  if (annotations[desiredReplicasAnnotation] !== String(desired)) {
    annotations[desiredReplicasAnnotation] = String(desired);
    changed = true;
  }
  if (annotations[maxReplicasAnnotation] !== String(max)) {
    annotations[maxReplicasAnnotation] = String(max);
    changed = true;
  }
  return changed;
}

/** ReplicasAnnotationsNeedUpdate. */
export function replicasAnnotationsNeedUpdate(
  annotations: Readonly<Record<string, string>> | undefined,
  desired: number,
  max: number,
): boolean {
  return (
    annotations?.[desiredReplicasAnnotation] !== String(desired) ||
    annotations?.[maxReplicasAnnotation] !== String(max)
  );
}

/**
 * SetNewReplicaSetAnnotations: copies the Deployment's annotations (all but the skipped ones),
 * raises the ReplicaSet's revision to `newRevision` when lower — appending the old revision to
 * revision-history when a ReplicaSet is re-used by a rollback — and, for a ReplicaSet about to be
 * created, records the replica annotations. Mutates `rsAnnotations`; true when anything changed.
 */
export function setNewReplicaSetAnnotations(
  deploymentAnnotations: Readonly<Record<string, string>>,
  rsAnnotations: Record<string, string>,
  newRevision: number,
  exists: boolean,
  replicas: { desired: number; max: number },
): boolean {
  let changed = false;
  for (const [k, v] of Object.entries(deploymentAnnotations)) {
    if (isSkippedAnnotation(k) || rsAnnotations[k] === v) continue;
    rsAnnotations[k] = v;
    changed = true;
  }
  const hadRevision = Object.hasOwn(rsAnnotations, revisionAnnotation);
  const oldText = rsAnnotations[revisionAnnotation] ?? '';
  let oldRevision = 0;
  if (oldText !== '') {
    if (!/^[+-]?\d+$/.test(oldText)) return false;
    oldRevision = Number(oldText);
  }
  if (oldRevision < newRevision) {
    rsAnnotations[revisionAnnotation] = String(newRevision);
    changed = true;
    if (hadRevision) {
      const history = rsAnnotations[revisionHistoryAnnotation] ?? '';
      if (history === '') rsAnnotations[revisionHistoryAnnotation] = oldText;
      else {
        const old = history.split(',');
        let total = history.length + oldText.length + 1;
        let start = 0;
        while (total > maxRevisionHistoryChars && start < old.length) total -= old[start++]!.length + 1;
        if (total <= maxRevisionHistoryChars)
          rsAnnotations[revisionHistoryAnnotation] = [...old.slice(start), oldText].join(',');
      }
    }
  }
  if (!exists && setReplicasAnnotations(rsAnnotations, replicas.desired, replicas.max)) changed = true;
  return changed;
}

/** SetDeploymentAnnotationsTo: on rollback, the Deployment takes the target ReplicaSet's annotations. */
export function annotationsRolledBackTo(
  deploymentAnnotations: Readonly<Record<string, string>>,
  rsAnnotations: Readonly<Record<string, string>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(deploymentAnnotations)) if (isSkippedAnnotation(k)) out[k] = v;
  for (const [k, v] of Object.entries(rsAnnotations)) if (!isSkippedAnnotation(k)) out[k] = v;
  return out;
}
