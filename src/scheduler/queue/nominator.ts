import type { NominatedPodsView } from '../framework/handle.js';
import type { PodInfo } from '../framework/pod-info.js';

const none: readonly PodInfo[] = Object.freeze([]);

/**
 * Which pending pods are nominated to which nodes after preemption (upstream's nominator). The
 * filters count a node's nominated pods of equal or higher priority as if they already ran there.
 */
export class Nominator implements NominatedPodsView {
  private readonly byNode = new Map<string, PodInfo[]>();
  private readonly nodeOf = new Map<string, string>();

  /** Number of nominated pods. */
  get size(): number {
    return this.nodeOf.size;
  }

  /** Nominates `pod` to `nodeName` (a pod is nominated to one node at most; "" removes it). */
  add(pod: PodInfo, nodeName: string): void {
    this.delete(pod);
    if (nodeName === '') return;
    this.nodeOf.set(pod.uid, nodeName);
    let list = this.byNode.get(nodeName);
    if (list === undefined) this.byNode.set(nodeName, (list = []));
    list.push(pod);
  }

  /** Removes the nomination of `pod`, if any. */
  delete(pod: PodInfo): void {
    const node = this.nodeOf.get(pod.uid);
    if (node === undefined) return;
    this.nodeOf.delete(pod.uid);
    const list = this.byNode.get(node);
    if (list === undefined) return;
    const i = list.findIndex((p) => p.uid === pod.uid);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.byNode.delete(node);
  }

  /**
   * A pending pod changed (upstream's updateNominatedPodUnlocked): a nomination the update adds,
   * changes or removes in status.nominatedNodeName wins; an update that carries none on either side
   * keeps the node reserved in memory (the status write may simply not have arrived yet).
   */
  update(oldNominated: string | undefined, pod: PodInfo): void {
    const fromStatus = pod.pod.status?.nominatedNodeName ?? '';
    const kept = this.nodeOf.get(pod.uid);
    if (!oldNominated && !fromStatus && kept !== undefined) this.add(pod, kept);
    else this.add(pod, fromStatus);
  }

  /** The node `uid` is nominated to, if any. */
  nominatedNodeOf(uid: string): string | undefined {
    return this.nodeOf.get(uid);
  }

  nominatedPodsForNode(nodeName: string): readonly PodInfo[] {
    if (this.byNode.size === 0) return none;
    return this.byNode.get(nodeName) ?? none;
  }
}
