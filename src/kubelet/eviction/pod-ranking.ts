// The order pods are evicted in (upstream rankMemoryPressure / rankDiskPressureFunc /
// rankPIDPressure): first pods using more than they requested, then lower priority, then the
// biggest use above request. Pods without stats go first — a pod the kubelet cannot measure is the
// safest guess. Which disk usage counts depends on the signal and on whether images have their own
// filesystem.
import type { Pod, Volume } from 'kubernetes-types/core/v1.js';
import { podRequests } from '../cm/pod-resources.js';
import { valueOf } from '../cm/resource-amounts.js';
import type { EvictionSignal } from './signals.js';
import type { PodUsage } from './stats-provider.js';

/** Finds a pod's usage. */
export type PodStatsLookup = (pod: Pod) => PodUsage | undefined;

/** Which disk usage of a pod a disk signal weighs. */
export type FsStatsKind = 'root' | 'logs' | 'localVolumes';

type Cmp = (a: Pod, b: Pod) => number;

// True sorts before false.
function cmpBool(a: boolean, b: boolean): number {
  return a === b ? 0 : a ? -1 : 1;
}

function orderedBy(...cmps: Cmp[]): (pods: Pod[]) => void {
  return (pods) =>
    pods.sort((a, b) => {
      for (const cmp of cmps) {
        const r = cmp(a, b);
        if (r !== 0) return r;
      }
      return 0;
    });
}

/** The pod's priority (spec.priority, 0 when unset). */
export function podPriority(pod: Pod): number {
  return pod.spec?.priority ?? 0;
}

/** Lower priority first. */
const byPriority: Cmp = (a, b) => Math.sign(podPriority(a) - podPriority(b));

/** The pod's request for a resource in bytes (0 for inodes, which cannot be requested). */
export function podRequestValue(pod: Pod, resource: string): number {
  return valueOf(podRequests(pod).get(resource));
}

/** The pod's memory working set: its own figure, else the sum of its containers'. */
export function podMemoryUsage(usage: PodUsage): number {
  return (
    usage.memoryWorkingSetBytes ??
    usage.containers.reduce((sum, c) => sum + (c.memoryWorkingSetBytes ?? 0), 0)
  );
}

// Volumes whose data sits on the node filesystem and dies with the pod (IsLocalEphemeralVolume).
function isLocalEphemeralVolume(v: Volume): boolean {
  return (
    v.gitRepo !== undefined ||
    v.configMap !== undefined ||
    (v.emptyDir !== undefined && (v.emptyDir.medium ?? '') === '')
  );
}

/** A pod's disk bytes and inodes over the given kinds of usage. */
export function podDiskUsage(
  pod: Pod,
  usage: PodUsage,
  kinds: readonly FsStatsKind[],
): { bytes: number; inodes: number } {
  let bytes = 0;
  let inodes = 0;
  for (const c of usage.containers) {
    if (kinds.includes('root')) {
      bytes += c.rootfsUsedBytes ?? 0;
      inodes += c.rootfsInodesUsed ?? 0;
    }
    if (kinds.includes('logs')) {
      bytes += c.logsUsedBytes ?? 0;
      inodes += c.logsInodesUsed ?? 0;
    }
  }
  if (kinds.includes('localVolumes')) {
    const local = new Set((pod.spec?.volumes ?? []).filter(isLocalEphemeralVolume).map((v) => v.name));
    for (const v of usage.volumes ?? []) {
      if (!local.has(v.name)) continue;
      bytes += v.usedBytes ?? 0;
      inodes += v.inodesUsed ?? 0;
    }
  }
  return { bytes, inodes };
}

function withStats(stats: PodStatsLookup, then: (a: Pod, ua: PodUsage, b: Pod, ub: PodUsage) => number): Cmp {
  return (a, b) => {
    const ua = stats(a);
    const ub = stats(b);
    if (ua === undefined || ub === undefined) return cmpBool(ua === undefined, ub === undefined);
    return then(a, ua, b, ub);
  };
}

/** Orders pods for eviction under memory pressure. */
export function rankMemoryPressure(pods: Pod[], stats: PodStatsLookup): void {
  const exceeds = withStats(stats, (a, ua, b, ub) =>
    cmpBool(
      podMemoryUsage(ua) > podRequestValue(a, 'memory'),
      podMemoryUsage(ub) > podRequestValue(b, 'memory'),
    ),
  );
  const overRequest = withStats(stats, (a, ua, b, ub) =>
    Math.sign(
      podMemoryUsage(ub) - podRequestValue(b, 'memory') - (podMemoryUsage(ua) - podRequestValue(a, 'memory')),
    ),
  );
  orderedBy(exceeds, byPriority, overRequest)(pods);
}

/** Orders pods for eviction under disk pressure, weighing `kinds` of usage of `resource`. */
export function rankDiskPressure(
  pods: Pod[],
  stats: PodStatsLookup,
  kinds: readonly FsStatsKind[],
  resource: 'ephemeral-storage' | 'inodes',
): void {
  const used = (p: Pod, u: PodUsage) => {
    const d = podDiskUsage(p, u, kinds);
    return resource === 'inodes' ? d.inodes : d.bytes;
  };
  const exceeds = withStats(stats, (a, ua, b, ub) =>
    cmpBool(used(a, ua) > podRequestValue(a, resource), used(b, ub) > podRequestValue(b, resource)),
  );
  // Upstream subtracts the ephemeral-storage request here even when ranking by inodes.
  const overRequest = withStats(stats, (a, ua, b, ub) =>
    Math.sign(
      used(b, ub) -
        podRequestValue(b, 'ephemeral-storage') -
        (used(a, ua) - podRequestValue(a, 'ephemeral-storage')),
    ),
  );
  orderedBy(exceeds, byPriority, overRequest)(pods);
}

/** Orders pods for eviction under PID pressure: lower priority first. */
export function rankPidPressure(pods: Pod[]): void {
  orderedBy(byPriority)(pods);
}

/** The ranking for a signal, given whether images have their own filesystem. */
export function rankerFor(
  signal: EvictionSignal,
  dedicatedImageFs: boolean,
): (pods: Pod[], stats: PodStatsLookup) => void {
  switch (signal) {
    case 'memory.available':
    case 'allocatableMemory.available':
      return rankMemoryPressure;
    case 'pid.available':
      return (pods) => rankPidPressure(pods);
    default: {
      const resource = signal.endsWith('inodesFree') ? 'inodes' : 'ephemeral-storage';
      // With an imagefs, nodefs pressure is about logs and volumes and imagefs pressure about
      // writable layers; sharing one device, every kind of usage counts for both.
      const kinds: FsStatsKind[] = !dedicatedImageFs
        ? ['root', 'logs', 'localVolumes']
        : signal.startsWith('nodefs')
          ? ['logs', 'localVolumes']
          : ['root'];
      return (pods, stats) => rankDiskPressure(pods, stats, kinds, resource);
    }
  }
}
