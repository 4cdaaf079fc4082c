import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { timeMs } from '../shared/infra-pod.js';
import { taintKeyExists } from '../shared/infra-taints.js';

/** A pod whose phase is neither Pending, Running nor Unknown (isPodTerminated). */
export function isPodTerminated(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Pending' && phase !== 'Running' && phase !== 'Unknown';
}

function evicted(pod: Pod): boolean {
  return pod.status?.phase === 'Failed' && pod.status?.reason === 'Evicted';
}

/** Evicted pods first, then oldest first, names breaking ties (byEvictionAndCreationTimestamp). */
export function byEvictionAndCreation(a: Pod, b: Pod): number {
  const ea = evicted(a);
  if (ea !== evicted(b)) return ea ? -1 : 1;
  const ta = timeMs(a.metadata?.creationTimestamp) ?? 0;
  const tb = timeMs(b.metadata?.creationTimestamp) ?? 0;
  if (ta !== tb) return ta - tb;
  const na = a.metadata?.name ?? '';
  const nb = b.metadata?.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/** The terminated pods beyond `threshold`, in the order they are to be deleted (gcTerminated). */
export function terminatedPodsToDelete(pods: readonly Pod[], threshold: number): Pod[] {
  if (threshold <= 0) return [];
  const terminated = pods.filter(isPodTerminated);
  const excess = terminated.length - threshold;
  if (excess <= 0) return [];
  return terminated.sort(byEvictionAndCreation).slice(0, excess);
}

/**
 * Terminating pods on nodes that are not ready and carry the node.kubernetes.io/out-of-service
 * taint: nothing will finish them there (gcTerminating).
 */
export function terminatingPodsOnOutOfServiceNodes(
  pods: readonly Pod[],
  nodeNamed: (n: string) => Node | undefined,
): Pod[] {
  const out: Pod[] = [];
  for (const pod of pods) {
    if (!pod.metadata?.deletionTimestamp) continue;
    const node = nodeNamed(pod.spec?.nodeName ?? '');
    if (node === undefined) continue;
    const ready = node.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
    if (!ready && taintKeyExists(node.spec?.taints, 'node.kubernetes.io/out-of-service')) out.push(pod);
  }
  return out.sort(byEvictionAndCreation);
}

/** Pods being deleted that were never scheduled (gcUnscheduledTerminating). */
export function unscheduledTerminatingPods(pods: readonly Pod[]): Pod[] {
  return pods.filter((p) => p.metadata?.deletionTimestamp && !p.spec?.nodeName);
}
