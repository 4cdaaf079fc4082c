import type { Node } from 'kubernetes-types/core/v1.js';
import { systemClock, type Clock } from '../../base/clock.js';
import { createLogger, type Logger } from '../../base/logger.js';
import { NodeInfo } from '../framework/node-info.js';
import type { PodInfo } from '../framework/pod-info.js';
import { NodeTree, zoneKey } from './node-tree.js';
import type { Snapshot } from './snapshot.js';

interface PodState {
  podInfo: PodInfo;
  nodeName: string;
  assumed: boolean;
  /** When an assumed pod whose binding finished expires (Infinity: never). */
  deadline: number;
}

/** What a Cache is created with. */
export interface CacheOptions {
  /**
   * How long an assumed pod whose binding finished may go unconfirmed by the informer before it is
   * dropped (0, the default as in upstream 1.32, keeps it until confirmed or forgotten).
   */
  readonly assumedPodTtlMs?: number;
  readonly clock?: Clock;
  readonly log?: Logger;
}

function nodeNameOf(p: PodInfo): string {
  return p.pod.spec?.nodeName ?? '';
}

/**
 * The scheduler's view of where pods run (upstream's internal cache): node infos built from the
 * node and pod informers plus "assumed" pods — placed by the scheduler but not yet seen bound — so
 * the next cycle already counts them. Snapshots copy only the nodes changed since the last one.
 */
export class Cache {
  private readonly nodes = new Map<string, NodeInfo>();
  private readonly pods = new Map<string, PodState>();
  private readonly tree = new NodeTree();
  private readonly dirty = new Set<string>();
  private readonly imageCounts = new Map<string, number>();
  private treeChanged = true;
  private imagesChanged = true;
  private generation = 0;
  private readonly ttlMs: number;
  private readonly clock: Clock;
  private readonly log: Logger;

  constructor(options: CacheOptions = {}) {
    this.ttlMs = options.assumedPodTtlMs ?? 0;
    this.clock = options.clock ?? systemClock;
    this.log = options.log ?? createLogger('scheduler').child('cache');
  }

  /** Number of nodes with a node object. */
  get nodeCount(): number {
    return this.tree.numNodes;
  }

  /** Number of pods, assumed ones included. */
  get podCount(): number {
    return this.pods.size;
  }

  /** Number of assumed pods. */
  get assumedPodCount(): number {
    let n = 0;
    for (const s of this.pods.values()) if (s.assumed) n++;
    return n;
  }

  /** True when the pod is assumed (placed by us, not yet confirmed by the informer). */
  isAssumedPod(uid: string): boolean {
    return this.pods.get(uid)?.assumed ?? false;
  }

  /** The pod as cached, with the node it counts on. */
  getPod(uid: string): { podInfo: PodInfo; nodeName: string } | undefined {
    const s = this.pods.get(uid);
    return s && { podInfo: s.podInfo, nodeName: s.nodeName };
  }

  /** A node appeared (or was re-listed). */
  addNode(node: Node): void {
    this.updateNode(undefined, node);
  }

  /** A node changed: labels, taints, allocatable, images, zone. */
  updateNode(_oldNode: Node | undefined, node: Node): void {
    const name = node.metadata?.name ?? '';
    let info = this.nodes.get(name);
    if (info === undefined) this.nodes.set(name, (info = new NodeInfo()));
    const before = info.node;
    this.forgetImages(info);
    this.tree.update(before, node);
    if (before === undefined || zoneKey(before) !== zoneKey(node)) this.treeChanged = true;
    info.setNode(node);
    this.countImages(info, 1);
    this.touch(name);
  }

  /** A node went away; its pods stay until their own delete events arrive, as upstream keeps them. */
  removeNode(node: Node): void {
    const name = node.metadata?.name ?? '';
    const info = this.nodes.get(name);
    if (info === undefined) return;
    this.forgetImages(info);
    this.tree.remove(info.node ?? node);
    if (info.pods.length === 0) this.nodes.delete(name);
    else info.node = undefined;
    this.treeChanged = true;
    this.touch(name);
  }

  /** Counts a pod the scheduler placed on `nodeName` before the API confirms it. */
  assumePod(podInfo: PodInfo, nodeName: string): void {
    if (this.pods.has(podInfo.uid))
      throw new Error(`pod ${podInfo.key} is in the cache, so can't be assumed`);
    this.place(podInfo, nodeName);
    this.pods.set(podInfo.uid, { podInfo, nodeName, assumed: true, deadline: Infinity });
  }

  /** Marks the binding of an assumed pod done; its expiry (if any) starts now. */
  finishBinding(podInfo: PodInfo): void {
    const s = this.pods.get(podInfo.uid);
    if (s?.assumed && this.ttlMs > 0) s.deadline = this.clock.now() + this.ttlMs;
  }

  /** Drops an assumed pod (binding failed). */
  forgetPod(podInfo: PodInfo): void {
    const s = this.pods.get(podInfo.uid);
    if (s === undefined || !s.assumed) return;
    this.unplace(s.podInfo, s.nodeName);
    this.pods.delete(podInfo.uid);
  }

  /** An assigned pod seen by the informer: confirms an assumed pod or adds a new one. */
  addPod(podInfo: PodInfo): void {
    const nodeName = nodeNameOf(podInfo);
    const s = this.pods.get(podInfo.uid);
    if (s !== undefined) {
      // The assumed pod (or a duplicate add) is replaced by the real one, on the node it is bound to.
      this.unplace(s.podInfo, s.nodeName);
      this.place(podInfo, nodeName);
      this.pods.set(podInfo.uid, { podInfo, nodeName, assumed: false, deadline: Infinity });
      return;
    }
    this.place(podInfo, nodeName);
    this.pods.set(podInfo.uid, { podInfo, nodeName, assumed: false, deadline: Infinity });
  }

  /** An assigned pod changed. */
  updatePod(podInfo: PodInfo): void {
    this.addPod(podInfo);
  }

  /** An assigned pod went away. */
  removePod(podInfo: PodInfo): void {
    const s = this.pods.get(podInfo.uid);
    if (s === undefined) return;
    this.unplace(s.podInfo, s.nodeName);
    this.pods.delete(podInfo.uid);
  }

  /** Drops assumed pods whose binding finished longer than the TTL ago. */
  cleanupExpiredAssumedPods(): void {
    if (this.ttlMs <= 0) return;
    const now = this.clock.now();
    for (const [uid, s] of this.pods) {
      if (!s.assumed || s.deadline > now) continue;
      this.log.warn('assumed pod expired', { pod: s.podInfo.key, node: s.nodeName });
      this.unplace(s.podInfo, s.nodeName);
      this.pods.delete(uid);
    }
  }

  /**
   * Brings `snapshot` up to date: copies the nodes changed since its last update, re-lists the
   * nodes when the set changed, and refreshes the derived lists when affinity or PVC use moved.
   */
  updateSnapshot(snapshot: Snapshot): void {
    if (this.dirty.size === 0 && !this.treeChanged && snapshot.generation === this.generation) return;
    let derived = false;
    for (const name of this.dirty) {
      const old = snapshot.nodeInfoMap.get(name);
      const info = this.nodes.get(name);
      if (info === undefined || info.node === undefined) {
        if (old !== undefined) this.treeChanged = true;
        snapshot.nodeInfoMap.delete(name);
        continue;
      }
      const copy = info.clone();
      snapshot.nodeInfoMap.set(name, copy);
      const at = snapshot.positions.get(name);
      if (at === undefined) {
        this.treeChanged = true;
        continue;
      }
      snapshot.nodeInfoList[at] = copy;
      // Most changes keep a node in or out of the affinity lists: patch them instead of rebuilding.
      if (!derived && !snapshot.patchDerived(old, copy)) derived = true;
    }
    this.dirty.clear();
    if (this.treeChanged) {
      snapshot.nodeInfoList = [];
      snapshot.positions.clear();
      for (const name of this.tree.list()) {
        const info = snapshot.nodeInfoMap.get(name);
        if (info === undefined) continue;
        snapshot.positions.set(name, snapshot.nodeInfoList.length);
        snapshot.nodeInfoList.push(info);
      }
      this.treeChanged = false;
      derived = true;
    }
    if (this.imagesChanged) {
      snapshot.imageCounts = new Map(this.imageCounts);
      this.imagesChanged = false;
    }
    if (derived) snapshot.rebuildDerived();
    snapshot.generation = this.generation;
  }

  private place(podInfo: PodInfo, nodeName: string): void {
    let info = this.nodes.get(nodeName);
    if (info === undefined) this.nodes.set(nodeName, (info = new NodeInfo()));
    if (info.name === '') info.name = nodeName;
    info.addPod(podInfo);
    this.touch(nodeName);
  }

  private unplace(podInfo: PodInfo, nodeName: string): void {
    const info = this.nodes.get(nodeName);
    if (info === undefined) return;
    if (!info.removePod(podInfo))
      this.log.warn('pod not found on node', { pod: podInfo.key, node: nodeName });
    if (info.node === undefined && info.pods.length === 0) this.nodes.delete(nodeName);
    this.touch(nodeName);
  }

  private touch(name: string): void {
    this.dirty.add(name);
    this.generation++;
  }

  private forgetImages(info: NodeInfo): void {
    if (info.node === undefined) return;
    this.countImages(info, -1);
  }

  private countImages(info: NodeInfo, sign: 1 | -1): void {
    if (info.imageSizes.size === 0) return;
    for (const image of info.imageSizes.keys()) {
      const n = (this.imageCounts.get(image) ?? 0) + sign;
      if (n <= 0) this.imageCounts.delete(image);
      else this.imageCounts.set(image, n);
    }
    this.imagesChanged = true;
  }
}
