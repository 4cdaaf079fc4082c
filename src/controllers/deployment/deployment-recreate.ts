import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import { syncRolloutStatus } from './deployment-progress.js';
import { deploymentComplete } from './deployment-status.js';
import type { DeploymentSync } from './deployment-sync.js';
import { activeReplicaSets, statusSum } from './replica-set-sets.js';

/**
 * rolloutRecreate (recreate.go): scale every old ReplicaSet to 0, wait until none of their pods
 * runs, then create (or scale up) the new one.
 */
export async function rolloutRecreate(
  s: DeploymentSync,
  d: Deployment,
  rsList: ReplicaSet[],
  podMap: ReadonlyMap<string, readonly Pod[]>,
): Promise<void> {
  let { newRs, oldRss } = await s.replicaSetsAndSyncRevision(d, rsList, false);
  let allRss: (ReplicaSet | undefined)[] = [...oldRss, newRs];
  let scaledDown = false;
  for (const rs of activeReplicaSets(oldRss))
    if ((await s.scaleAndRecord(rs, 0, d)).scaled) scaledDown = true;
  if (scaledDown) return syncRolloutStatus(s, allRss, newRs, d);
  if (oldPodsRunning(newRs, oldRss, podMap)) return syncRolloutStatus(s, allRss, newRs, d);
  if (newRs === undefined) {
    ({ newRs, oldRss } = await s.replicaSetsAndSyncRevision(d, rsList, true));
    allRss = [...oldRss, newRs];
  }
  if (newRs !== undefined) await s.scaleAndRecord(newRs, d.spec?.replicas ?? 1, d);
  if (deploymentComplete(d, d.status ?? {})) await s.cleanup(oldRss, d);
  return syncRolloutStatus(s, allRss, newRs, d);
}

/** oldPodsRunning: an old ReplicaSet reports pods, or a pod of one is not yet Succeeded or Failed. */
export function oldPodsRunning(
  newRs: ReplicaSet | undefined,
  oldRss: readonly ReplicaSet[],
  podMap: ReadonlyMap<string, readonly Pod[]>,
): boolean {
  if (statusSum(oldRss, 'replicas') > 0) return true;
  for (const [uid, pods] of podMap) {
    if (newRs !== undefined && newRs.metadata?.uid === uid) continue;
    for (const pod of pods) {
      const phase = pod.status?.phase;
      if (phase === 'Failed' || phase === 'Succeeded') continue;
      return true;
    }
  }
  return false;
}
