// ControllerRevisions as StatefulSets and DaemonSets keep them: the template snapshot as a patch,
// its hash, name, ordering and equality (upstream's pkg/controller/history, pure parts).
import type { ControllerRevision } from 'kubernetes-types/apps/v1.js';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { deepEqual } from '../../base/deep-equal.js';
import { controllerRef, type HasMeta, type OwnerKind } from '../shared/workload-owner-refs.js';
import { timeMs } from '../shared/workload-pod-state.js';
import { fnv1of32, goJson, safeEncodeString } from './revision-hash.js';

/** The label a ControllerRevision carries its data hash in (history.ControllerRevisionHashLabel). */
export const revisionHashLabel = 'controller.kubernetes.io/hash';

/** The label pods and DaemonSet revisions carry their revision in (apps.ControllerRevisionHashLabelKey). */
export const podRevisionLabel = 'controller-revision-hash';

const encoder = new TextEncoder();

/**
 * The revision data of a pod template: a strategic merge patch replacing spec.template, as
 * upstream's getPatch stores it. Go's encoding of an unset template creationTimestamp (null) is kept
 * so that stored data looks as upstream's does.
 */
export function templatePatch(template: PodTemplateSpec | undefined): Record<string, unknown> {
  const copy = structuredClone(template ?? {}) as Record<string, unknown>;
  const meta = { ...((copy['metadata'] as Record<string, unknown> | undefined) ?? {}) };
  if (!('creationTimestamp' in meta)) meta['creationTimestamp'] = null;
  return { spec: { template: { ...copy, metadata: meta, $patch: 'replace' } } };
}

/** The pod template a revision's data restores (upstream's ApplyRevision, for template-only patches). */
export function templateOfRevision(revision: ControllerRevision): PodTemplateSpec {
  const data = revision.data as { spec?: { template?: Record<string, unknown> } } | undefined;
  const { $patch: _patch, ...template } = data?.spec?.template ?? {};
  return structuredClone(template) as PodTemplateSpec;
}

/** Upstream's HashControllerRevision: FNV-32 of the data's JSON plus the collision count, safe-encoded. */
export function hashControllerRevision(data: unknown, collisionCount: number | undefined): string {
  let h = fnv1of32(encoder.encode(goJson(data)));
  if (collisionCount !== undefined) h = fnv1of32(encoder.encode(String(collisionCount)), h);
  return safeEncodeString(String(h));
}

/** `<prefix>-<hash>`, the prefix cut to 223 characters so the name fits 253. */
export function controllerRevisionName(prefix: string, hash: string): string {
  return `${prefix.slice(0, 223)}-${hash}`;
}

/** What newControllerRevision builds a revision from. */
export interface NewRevisionInput {
  readonly parent: HasMeta;
  readonly parentKind: OwnerKind;
  readonly templateLabels: Readonly<Record<string, string>> | undefined;
  readonly annotations?: Readonly<Record<string, string>> | undefined;
  readonly data: unknown;
  readonly revision: number;
  readonly collisionCount: number | undefined;
}

/** A ControllerRevision owned by `parent`, named and labelled by its hash (history.NewControllerRevision). */
export function newControllerRevision(input: NewRevisionInput): ControllerRevision {
  const hash = hashControllerRevision(input.data, input.collisionCount);
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: controllerRevisionName(input.parent.metadata?.name ?? '', hash),
      namespace: input.parent.metadata?.namespace ?? '',
      labels: { ...input.templateLabels, [revisionHashLabel]: hash },
      ...(input.annotations && Object.keys(input.annotations).length > 0
        ? { annotations: { ...input.annotations } }
        : {}),
      ownerReferences: [controllerRef(input.parent, input.parentKind)],
    },
    data: input.data as ControllerRevision['data'],
    revision: input.revision,
  };
}

/** Orders revisions by revision number, then creation time, then name (history.SortControllerRevisions). */
export function sortRevisions(revisions: readonly ControllerRevision[]): ControllerRevision[] {
  return [...revisions].sort((a, b) => {
    if (a.revision !== b.revision) return a.revision - b.revision;
    const ta = timeMs(a.metadata?.creationTimestamp) ?? 0;
    const tb = timeMs(b.metadata?.creationTimestamp) ?? 0;
    if (ta !== tb) return ta - tb;
    const na = a.metadata?.name ?? '';
    const nb = b.metadata?.name ?? '';
    return na < nb ? -1 : na > nb ? 1 : 0;
  });
}

/** True when two revisions hold the same data. */
export function equalRevision(a: ControllerRevision | undefined, b: ControllerRevision | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return deepEqual(a.data ?? null, b.data ?? null);
}

/** The revisions whose data equals `needle`'s, in the given order. */
export function findEqualRevisions(
  revisions: readonly ControllerRevision[],
  needle: ControllerRevision,
): ControllerRevision[] {
  return revisions.filter((r) => equalRevision(r, needle));
}

/** One more than the highest revision number of sorted `revisions` (1 when there are none). */
export function nextRevision(sorted: readonly ControllerRevision[]): number {
  const last = sorted[sorted.length - 1];
  return last === undefined ? 1 : last.revision + 1;
}
