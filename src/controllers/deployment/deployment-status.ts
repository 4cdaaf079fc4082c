// Deployment conditions and status (deployment/util and sync.go's calculateStatus).
import type {
  Deployment,
  DeploymentCondition,
  DeploymentStatus,
  ReplicaSet,
} from 'kubernetes-types/apps/v1.js';
import { formatRfc3339 } from '../../base/rfc3339.js';
import { maxUnavailableOf, type RolloutSpec } from './rollout-math.js';
import { statusSum } from './replica-set-sets.js';

/** Progressing reasons. */
export const reasons = {
  replicaSetUpdated: 'ReplicaSetUpdated',
  failedRSCreate: 'ReplicaSetCreateError',
  newReplicaSet: 'NewReplicaSetCreated',
  foundNewRS: 'FoundNewReplicaSet',
  newRSAvailable: 'NewReplicaSetAvailable',
  timedOut: 'ProgressDeadlineExceeded',
  paused: 'DeploymentPaused',
  resumed: 'DeploymentResumed',
  minimumReplicasAvailable: 'MinimumReplicasAvailable',
  minimumReplicasUnavailable: 'MinimumReplicasUnavailable',
} as const;

/** The rollout parameters of a Deployment with defaults applied. */
export function rolloutSpecOf(d: Deployment): RolloutSpec {
  const ru = d.spec?.strategy?.rollingUpdate;
  return {
    replicas: d.spec?.replicas ?? 1,
    strategyType: d.spec?.strategy?.type ?? 'RollingUpdate',
    ...(ru?.maxSurge !== undefined ? { maxSurge: ru.maxSurge } : {}),
    ...(ru?.maxUnavailable !== undefined ? { maxUnavailable: ru.maxUnavailable } : {}),
  };
}

/** NewDeploymentCondition at `nowMs`. */
export function newCondition(
  type: string,
  status: string,
  reason: string,
  message: string,
  nowMs: number,
): DeploymentCondition {
  const t = formatRfc3339(nowMs);
  return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
}

/** GetDeploymentCondition. */
export function getCondition(
  status: DeploymentStatus | undefined,
  type: string,
): DeploymentCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/**
 * SetDeploymentCondition: adds or replaces the condition of its type (moved to the end), unless one
 * with the same status and reason exists; the transition time is kept when the status is unchanged.
 */
export function setCondition(status: DeploymentStatus, condition: DeploymentCondition): void {
  const current = getCondition(status, condition.type);
  if (current !== undefined && current.status === condition.status && current.reason === condition.reason)
    return;
  const next = { ...condition };
  if (current !== undefined && current.status === condition.status)
    next.lastTransitionTime = current.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== condition.type), next];
}

/** RemoveDeploymentCondition. */
export function removeCondition(status: DeploymentStatus, type: string): void {
  const left = (status.conditions ?? []).filter((c) => c.type !== type);
  if (left.length > 0) status.conditions = left;
  else delete status.conditions;
}

/** HasProgressDeadline: set and not MaxInt32. */
export function hasProgressDeadline(d: Deployment): boolean {
  const s = d.spec?.progressDeadlineSeconds;
  return s !== undefined && s !== 2147483647;
}

/** calculateStatus: the Deployment's status from its ReplicaSets, with the Available condition. */
export function calculateStatus(
  allRss: readonly (ReplicaSet | undefined)[],
  newRs: ReplicaSet | undefined,
  d: Deployment,
  nowMs: number,
): DeploymentStatus {
  const available = statusSum(allRss, 'availableReplicas');
  const total = allRss.reduce((n, rs) => n + (rs ? (rs.spec?.replicas ?? 1) : 0), 0);
  const status: DeploymentStatus = {
    observedGeneration: d.metadata?.generation ?? 0,
    replicas: statusSum(allRss, 'replicas'),
    updatedReplicas: statusSum([newRs], 'replicas'),
    readyReplicas: statusSum(allRss, 'readyReplicas'),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, total - available),
  };
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  if (d.status?.conditions?.length) status.conditions = d.status.conditions.map((c) => ({ ...c }));
  const spec = rolloutSpecOf(d);
  if (available >= spec.replicas - maxUnavailableOf(spec))
    setCondition(
      status,
      newCondition(
        'Available',
        'True',
        reasons.minimumReplicasAvailable,
        'Deployment has minimum availability.',
        nowMs,
      ),
    );
  else
    setCondition(
      status,
      newCondition(
        'Available',
        'False',
        reasons.minimumReplicasUnavailable,
        'Deployment does not have minimum availability.',
        nowMs,
      ),
    );
  return status;
}

/** The status as Go holds it: every counter present (0 when absent), for comparisons. */
export function normalizedStatus(s: DeploymentStatus | undefined): DeploymentStatus {
  return {
    observedGeneration: s?.observedGeneration ?? 0,
    replicas: s?.replicas ?? 0,
    updatedReplicas: s?.updatedReplicas ?? 0,
    readyReplicas: s?.readyReplicas ?? 0,
    availableReplicas: s?.availableReplicas ?? 0,
    unavailableReplicas: s?.unavailableReplicas ?? 0,
    ...(s?.collisionCount !== undefined ? { collisionCount: s.collisionCount } : {}),
    ...(s?.conditions?.length ? { conditions: s.conditions } : {}),
  };
}

/** DeploymentComplete: every desired replica updated and available, nothing old left, spec observed. */
export function deploymentComplete(d: Deployment, s: DeploymentStatus): boolean {
  const want = d.spec?.replicas ?? 1;
  return (
    (s.updatedReplicas ?? 0) === want &&
    (s.replicas ?? 0) === want &&
    (s.availableReplicas ?? 0) === want &&
    (s.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0)
  );
}

/** DeploymentProgressing: more updated, ready or available pods, or fewer old ones, than last time. */
export function deploymentProgressing(d: Deployment, s: DeploymentStatus): boolean {
  const old = normalizedStatus(d.status);
  const oldOld = old.replicas! - old.updatedReplicas!;
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (
    (s.updatedReplicas ?? 0) > old.updatedReplicas! ||
    newOld < oldOld ||
    (s.readyReplicas ?? 0) > old.readyReplicas! ||
    (s.availableReplicas ?? 0) > old.availableReplicas!
  );
}

/**
 * DeploymentTimedOut: the Progressing condition was last updated more than progressDeadlineSeconds
 * before `nowMs` (never after a completed rollout; always once already timed out).
 */
export function deploymentTimedOut(d: Deployment, s: DeploymentStatus, nowMs: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const c = getCondition(s, 'Progressing');
  if (c === undefined || c.reason === reasons.newRSAvailable) return false;
  if (c.reason === reasons.timedOut) return true;
  const from = Date.parse(c.lastUpdateTime ?? '');
  return from + (d.spec?.progressDeadlineSeconds ?? 0) * 1000 < nowMs;
}
