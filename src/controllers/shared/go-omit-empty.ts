// Upstream controllers write their statuses from Go structs, and encoding/json leaves out every
// `omitempty` field that holds its zero value; the apiserver stores what it decodes. A k8ts
// controller writing `readyReplicas: 0` would show users a field upstream never prints, so the
// status writers drop such fields first.
import type {
  DaemonSetStatus,
  DeploymentStatus,
  ReplicaSetStatus,
  StatefulSetStatus,
} from 'kubernetes-types/apps/v1.js';
import type { JobStatus } from 'kubernetes-types/batch/v1.js';
import type { ReplicationControllerStatus } from 'kubernetes-types/core/v1.js';

/** The zero values encoding/json omits: 0, "", false, null/undefined, an empty list or map. */
function isGoEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === 0 || value === '' || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value).length === 0;
}

/** A copy of `value` without those of `fields` that hold a Go zero value. */
export function omitEmpty<T extends object>(value: T, fields: readonly (keyof T)[]): T {
  const copy = { ...value };
  for (const field of fields) if (isGoEmpty(copy[field])) delete copy[field];
  return copy;
}

/** DeploymentStatus fields tagged omitempty (all its counters; collisionCount is a pointer). */
export const deploymentStatusOmitEmpty: readonly (keyof DeploymentStatus)[] = [
  'observedGeneration',
  'replicas',
  'updatedReplicas',
  'readyReplicas',
  'availableReplicas',
  'unavailableReplicas',
  'conditions',
];

/** ReplicaSetStatus (and ReplicationControllerStatus) fields tagged omitempty; replicas is not. */
export const replicaSetStatusOmitEmpty: readonly (keyof ReplicaSetStatus &
  keyof ReplicationControllerStatus)[] = [
  'fullyLabeledReplicas',
  'readyReplicas',
  'availableReplicas',
  'observedGeneration',
  'conditions',
];

/** StatefulSetStatus fields tagged omitempty; replicas and availableReplicas are not. */
export const statefulSetStatusOmitEmpty: readonly (keyof StatefulSetStatus)[] = [
  'observedGeneration',
  'readyReplicas',
  'currentReplicas',
  'updatedReplicas',
  'currentRevision',
  'updateRevision',
  'conditions',
];

/** DaemonSetStatus fields tagged omitempty; the four scheduling counts are not. */
export const daemonSetStatusOmitEmpty: readonly (keyof DaemonSetStatus)[] = [
  'observedGeneration',
  'updatedNumberScheduled',
  'numberAvailable',
  'numberUnavailable',
  'conditions',
];

/** JobStatus fields tagged omitempty that are not pointers (ready and terminating are). */
export const jobStatusOmitEmpty: readonly (keyof JobStatus)[] = [
  'conditions',
  'active',
  'succeeded',
  'failed',
  'completedIndexes',
];
