// The real StatsProvider, reading what cAdvisor and the CRI stats provider would give upstream:
// node memory from /proc/meminfo and the root memory cgroup (working set = usage − inactive file,
// as cAdvisor computes it), the pods cgroup against node allocatable, statfs of the kubelet's root
// dir and of the runtime's image filesystem, pid_max and the running task count, and per pod the
// CRI container stats plus `du` of its volumes and log directory.
import { readFile, readdir, stat, statfs } from 'node:fs/promises';
import path from 'node:path';
import { systemClock, type Clock } from '../../base/clock.js';
import type { ContainerStats, ImageService, PodSandbox, RuntimeService } from '../cri/runtime-service.js';
import { directoryUsage } from './directory-usage.js';
import type {
  ContainerUsage,
  FsObservation,
  MemoryObservation,
  PodUsage,
  StatsProvider,
  StatsSummary,
  VolumeUsage,
} from './stats-provider.js';

/** Options of NodeStatsProvider. */
export interface NodeStatsProviderOptions {
  readonly runtime: RuntimeService;
  readonly images: ImageService;
  /** The kubelet's root dir: its filesystem is nodefs. */
  readonly rootDir: string;
  /** Pod volume directories live in <podsDir>/<uid>/volumes/<plugin>/<name> (default <rootDir>/pods). */
  readonly podsDir?: string;
  /** Pod log directories (<ns>_<name>_<uid>/<container>/); logs are not measured without it. */
  readonly podLogsRoot?: string;
  /** The kubepods cgroup and node allocatable memory, for allocatableMemory.available. */
  readonly podsCgroup?: { readonly path: string; readonly allocatableMemoryBytes: number };
  readonly cgroupMountPoint?: string;
  readonly procRoot?: string;
  readonly clock?: Clock;
}

const podUidLabel = 'io.kubernetes.pod.uid';

async function fsObservation(p: string, time: number): Promise<FsObservation | undefined> {
  const s = await statfs(p).catch(() => undefined);
  if (s === undefined) return undefined;
  return {
    capacityBytes: s.blocks * s.bsize,
    availableBytes: s.bavail * s.bsize,
    inodes: s.files,
    inodesFree: s.ffree,
    time,
  };
}

function statValue(text: string, key: string): number | undefined {
  const m = new RegExp(`^${key} (\\d+)$`, 'm').exec(text);
  return m?.[1] !== undefined ? Number(m[1]) : undefined;
}

/** Observes this machine for the eviction manager. */
export class NodeStatsProvider implements StatsProvider {
  private readonly clock: Clock;
  private readonly cgroupMount: string;
  private readonly proc: string;

  constructor(private readonly options: NodeStatsProviderOptions) {
    this.clock = options.clock ?? systemClock;
    this.cgroupMount = options.cgroupMountPoint ?? '/sys/fs/cgroup';
    this.proc = options.procRoot ?? '/proc';
  }

  /** @inheritdoc */
  async summary(): Promise<StatsSummary> {
    const time = this.clock.now();
    const [memory, allocatableMemory, nodeFs, imageFsPath, pids, pods] = await Promise.all([
      this.nodeMemory(time),
      this.podsMemory(time),
      fsObservation(this.options.rootDir, time),
      this.imageFsMountpoint(),
      this.pids(time),
      this.podUsage(),
    ]);
    const imageFs =
      imageFsPath !== undefined && (await this.isDedicated(imageFsPath))
        ? await fsObservation(imageFsPath, time)
        : undefined;
    return {
      ...(memory !== undefined ? { memory } : {}),
      ...(allocatableMemory !== undefined ? { allocatableMemory } : {}),
      ...(nodeFs !== undefined ? { nodeFs } : {}),
      ...(imageFs !== undefined ? { imageFs } : {}),
      ...(pids !== undefined ? { pids } : {}),
      pods,
    };
  }

  /** @inheritdoc */
  async hasDedicatedImageFs(): Promise<boolean> {
    const mountpoint = await this.imageFsMountpoint();
    return mountpoint !== undefined && this.isDedicated(mountpoint);
  }

  private async isDedicated(imageFsPath: string): Promise<boolean> {
    const [a, b] = await Promise.all([
      stat(imageFsPath).catch(() => undefined),
      stat(this.options.rootDir).catch(() => undefined),
    ]);
    return a !== undefined && b !== undefined && a.dev !== b.dev;
  }

  private async imageFsMountpoint(): Promise<string | undefined> {
    const info = await this.options.images.imageFsInfo().catch(() => undefined);
    return info?.imageFilesystems[0]?.fsId?.mountpoint;
  }

  private async cgroupMemory(
    cgroup: string,
    capacity: number,
    time: number,
  ): Promise<MemoryObservation | undefined> {
    const dir = path.join(this.cgroupMount, 'memory', cgroup);
    const [usage, stats] = await Promise.all([
      readFile(path.join(dir, 'memory.usage_in_bytes'), 'utf8').catch(() => undefined),
      readFile(path.join(dir, 'memory.stat'), 'utf8').catch(() => undefined),
    ]);
    if (usage === undefined || stats === undefined) return undefined;
    const inactive = statValue(stats, 'total_inactive_file') ?? 0;
    const workingSetBytes = Math.max(0, Number(usage.trim()) - inactive);
    return { workingSetBytes, availableBytes: Math.max(0, capacity - workingSetBytes), time };
  }

  private async nodeMemory(time: number): Promise<MemoryObservation | undefined> {
    const meminfo = await readFile(path.join(this.proc, 'meminfo'), 'utf8').catch(() => '');
    const kb = /^MemTotal:\s+(\d+) kB$/m.exec(meminfo)?.[1];
    if (kb === undefined) return undefined;
    return this.cgroupMemory('/', Number(kb) * 1024, time);
  }

  private async podsMemory(time: number): Promise<MemoryObservation | undefined> {
    const pods = this.options.podsCgroup;
    if (pods === undefined) return undefined;
    return this.cgroupMemory(pods.path, pods.allocatableMemoryBytes, time);
  }

  private async pids(time: number): Promise<StatsSummary['pids']> {
    const [max, loadavg] = await Promise.all([
      readFile(path.join(this.proc, 'sys/kernel/pid_max'), 'utf8').catch(() => undefined),
      readFile(path.join(this.proc, 'loadavg'), 'utf8').catch(() => undefined),
    ]);
    // The fourth field of loadavg is running/total scheduling entities: the total counts threads.
    const total = loadavg?.split(/\s+/)[3]?.split('/')[1];
    if (max === undefined || total === undefined) return undefined;
    return { maxPid: Number(max.trim()), running: Number(total), time };
  }

  private async podUsage(): Promise<PodUsage[]> {
    const { runtime } = this.options;
    const [sandboxes, containers, stats] = await Promise.all([
      runtime.listPodSandbox().then((r) => r.items),
      runtime.listContainers().then((r) => r.containers),
      runtime.listContainerStats(),
    ]);
    const sandboxById = new Map(sandboxes.map((s) => [s.id, s]));
    const sandboxOf = new Map(containers.map((c) => [c.id, c.podSandboxId]));
    const byPod = new Map<string, { sandbox: PodSandbox | undefined; stats: ContainerStats[] }>();
    for (const s of sandboxes)
      if (!byPod.has(s.metadata.uid)) byPod.set(s.metadata.uid, { sandbox: s, stats: [] });
    for (const s of stats) {
      const sandbox = sandboxById.get(sandboxOf.get(s.attributes.id) ?? '');
      const uid = s.attributes.labels[podUidLabel] ?? sandbox?.metadata.uid;
      if (uid === undefined) continue;
      const entry = byPod.get(uid) ?? { sandbox, stats: [] };
      entry.stats.push(s);
      byPod.set(uid, entry);
    }
    const out: PodUsage[] = [];
    for (const [uid, { sandbox, stats: list }] of byPod) out.push(await this.onePod(uid, sandbox, list));
    return out;
  }

  private async onePod(
    uid: string,
    sandbox: PodSandbox | undefined,
    stats: readonly ContainerStats[],
  ): Promise<PodUsage> {
    const logDir =
      this.options.podLogsRoot !== undefined && sandbox !== undefined
        ? path.join(this.options.podLogsRoot, `${sandbox.metadata.namespace}_${sandbox.metadata.name}_${uid}`)
        : undefined;
    // A restarted container has several stats entries: the newest attempt speaks for the name.
    const newest = new Map<string, ContainerStats>();
    for (const s of stats) {
      const prev = newest.get(s.attributes.metadata.name);
      if (prev === undefined || s.attributes.metadata.attempt > prev.attributes.metadata.attempt)
        newest.set(s.attributes.metadata.name, s);
    }
    const containers: ContainerUsage[] = [];
    let workingSet = 0;
    for (const [name, s] of newest) {
      const logs = logDir !== undefined ? await directoryUsage(path.join(logDir, name)) : undefined;
      workingSet += s.memory?.workingSetBytes ?? 0;
      containers.push({
        name,
        ...(s.memory?.workingSetBytes !== undefined
          ? { memoryWorkingSetBytes: s.memory.workingSetBytes }
          : {}),
        ...(s.writableLayer?.usedBytes !== undefined ? { rootfsUsedBytes: s.writableLayer.usedBytes } : {}),
        ...(s.writableLayer?.inodesUsed !== undefined
          ? { rootfsInodesUsed: s.writableLayer.inodesUsed }
          : {}),
        ...(logs !== undefined ? { logsUsedBytes: logs.usedBytes, logsInodesUsed: logs.inodesUsed } : {}),
      });
    }
    return { uid, memoryWorkingSetBytes: workingSet, containers, volumes: await this.volumes(uid) };
  }

  private async volumes(uid: string): Promise<VolumeUsage[]> {
    const base = path.join(this.options.podsDir ?? path.join(this.options.rootDir, 'pods'), uid, 'volumes');
    const out: VolumeUsage[] = [];
    for (const plugin of await readdir(base).catch(() => [] as string[])) {
      for (const name of await readdir(path.join(base, plugin)).catch(() => [] as string[])) {
        const usage = await directoryUsage(path.join(base, plugin, name));
        if (usage !== undefined) out.push({ name, ...usage });
      }
    }
    return out;
  }
}
