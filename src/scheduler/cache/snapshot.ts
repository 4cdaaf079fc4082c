import type { NodeInfoLister } from '../framework/handle.js';
import type { NodeInfo } from '../framework/node-info.js';

/**
 * The cluster as one scheduling cycle sees it (upstream's internal cache Snapshot): NodeInfo copies
 * that nothing changes until the cache updates the snapshot before the next cycle.
 */
export class Snapshot implements NodeInfoLister {
  /** By node name. */
  readonly nodeInfoMap = new Map<string, NodeInfo>();
  nodeInfoList: NodeInfo[] = [];
  /** Position of each node in nodeInfoList. */
  readonly positions = new Map<string, number>();
  havePodsWithAffinity: NodeInfo[] = [];
  havePodsWithRequiredAntiAffinity: NodeInfo[] = [];
  private readonly affinityPositions = new Map<string, number>();
  private readonly antiAffinityPositions = new Map<string, number>();
  usedPVCs = new Set<string>();
  imageCounts: ReadonlyMap<string, number> = new Map();
  /** The cache generation this snapshot reflects. */
  generation = 0;

  /** A snapshot of exactly these nodes, for tests and what-ifs. */
  static of(nodes: readonly NodeInfo[]): Snapshot {
    const s = new Snapshot();
    const counts = new Map<string, number>();
    for (const n of nodes) {
      s.nodeInfoMap.set(n.name, n);
      s.positions.set(n.name, s.nodeInfoList.length);
      s.nodeInfoList.push(n);
      for (const image of n.imageSizes.keys()) counts.set(image, (counts.get(image) ?? 0) + 1);
    }
    s.imageCounts = counts;
    s.rebuildDerived();
    return s;
  }

  /** Recomputes the affinity lists and the used-PVC set from nodeInfoList. */
  rebuildDerived(): void {
    this.havePodsWithAffinity = [];
    this.havePodsWithRequiredAntiAffinity = [];
    this.affinityPositions.clear();
    this.antiAffinityPositions.clear();
    const used = new Set<string>();
    for (const n of this.nodeInfoList) {
      if (n.podsWithAffinity.length > 0) {
        this.affinityPositions.set(n.name, this.havePodsWithAffinity.length);
        this.havePodsWithAffinity.push(n);
      }
      if (n.podsWithRequiredAntiAffinity.length > 0) {
        this.antiAffinityPositions.set(n.name, this.havePodsWithRequiredAntiAffinity.length);
        this.havePodsWithRequiredAntiAffinity.push(n);
      }
      for (const key of n.pvcRefCounts.keys()) used.add(key);
    }
    this.usedPVCs = used;
  }

  /**
   * Puts `copy` in place of `old` in the derived lists, adding or removing it where its affinity
   * pods came or went (the lists' order carries no meaning). False when the used-PVC set must be
   * rebuilt instead.
   */
  patchDerived(old: NodeInfo | undefined, copy: NodeInfo): boolean {
    if (old === undefined || old.pvcRefCounts.size > 0 || copy.pvcRefCounts.size > 0) return false;
    place(this.havePodsWithAffinity, this.affinityPositions, copy, copy.podsWithAffinity.length > 0);
    place(
      this.havePodsWithRequiredAntiAffinity,
      this.antiAffinityPositions,
      copy,
      copy.podsWithRequiredAntiAffinity.length > 0,
    );
    return true;
  }

  list(): readonly NodeInfo[] {
    return this.nodeInfoList;
  }

  havePodsWithAffinityList(): readonly NodeInfo[] {
    return this.havePodsWithAffinity;
  }

  havePodsWithRequiredAntiAffinityList(): readonly NodeInfo[] {
    return this.havePodsWithRequiredAntiAffinity;
  }

  get(nodeName: string): NodeInfo | undefined {
    return this.nodeInfoMap.get(nodeName);
  }

  /** Number of nodes. */
  get numNodes(): number {
    return this.nodeInfoList.length;
  }

  isPVCUsedByPods(key: string): boolean {
    return this.usedPVCs.has(key);
  }

  imageNumNodes(image: string): number {
    return this.imageCounts.get(image) ?? 0;
  }
}

/** Keeps `node` in `list` (at `positions`) exactly when `member`, replacing the entry of the same name. */
function place(list: NodeInfo[], positions: Map<string, number>, node: NodeInfo, member: boolean): void {
  const at = positions.get(node.name);
  if (member) {
    if (at !== undefined) list[at] = node;
    else {
      positions.set(node.name, list.length);
      list.push(node);
    }
    return;
  }
  if (at === undefined) return;
  const last = list.pop()!;
  positions.delete(node.name);
  if (at < list.length) {
    list[at] = last;
    positions.set(last.name, at);
  }
}
