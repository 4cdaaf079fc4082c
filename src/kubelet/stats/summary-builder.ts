// A NodeObservation shaped into the stats Summary upstream's summary provider returns: the node
// (root cgroup CPU/memory against machine memory, host network, node and image filesystems, PID
// limit, system containers) and each pod (pod cgroup CPU/memory, its network namespace, volumes,
// ephemeral storage = writable layers + logs + volumes, process count) with its running
// containers (their cgroups, else the runtime's figures; rootfs on the image filesystem, logs on
// the node filesystem). With onlyCpuAndMemory it is the trimmed form metrics-server asks for.
import { formatRfc3339 } from '../../base/rfc3339.js';
import type { ContainerStats as CriContainerStats } from '../cri/runtime-service.js';
import { defaultInterfaceName, type InterfaceCounters } from './network-devices.js';
import type {
  CgroupObservation,
  ContainerObservation,
  FsUsage,
  NodeObservation,
  PodObservation,
} from './node-observation.js';
import type {
  ContainerStats,
  CpuStats,
  FsStats,
  MemoryStats,
  NetworkStats,
  NodeStats,
  PodStats,
  Summary,
  VolumeStats,
} from './summary-types.js';

const nsPerMs = 1_000_000;

function defined<T extends object>(o: T): T {
  for (const [k, v] of Object.entries(o)) if (v === undefined) delete (o as Record<string, unknown>)[k];
  return o;
}

/** CPU figures of a cgroup observation. */
export function cpuStats(o: CgroupObservation | undefined): CpuStats | undefined {
  if (o?.cpu === undefined) return undefined;
  return defined({
    time: formatRfc3339(o.time),
    usageNanoCores: o.usageNanoCores,
    usageCoreNanoSeconds: o.cpu.usageCoreNanoSeconds,
  });
}

/** Memory figures of a cgroup observation; availableBytes against its limit (or `capacity`). */
export function memoryStats(o: CgroupObservation | undefined, capacity?: number): MemoryStats | undefined {
  const m = o?.memory;
  if (o === undefined || m === undefined) return undefined;
  const limit = capacity ?? m.limitBytes;
  return defined({
    time: formatRfc3339(o.time),
    availableBytes: limit !== undefined ? Math.max(0, limit - m.workingSetBytes) : undefined,
    usageBytes: m.usageBytes,
    workingSetBytes: m.workingSetBytes,
    rssBytes: m.rssBytes,
    pageFaults: m.pageFaults,
    majorPageFaults: m.majorPageFaults,
  });
}

function criCpu(cri: CriContainerStats | undefined): CpuStats | undefined {
  const c = cri?.cpu;
  if (c === undefined) return undefined;
  return defined({
    time: formatRfc3339(Math.floor(c.timestamp / nsPerMs)),
    usageNanoCores: c.usageNanoCores,
    usageCoreNanoSeconds: c.usageCoreNanoSeconds,
  });
}

function criMemory(cri: CriContainerStats | undefined): MemoryStats | undefined {
  const m = cri?.memory;
  if (m === undefined) return undefined;
  return defined({
    time: formatRfc3339(Math.floor(m.timestamp / nsPerMs)),
    availableBytes: m.availableBytes,
    usageBytes: m.usageBytes,
    workingSetBytes: m.workingSetBytes,
    rssBytes: m.rssBytes,
    pageFaults: m.pageFaults,
    majorPageFaults: m.majorPageFaults,
  });
}

/** A whole filesystem (node fs, image fs). */
export function fsStats(fs: FsUsage | undefined): FsStats | undefined {
  if (fs === undefined) return undefined;
  return defined({
    time: formatRfc3339(fs.time),
    availableBytes: fs.availableBytes,
    capacityBytes: fs.capacityBytes,
    usedBytes: fs.usedBytes,
    inodesFree: fs.inodesFree,
    inodes: fs.inodes,
    inodesUsed: fs.inodesUsed,
  });
}

// What one user takes of a filesystem: the filesystem's capacity with the user's own usage.
function shareOf(
  fs: FsUsage | undefined,
  time: number,
  used: { usedBytes?: number; inodesUsed?: number },
): FsStats {
  return defined({
    time: formatRfc3339(time),
    availableBytes: fs?.availableBytes,
    capacityBytes: fs?.capacityBytes,
    usedBytes: used.usedBytes,
    inodesFree: fs?.inodesFree,
    inodes: fs?.inodes,
    inodesUsed: used.inodesUsed,
  });
}

/** Network figures: the default interface inline, then every interface. */
export function networkStats(
  n: { readonly time: number; readonly interfaces: readonly InterfaceCounters[] } | undefined,
): NetworkStats | undefined {
  if (n === undefined) return undefined;
  const main = n.interfaces.find((i) => i.name === defaultInterfaceName);
  return defined({
    time: formatRfc3339(n.time),
    ...(main !== undefined ? { ...main } : {}),
    interfaces: n.interfaces.length > 0 ? n.interfaces.map((i) => ({ ...i })) : undefined,
  });
}

function containerStats(
  c: ContainerObservation,
  obs: NodeObservation,
  onlyCpuAndMemory: boolean,
): ContainerStats {
  const cpu = cpuStats(c.cgroup) ?? criCpu(c.cri);
  const memory = memoryStats(c.cgroup) ?? criMemory(c.cri);
  const base = defined({
    name: c.container.name,
    startTime: formatRfc3339(c.container.createdAt),
    cpu,
    memory,
  });
  if (onlyCpuAndMemory) return base;
  const layer = c.cri?.writableLayer;
  return defined({
    ...base,
    rootfs: shareOf(obs.imageFs, layer !== undefined ? Math.floor(layer.timestamp / nsPerMs) : obs.time, {
      ...(layer?.usedBytes !== undefined ? { usedBytes: layer.usedBytes } : {}),
      ...(layer?.inodesUsed !== undefined ? { inodesUsed: layer.inodesUsed } : {}),
    }),
    logs: c.logs !== undefined ? shareOf(obs.nodeFs, obs.time, c.logs) : undefined,
  });
}

function podStats(p: PodObservation, obs: NodeObservation, onlyCpuAndMemory: boolean): PodStats {
  const containers = p.containers.map((c) => containerStats(c, obs, onlyCpuAndMemory));
  const base = {
    podRef: { name: p.pod.name, namespace: p.pod.namespace, uid: p.pod.uid },
    startTime: formatRfc3339(p.pod.createdAt),
    containers,
    cpu: cpuStats(p.cgroup),
    memory: memoryStats(p.cgroup),
  };
  if (onlyCpuAndMemory) return defined(base);
  const volume: VolumeStats[] = p.volumes.map((v) => ({
    ...shareOf(v.fs, obs.time, v.usage),
    name: v.name,
  }));
  // Ephemeral storage: writable layers, logs and the pod's node-local volumes.
  let usedBytes = 0;
  let inodesUsed = 0;
  for (const c of containers) {
    usedBytes += (c.rootfs?.usedBytes ?? 0) + (c.logs?.usedBytes ?? 0);
    inodesUsed += (c.rootfs?.inodesUsed ?? 0) + (c.logs?.inodesUsed ?? 0);
  }
  for (const v of p.volumes) {
    usedBytes += v.usage.usedBytes;
    inodesUsed += v.usage.inodesUsed;
  }
  return defined({
    ...base,
    network: networkStats(p.network),
    volume: volume.length > 0 ? volume : undefined,
    'ephemeral-storage': shareOf(obs.nodeFs, obs.time, { usedBytes, inodesUsed }),
    process_stats: p.processCount !== undefined ? { process_count: p.processCount } : undefined,
  });
}

/** The stats Summary of one observation (`onlyCpuAndMemory`: what ?only_cpu_and_memory=true serves). */
export function buildSummary(obs: NodeObservation, onlyCpuAndMemory = false): Summary {
  const systemContainers: ContainerStats[] = obs.systemContainers
    .filter((s) => s.cgroup !== undefined)
    .map((s) =>
      defined({
        name: s.name,
        startTime: formatRfc3339(s.startTime),
        cpu: cpuStats(s.cgroup),
        memory: memoryStats(s.cgroup),
      }),
    );
  const node: NodeStats = defined({
    nodeName: obs.nodeName,
    systemContainers: systemContainers.length > 0 ? systemContainers : undefined,
    startTime: formatRfc3339(obs.bootTime),
    cpu: cpuStats(obs.root),
    memory: memoryStats(obs.root, obs.machine.memoryBytes),
    ...(onlyCpuAndMemory
      ? {}
      : {
          network: networkStats(obs.network),
          fs: fsStats(obs.nodeFs),
          // Images and writable layers share one filesystem here, as containerd keeps them.
          runtime:
            obs.imageFs !== undefined
              ? { imageFs: fsStats(obs.imageFs)!, containerFs: fsStats(obs.imageFs)! }
              : undefined,
          rlimit:
            obs.rlimit !== undefined
              ? defined({
                  time: formatRfc3339(obs.rlimit.time),
                  maxpid: obs.rlimit.maxPid,
                  curproc: obs.rlimit.processes,
                })
              : undefined,
        }),
  });
  return { node, pods: obs.pods.map((p) => podStats(p, obs, onlyCpuAndMemory)) };
}
