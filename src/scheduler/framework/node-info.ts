import type { Node, Taint } from 'kubernetes-types/core/v1.js';
import type { Labels } from '../corev1/label-matcher.js';
import { HostPortInfo } from './host-ports.js';
import { hasAffinityTerms, type PodInfo } from './pod-info.js';
import { Resource } from './resource.js';

const noLabels: Labels = Object.freeze({});
const noTaints: readonly Taint[] = Object.freeze([]);

let nextGeneration = 1;

/** A fresh generation number; every change to a NodeInfo takes one, so snapshots can tell what moved. */
export function newGeneration(): number {
  return nextGeneration++;
}

/**
 * A node with the pods the scheduler believes run on it (upstream's framework.NodeInfo): their
 * summed requests, host ports, images and PVC use, plus the pods with affinity terms kept apart so
 * the affinity plugins need not walk every pod. In a Snapshot it is read-only.
 */
export class NodeInfo {
  /** The node object; undefined while the cache holds pods for a node it has not seen yet. */
  node: Node | undefined = undefined;
  name = '';
  labels: Labels = noLabels;
  taints: readonly Taint[] = noTaints;
  unschedulable = false;
  pods: PodInfo[] = [];
  podsWithAffinity: PodInfo[] = [];
  podsWithRequiredAntiAffinity: PodInfo[] = [];
  usedPorts = new HostPortInfo();
  // The numbers Filter and Score read for every node live on the NodeInfo itself: one object per
  // node to load instead of three, which matters when a cycle walks thousands of nodes.
  /** Allocatable cpu (milli), memory, ephemeral storage and pod count. */
  allocMilliCpu = 0;
  allocMemory = 0;
  allocEphemeralStorage = 0;
  allowedPodNumber = 0;
  /** Allocatable scalar resources (extended, hugepages). */
  allocScalar: ReadonlyMap<string, number> | undefined = undefined;
  /** Sum of the pods' requests. */
  reqMilliCpu = 0;
  reqMemory = 0;
  reqEphemeralStorage = 0;
  reqScalar: Map<string, number> | undefined = undefined;
  /** Sum of the pods' cpu and memory with the non-zero defaults (what the scorers count). */
  nonZeroMilliCpu = 0;
  nonZeroMemory = 0;
  /** pods.length, kept beside the other hot numbers. */
  numPods = 0;
  /** Image names on the node (status.images, every name of each) mapped to their size in bytes. */
  imageSizes: ReadonlyMap<string, number> = new Map();
  /** imageSizes.size, beside the other hot numbers (most nodes report no images). */
  numImages = 0;
  /** "namespace/claim" → number of pods on the node using the claim. */
  pvcRefCounts = new Map<string, number>();
  generation = newGeneration();
  /**
   * Counts of this node's pods matching selectors (topology spreading), valid while `generation` is
   * the memo's: a new generation gets a new memo, so clones of one state may share it.
   */
  matchCounts: { readonly generation: number; readonly counts: Map<string, number> } | undefined = undefined;

  /** A NodeInfo for `node` holding `pods`. */
  static of(node: Node | undefined, pods: readonly PodInfo[] = []): NodeInfo {
    const ni = new NodeInfo();
    if (node !== undefined) ni.setNode(node);
    for (const p of pods) ni.addPod(p);
    return ni;
  }

  /** Replaces the node object (labels, taints, allocatable, images). */
  setNode(node: Node): void {
    this.node = node;
    this.name = node.metadata?.name ?? '';
    this.labels = node.metadata?.labels ?? noLabels;
    this.taints = node.spec?.taints ?? noTaints;
    this.unschedulable = node.spec?.unschedulable === true;
    const alloc = Resource.fromList(node.status?.allocatable as Record<string, string> | undefined);
    this.allocMilliCpu = alloc.milliCpu;
    this.allocMemory = alloc.memory;
    this.allocEphemeralStorage = alloc.ephemeralStorage;
    this.allowedPodNumber = alloc.allowedPodNumber;
    this.allocScalar = alloc.scalar;
    const sizes = new Map<string, number>();
    for (const image of node.status?.images ?? [])
      for (const name of image.names ?? []) sizes.set(name, image.sizeBytes ?? 0);
    this.imageSizes = sizes;
    this.numImages = sizes.size;
    this.generation = newGeneration();
  }

  /** Adds a pod: its requests, ports, affinity terms and claims now count on this node. */
  addPod(p: PodInfo): void {
    this.pods.push(p);
    if (hasAffinityTerms(p)) this.podsWithAffinity.push(p);
    if (p.requiredAntiAffinityTerms.length > 0) this.podsWithRequiredAntiAffinity.push(p);
    this.account(p, 1);
  }

  /** Removes the pod with this uid (or key, for pods without one); false when it is not here. */
  removePod(p: PodInfo): boolean {
    const i = this.pods.findIndex((x) => samePod(x, p));
    if (i < 0) return false;
    const existing = this.pods[i]!;
    this.pods.splice(i, 1);
    removeFrom(this.podsWithAffinity, existing);
    removeFrom(this.podsWithRequiredAntiAffinity, existing);
    this.account(existing, -1);
    return true;
  }

  /** The summed requests as a Resource (a copy; for reading, not the hot path). */
  get requested(): Resource {
    const r = new Resource();
    r.milliCpu = this.reqMilliCpu;
    r.memory = this.reqMemory;
    r.ephemeralStorage = this.reqEphemeralStorage;
    r.allowedPodNumber = this.numPods;
    if (this.reqScalar !== undefined) r.scalar = new Map(this.reqScalar);
    return r;
  }

  /** Allocatable as a Resource (a copy). */
  get allocatable(): Resource {
    const r = new Resource();
    r.milliCpu = this.allocMilliCpu;
    r.memory = this.allocMemory;
    r.ephemeralStorage = this.allocEphemeralStorage;
    r.allowedPodNumber = this.allowedPodNumber;
    if (this.allocScalar !== undefined) r.scalar = new Map(this.allocScalar);
    return r;
  }

  /** Requested amount of a scalar resource. */
  requestedScalar(name: string): number {
    return this.reqScalar?.get(name) ?? 0;
  }

  /** Allocatable amount of a scalar resource. */
  allocatableScalar(name: string): number {
    return this.allocScalar?.get(name) ?? 0;
  }

  private account(p: PodInfo, sign: 1 | -1): void {
    const r = p.requests;
    this.reqMilliCpu += sign * r.milliCpu;
    this.reqMemory += sign * r.memory;
    this.reqEphemeralStorage += sign * r.ephemeralStorage;
    if (r.scalar !== undefined) {
      this.reqScalar ??= new Map();
      for (const [k, v] of r.scalar) this.reqScalar.set(k, (this.reqScalar.get(k) ?? 0) + sign * v);
    }
    this.nonZeroMilliCpu += sign * p.nonZeroMilliCpu;
    this.nonZeroMemory += sign * p.nonZeroMemory;
    this.numPods += sign;
    for (const hp of p.hostPorts) {
      if (sign > 0) this.usedPorts.add(hp.ip, hp.protocol, hp.port);
      else this.usedPorts.remove(hp.ip, hp.protocol, hp.port);
    }
    for (const claim of p.pvcNames) {
      const key = `${p.namespace}/${claim}`;
      const n = (this.pvcRefCounts.get(key) ?? 0) + sign;
      if (n <= 0) this.pvcRefCounts.delete(key);
      else this.pvcRefCounts.set(key, n);
    }
    this.generation = newGeneration();
  }

  /** A copy that can change without touching this one (upstream's NodeInfo.Snapshot). */
  clone(): NodeInfo {
    const c = new NodeInfo();
    c.node = this.node;
    c.name = this.name;
    c.labels = this.labels;
    c.taints = this.taints;
    c.unschedulable = this.unschedulable;
    c.pods = this.pods.slice();
    c.podsWithAffinity = this.podsWithAffinity.slice();
    c.podsWithRequiredAntiAffinity = this.podsWithRequiredAntiAffinity.slice();
    c.usedPorts = this.usedPorts.size === 0 ? new HostPortInfo() : this.usedPorts.clone();
    c.allocMilliCpu = this.allocMilliCpu;
    c.allocMemory = this.allocMemory;
    c.allocEphemeralStorage = this.allocEphemeralStorage;
    c.allowedPodNumber = this.allowedPodNumber;
    c.allocScalar = this.allocScalar;
    c.reqMilliCpu = this.reqMilliCpu;
    c.reqMemory = this.reqMemory;
    c.reqEphemeralStorage = this.reqEphemeralStorage;
    c.reqScalar = this.reqScalar === undefined ? undefined : new Map(this.reqScalar);
    c.nonZeroMilliCpu = this.nonZeroMilliCpu;
    c.nonZeroMemory = this.nonZeroMemory;
    c.numPods = this.numPods;
    c.imageSizes = this.imageSizes;
    c.numImages = this.numImages;
    c.pvcRefCounts = new Map(this.pvcRefCounts);
    c.generation = this.generation;
    c.matchCounts = this.matchCounts;
    return c;
  }
}

function samePod(a: PodInfo, b: PodInfo): boolean {
  return a.uid !== '' || b.uid !== '' ? a.uid === b.uid : a.key === b.key;
}

function removeFrom(list: PodInfo[], p: PodInfo): void {
  const i = list.indexOf(p);
  if (i >= 0) list.splice(i, 1);
}
