// The DaemonSet RollingUpdate step (upstream's rollingUpdate): without surge, delete just enough
// old pods to stay within maxUnavailable and let the manage loop recreate them; with surge, start
// new pods next to old ones (up to maxSurge) and delete an old pod once its replacement is available.
import type { DaemonSet } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { isPodAvailable } from '../shared/workload-pod-state.js';
import { isPodUpdated } from './daemon-pod-template.js';

/** The state of the nodes a rolling update step looks at. */
export interface RollingUpdateInput {
  readonly ds: DaemonSet;
  /** Daemon pods by node, with an empty entry for every node that should run one and has none. */
  readonly nodeToPods: ReadonlyMap<string, readonly Pod[]>;
  readonly hash: string;
  readonly generation: number | undefined;
  readonly maxSurge: number;
  readonly maxUnavailable: number;
  readonly desiredNumberScheduled: number;
  readonly nowMs: number;
  /** Whether the DaemonSet should (still) start a pod on the node. */
  readonly shouldRun: (nodeName: string) => boolean;
}

/** Pods to delete and nodes to start a new pod on. */
export interface RollingUpdatePlan {
  readonly podsToDelete: readonly string[];
  readonly nodesToCreate: readonly string[];
}

/**
 * The node's one new and one old pod (ignoring pods being deleted); `ok` false when there are
 * several of either, which the manage loop cleans up first.
 */
export function updatedPodsOnNode(
  pods: readonly Pod[],
  hash: string,
  generation: number | undefined,
): { newPod?: Pod; oldPod?: Pod; ok: boolean } {
  let newPod: Pod | undefined;
  let oldPod: Pod | undefined;
  for (const pod of pods) {
    if (pod.metadata?.deletionTimestamp) continue;
    if (isPodUpdated(pod, hash, generation)) {
      if (newPod !== undefined) return { ok: false };
      newPod = pod;
    } else {
      if (oldPod !== undefined) return { ok: false };
      oldPod = pod;
    }
  }
  return { ...(newPod ? { newPod } : {}), ...(oldPod ? { oldPod } : {}), ok: true };
}

/** Plans one rolling update step. Nodes are visited in name order so plans are reproducible. */
export function planRollingUpdate(input: RollingUpdateInput): RollingUpdatePlan {
  const minReady = input.ds.spec?.minReadySeconds ?? 0;
  const available = (pod: Pod) => isPodAvailable(pod, minReady, input.nowMs);
  const nodes = [...input.nodeToPods.keys()].sort();
  if (input.maxSurge === 0) {
    let numUnavailable = 0;
    const replacements: string[] = [];
    const candidates: string[] = [];
    for (const node of nodes) {
      const { newPod, oldPod, ok } = updatedPodsOnNode(
        input.nodeToPods.get(node) ?? [],
        input.hash,
        input.generation,
      );
      if (!ok || (newPod === undefined) === (oldPod === undefined)) {
        // Excess pods, no pod, or both: the manage loop acts; the node counts as unavailable.
        numUnavailable++;
      } else if (newPod !== undefined) {
        if (!available(newPod)) numUnavailable++;
      } else if (!available(oldPod!)) {
        // An unavailable old pod costs nothing to replace.
        replacements.push(oldPod!.metadata?.name ?? '');
        numUnavailable++;
      } else if (numUnavailable < input.maxUnavailable) {
        candidates.push(oldPod!.metadata?.name ?? '');
      }
    }
    const room = Math.min(Math.max(0, input.maxUnavailable - numUnavailable), candidates.length);
    return { podsToDelete: [...replacements, ...candidates.slice(0, room)], nodesToCreate: [] };
  }

  const podsToDelete: string[] = [];
  const shouldNotRunToDelete: string[] = [];
  const candidateNodes: string[] = [];
  const allowedNodes: string[] = [];
  let numSurge = 0;
  let numAvailable = 0;
  for (const node of nodes) {
    const { newPod, oldPod, ok } = updatedPodsOnNode(
      input.nodeToPods.get(node) ?? [],
      input.hash,
      input.generation,
    );
    if (!ok) {
      numSurge++;
      continue;
    }
    if (oldPod !== undefined ? available(oldPod) : newPod !== undefined && available(newPod)) numAvailable++;
    if (oldPod === undefined) continue;
    if (newPod === undefined) {
      if (!available(oldPod)) {
        if (!input.shouldRun(node)) podsToDelete.push(oldPod.metadata?.name ?? '');
        else allowedNodes.push(node);
      } else if (!input.shouldRun(node)) {
        shouldNotRunToDelete.push(oldPod.metadata?.name ?? '');
      } else if (numSurge < input.maxSurge) {
        candidateNodes.push(node);
      }
    } else if (!available(newPod)) {
      numSurge++;
    } else {
      podsToDelete.push(oldPod.metadata?.name ?? '');
    }
  }
  // With surge the owner expects full availability: pods on nodes the DaemonSet left are only
  // removed while enough pods elsewhere are available.
  const deletable = Math.min(numAvailable - input.desiredNumberScheduled, shouldNotRunToDelete.length);
  if (deletable > 0) podsToDelete.push(...shouldNotRunToDelete.slice(0, deletable));
  const room = Math.min(Math.max(0, input.maxSurge - numSurge), candidateNodes.length);
  return { podsToDelete, nodesToCreate: [...allowedNodes, ...candidateNodes.slice(0, room)] };
}
