import type { Deployment, DeploymentCondition, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { DeploymentSync } from './deployment-sync.js';
import { statusEqual } from './deployment-sync.js';
import {
  calculateStatus,
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  getCondition,
  hasProgressDeadline,
  newCondition,
  reasons,
  removeCondition,
  setCondition,
} from './deployment-status.js';

/**
 * syncRolloutStatus (progress.go): status plus the Progressing condition — NewReplicaSetAvailable
 * once complete, ReplicaSetUpdated (refreshed) on progress, ProgressDeadlineExceeded once the
 * deadline passed without progress — and ReplicaFailure promoted from the ReplicaSets. When nothing
 * changed, schedules the next progress check.
 */
export async function syncRolloutStatus(
  s: DeploymentSync,
  allRss: (ReplicaSet | undefined)[],
  newRs: ReplicaSet | undefined,
  d: Deployment,
): Promise<void> {
  const now = s.now();
  const status = calculateStatus(allRss, newRs, d, now);
  if (!hasProgressDeadline(d)) removeCondition(status, 'Progressing');
  const current = getCondition(d.status, 'Progressing');
  const complete =
    status.replicas === status.updatedReplicas &&
    current !== undefined &&
    current.reason === reasons.newRSAvailable;
  const name = newRs?.metadata?.name;
  if (hasProgressDeadline(d) && !complete) {
    if (deploymentComplete(d, status)) {
      const msg =
        name !== undefined
          ? `ReplicaSet ${JSON.stringify(name)} has successfully progressed.`
          : `Deployment ${JSON.stringify(d.metadata?.name ?? '')} has successfully progressed.`;
      setCondition(status, newCondition('Progressing', 'True', reasons.newRSAvailable, msg, now));
    } else if (deploymentProgressing(d, status)) {
      const msg =
        name !== undefined
          ? `ReplicaSet ${JSON.stringify(name)} is progressing.`
          : `Deployment ${JSON.stringify(d.metadata?.name ?? '')} is progressing.`;
      const cond = newCondition('Progressing', 'True', reasons.replicaSetUpdated, msg, now);
      // Progress refreshes lastUpdateTime even when the reason stays the same.
      if (current !== undefined) {
        if (current.status === 'True') cond.lastTransitionTime = current.lastTransitionTime;
        removeCondition(status, 'Progressing');
      }
      setCondition(status, cond);
    } else if (deploymentTimedOut(d, status, now)) {
      const msg =
        name !== undefined
          ? `ReplicaSet ${JSON.stringify(name)} has timed out progressing.`
          : `Deployment ${JSON.stringify(d.metadata?.name ?? '')} has timed out progressing.`;
      setCondition(status, newCondition('Progressing', 'False', reasons.timedOut, msg, now));
    }
  }
  const failure = replicaFailures(allRss, newRs)[0];
  if (failure !== undefined) setCondition(status, failure);
  else removeCondition(status, 'ReplicaFailure');
  if (statusEqual(d.status, status)) {
    requeueStuckDeployment(s, d, status);
    return;
  }
  d.status = status;
  await s.writeStatus(d);
}

/** getReplicaFailures: ReplicaFailure conditions of the new ReplicaSet, else of any other. */
function replicaFailures(
  allRss: (ReplicaSet | undefined)[],
  newRs: ReplicaSet | undefined,
): DeploymentCondition[] {
  const convert = (rs: ReplicaSet | undefined) =>
    (rs?.status?.conditions ?? [])
      .filter((c) => c.type === 'ReplicaFailure')
      .map((c): DeploymentCondition => ({
        type: c.type,
        status: c.status,
        lastTransitionTime: c.lastTransitionTime,
        lastUpdateTime: c.lastTransitionTime,
        reason: c.reason,
        message: c.message,
      }));
  const fromNew = convert(newRs);
  return fromNew.length > 0 ? fromNew : allRss.flatMap(convert);
}

/**
 * requeueStuckDeployment: a rollout without progress is looked at again when its deadline passes
 * (plus a second against timer skew); returns the delay, 0 for now, -1 for no check.
 */
export function requeueStuckDeployment(
  s: DeploymentSync,
  d: Deployment,
  status: Deployment['status'],
): number {
  const cond = getCondition(d.status, 'Progressing');
  if (!hasProgressDeadline(d) || cond === undefined) return -1;
  if (deploymentComplete(d, status ?? {}) || cond.reason === reasons.timedOut) return -1;
  const after =
    Date.parse(cond.lastUpdateTime ?? '') + (d.spec?.progressDeadlineSeconds ?? 0) * 1000 - s.now();
  if (Number.isNaN(after)) return -1;
  if (after < 1000) {
    s.options.enqueueRateLimited(d);
    return 0;
  }
  s.options.enqueueAfter(d, after + 1000);
  return after;
}
