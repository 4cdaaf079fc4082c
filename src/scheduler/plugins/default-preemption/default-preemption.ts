import type { Pod } from 'kubernetes-types/core/v1.js';
import { formatRfc3339 } from '../../../base/rfc3339.js';
import type { CycleState } from '../../framework/cycle-state.js';
import { FitError, newDiagnosis } from '../../framework/fit-error.js';
import type { Handle } from '../../framework/handle.js';
import type { PostFilterOutcome, PostFilterPlugin } from '../../framework/interfaces.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { NodeToStatus } from '../../framework/node-to-status.js';
import { newPodInfo, type PodInfo } from '../../framework/pod-info.js';
import { Status } from '../../framework/status.js';
import { pluginNames } from '../names.js';
import { pickOneNodeForPreemption, selectVictimsOnNode, type Candidate } from './victims.js';

/** DefaultPreemption's args (DefaultPreemptionArgs). */
export interface DefaultPreemptionArgs {
  /** Candidates to collect, as a share of the nodes (default 10 %). */
  readonly minCandidateNodesPercentage?: number;
  /** ... but at least this many (default 100). */
  readonly minCandidateNodesAbsolute?: number;
}

const podsResource = { group: '', version: 'v1', resource: 'pods' };

/** True when the pod is being deleted because the scheduler preempted it. */
export function terminatingByPreemption(pod: Pod): boolean {
  if (!pod.metadata?.deletionTimestamp) return false;
  return (pod.status?.conditions ?? []).some(
    (c) => c.type === 'DisruptionTarget' && c.reason === 'PreemptionByScheduler' && c.status === 'True',
  );
}

/**
 * Upstream's PodEligibleToPreemptOthers: pods with preemptionPolicy Never never preempt, and a pod
 * nominated to a node where a lower-priority victim is still terminating waits for it.
 */
export function eligibleToPreempt(
  pod: PodInfo,
  nominatedStatus: Status,
  handle: Handle,
): { ok: boolean; msg: string } {
  if (pod.preemptionPolicy === 'Never')
    return { ok: false, msg: 'not eligible due to preemptionPolicy=Never.' };
  const nnn = pod.pod.status?.nominatedNodeName;
  if (nnn) {
    if (nominatedStatus.code === 'UnschedulableAndUnresolvable') return { ok: true, msg: '' };
    const node = handle.snapshot.get(nnn);
    if (node !== undefined)
      for (const p of node.pods)
        if (p.priority < pod.priority && terminatingByPreemption(p.pod))
          return { ok: false, msg: 'not eligible due to a terminating pod on the nominated node.' };
  }
  return { ok: true, msg: '' };
}

/** How many candidates to look for among `numNodes` potential nodes. */
export function numCandidates(numNodes: number, percentage: number, absolute: number): number {
  let n = Math.trunc((numNodes * percentage) / 100);
  if (n < absolute) n = absolute;
  return Math.min(n, numNodes);
}

/** DefaultPreemption: evicts lower-priority pods from one node so the pod fits there next time. */
export function newDefaultPreemption(
  rawArgs: Readonly<Record<string, unknown>> | undefined,
  handle: Handle,
  random: () => number = Math.random,
): PostFilterPlugin {
  const args = (rawArgs ?? {}) as DefaultPreemptionArgs;
  const percentage = args.minCandidateNodesPercentage ?? 10;
  const absolute = args.minCandidateNodesAbsolute ?? 100;

  const dryRun = (state: CycleState, pod: PodInfo, potential: readonly NodeInfo[]) => {
    const pdbs = handle.listers.podDisruptionBudgets.list();
    const limit = numCandidates(potential.length, percentage, absolute);
    const offset = Math.floor(random() * potential.length);
    const statuses = new NodeToStatus();
    const nonViolating: Candidate[] = [];
    const violating: Candidate[] = [];
    const now = handle.clock.now();
    for (let i = 0; i < potential.length; i++) {
      const node = potential[(offset + i) % potential.length]!.clone();
      const { victims, status } = selectVictimsOnNode(handle, state.clone(), pod, node, pdbs, now);
      if (status === undefined && victims !== undefined && victims.pods.length > 0) {
        const c = { name: node.name, victims };
        (victims.numPDBViolations === 0 ? nonViolating : violating).push(c);
        if (nonViolating.length > 0 && nonViolating.length + violating.length >= limit) break;
        continue;
      }
      statuses.set(
        node.name,
        status ?? Status.fromError(new Error(`expected at least one victim pod on node "${node.name}"`)),
      );
    }
    return { candidates: [...nonViolating, ...violating], statuses };
  };

  const preemptVictim = async (victim: PodInfo, pod: PodInfo, node: string): Promise<Status | undefined> => {
    const waiting = handle.getWaitingPod(victim.uid);
    const client = handle.client;
    if (waiting !== undefined) {
      waiting.reject(pluginNames.defaultPreemption, 'preempted');
    } else if (client !== undefined) {
      const pods = client.resource<Pod>(podsResource).namespace(victim.namespace);
      try {
        const conditions = (victim.pod.status?.conditions ?? []).filter((x) => x.type !== 'DisruptionTarget');
        await pods.patch(
          victim.name,
          'strategic',
          {
            status: {
              conditions: [
                ...conditions,
                {
                  type: 'DisruptionTarget',
                  status: 'True',
                  reason: 'PreemptionByScheduler',
                  message: `${pod.pod.spec?.schedulerName ?? 'default-scheduler'}: preempting to accommodate a higher priority pod`,
                  lastTransitionTime: formatRfc3339(handle.clock.now()),
                },
              ],
            },
          },
          { subresource: 'status' },
        );
        await pods.delete(victim.name);
      } catch (err) {
        if ((err as { code?: number }).code === 404) return undefined;
        return Status.fromError(err);
      }
    }
    handle.recorder.event(victim, 'Normal', 'Preempted', `Preempted by pod ${pod.uid} on node ${node}`);
    return undefined;
  };

  const prepare = async (c: Candidate, pod: PodInfo): Promise<Status | undefined> => {
    const client = handle.client;
    // Victims are evicted in parallel, as upstream's parallelizer does; the first failure wins.
    const results = await Promise.all(c.victims.pods.map((v) => preemptVictim(v, pod, c.name)));
    const failed = results.find((r) => r !== undefined);
    if (failed !== undefined) return failed;
    // Lower-priority pods nominated to this node may no longer fit there.
    if (client !== undefined) {
      for (const p of handle.nominator.nominatedPodsForNode(c.name)) {
        if (p.priority >= pod.priority || p.uid === pod.uid) continue;
        await client
          .resource<Pod>(podsResource)
          .namespace(p.namespace)
          .patch(p.name, 'merge', { status: { nominatedNodeName: null } }, { subresource: 'status' })
          .catch((err: unknown) => handle.log.warn('could not clear nominatedNodeName', { pod: p.key, err }));
      }
    }
    return undefined;
  };

  return {
    name: pluginNames.defaultPreemption,
    async postFilter(
      state: CycleState,
      incoming: PodInfo,
      statuses: NodeToStatus,
    ): Promise<PostFilterOutcome> {
      // Preempt with the pod as the informer has it now (its nominatedNodeName may have changed).
      const latest = handle.listers.pods.get(incoming.namespace, incoming.name);
      const pod =
        latest !== undefined && latest.metadata?.uid === incoming.uid ? newPodInfo(latest) : incoming;
      const eligible = eligibleToPreempt(pod, statuses.get(pod.pod.status?.nominatedNodeName ?? ''), handle);
      if (!eligible.ok) return { status: Status.unschedulable(`preemption: ${eligible.msg}`) };
      const all = handle.snapshot.list();
      const potential = statuses.nodesWithCode(all, 'Unschedulable');
      let candidates: Candidate[] = [];
      let nodeStatuses = new NodeToStatus();
      if (potential.length === 0) {
        if (pod.pod.status?.nominatedNodeName) await clearNomination(handle, pod);
      } else {
        ({ candidates, statuses: nodeStatuses } = dryRun(state, pod, potential));
      }
      if (candidates.length === 0) {
        nodeStatuses.setAbsentNodesStatus(Status.unresolvable('Preemption is not helpful for scheduling'));
        const fit = new FitError(all.length, newDiagnosis(nodeStatuses));
        return {
          nominatingInfo: { mode: 'Override', nominatedNodeName: '' },
          status: Status.unschedulable(`preemption: ${fit.message()}`),
        };
      }
      const best =
        candidates.length === 1 ? candidates[0] : pickOneNodeForPreemption(candidates, handle.clock.now());
      if (best === undefined)
        return { status: Status.unschedulable('preemption: no candidate node for preemption') };
      const prepared = await prepare(best, pod);
      if (prepared !== undefined) return { status: prepared };
      return { nominatingInfo: { mode: 'Override', nominatedNodeName: best.name }, status: undefined };
    },
  };
}

async function clearNomination(handle: Handle, pod: PodInfo): Promise<void> {
  await handle.client
    ?.resource<Pod>(podsResource)
    .namespace(pod.namespace)
    .patch(pod.name, 'merge', { status: { nominatedNodeName: null } }, { subresource: 'status' })
    .catch((err: unknown) => handle.log.warn('could not clear nominatedNodeName', { pod: pod.key, err }));
}
