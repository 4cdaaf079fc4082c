import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import { syncRolloutStatus } from './deployment-progress.js';
import { deploymentComplete, rolloutSpecOf } from './deployment-status.js';
import type { DeploymentSync } from './deployment-sync.js';
import { activeReplicaSets, byCreation, replicasOf, specReplicas, statusSum } from './replica-set-sets.js';
import { maxUnavailableOf, newReplicaSetReplicas } from './rollout-math.js';

/**
 * rolloutRolling (rolling.go): scale the new ReplicaSet up as far as maxSurge allows, else scale old
 * ones down as far as maxUnavailable allows (unhealthy replicas first), cleaning up history once
 * complete.
 */
export async function rolloutRolling(s: DeploymentSync, d: Deployment, rsList: ReplicaSet[]): Promise<void> {
  const { newRs, oldRss } = await s.replicaSetsAndSyncRevision(d, rsList, true);
  const allRss = [...oldRss, newRs];
  if (newRs !== undefined && (await reconcileNewReplicaSet(s, allRss, newRs, d)))
    return syncRolloutStatus(s, allRss, newRs, d);
  if (newRs !== undefined && (await reconcileOldReplicaSets(s, allRss, activeReplicaSets(oldRss), newRs, d)))
    return syncRolloutStatus(s, allRss, newRs, d);
  if (deploymentComplete(d, d.status ?? {})) await s.cleanup(oldRss, d);
  return syncRolloutStatus(s, allRss, newRs, d);
}

async function reconcileNewReplicaSet(
  s: DeploymentSync,
  allRss: (ReplicaSet | undefined)[],
  newRs: ReplicaSet,
  d: Deployment,
): Promise<boolean> {
  const want = d.spec?.replicas ?? 1;
  if (replicasOf(newRs) === want) return false;
  if (replicasOf(newRs) > want) return (await s.scaleAndRecord(newRs, want, d)).scaled;
  const next = newReplicaSetReplicas(rolloutSpecOf(d), specReplicas(allRss), replicasOf(newRs));
  return (await s.scaleAndRecord(newRs, next, d)).scaled;
}

async function reconcileOldReplicaSets(
  s: DeploymentSync,
  allRss: (ReplicaSet | undefined)[],
  oldRss: ReplicaSet[],
  newRs: ReplicaSet,
  d: Deployment,
): Promise<boolean> {
  if (specReplicas(oldRss) === 0) return false;
  const allPods = specReplicas(allRss);
  const minAvailable = (d.spec?.replicas ?? 1) - maxUnavailableOf(rolloutSpecOf(d));
  const newUnavailable = replicasOf(newRs) - (newRs.status?.availableReplicas ?? 0);
  // Unavailable pods of the new ReplicaSet must not let old ones shrink further (see rolling.go).
  const maxScaledDown = allPods - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  let cleaned: { rss: ReplicaSet[]; count: number };
  let scaledDown: number;
  try {
    cleaned = await cleanupUnhealthyReplicas(s, oldRss, d, maxScaledDown);
    scaledDown = await scaleDownOldReplicaSets(s, [...cleaned.rss, newRs], cleaned.rss, d);
  } catch {
    // Upstream swallows these errors; the next sync tries again.
    return false;
  }
  return cleaned.count + scaledDown > 0;
}

async function cleanupUnhealthyReplicas(
  s: DeploymentSync,
  oldRss: ReplicaSet[],
  d: Deployment,
  maxCleanup: number,
): Promise<{ rss: ReplicaSet[]; count: number }> {
  const rss = [...oldRss].sort(byCreation);
  let total = 0;
  for (const [i, rs] of rss.entries()) {
    if (total >= maxCleanup) break;
    const replicas = replicasOf(rs);
    const available = rs.status?.availableReplicas ?? 0;
    if (replicas === 0 || replicas === available) continue;
    const count = Math.min(maxCleanup - total, replicas - available);
    const { rs: updated } = await s.scaleAndRecord(rs, replicas - count, d);
    total += count;
    rss[i] = updated;
  }
  return { rss, count: total };
}

async function scaleDownOldReplicaSets(
  s: DeploymentSync,
  allRss: ReplicaSet[],
  oldRss: ReplicaSet[],
  d: Deployment,
): Promise<number> {
  const minAvailable = (d.spec?.replicas ?? 1) - maxUnavailableOf(rolloutSpecOf(d));
  const available = statusSum(allRss, 'availableReplicas');
  if (available <= minAvailable) return 0;
  const toScaleDown = available - minAvailable;
  let total = 0;
  for (const rs of [...oldRss].sort(byCreation)) {
    if (total >= toScaleDown) break;
    if (replicasOf(rs) === 0) continue;
    const count = Math.min(replicasOf(rs), toScaleDown - total);
    await s.scaleAndRecord(rs, replicasOf(rs) - count, d);
    total += count;
  }
  return total;
}
