// Gathers a NodeObservation from this machine, as cAdvisor and the CRI stats provider would for
// upstream's kubelet: cgroup readings of the machine ("/"), the kubelet's and the runtime's own
// cgroups and kubepods, every pod and running container (their CPU rates from the housekeeping
// sampler); CRI container stats for writable layers (and CPU/memory where no cgroup is readable);
// statfs of the kubelet's root dir and the image filesystem; /proc for boot time, PIDs and network
// counters (a pod's from its pause process's network namespace); `du` of logs and volumes.
import { readFile, readdir, statfs } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { systemClock, type Clock } from '../../base/clock.js';
import type {
  ContainerStats as CriContainerStats,
  ImageService,
  RuntimeService,
} from '../cri/runtime-service.js';
import { directoryUsage } from '../eviction/directory-usage.js';
import type { CgroupReader } from './cgroup-reader.js';
import { CpuUsageSampler } from './cpu-usage-sampler.js';
import { parseNetDev } from './network-devices.js';
import type {
  CgroupObservation,
  FsUsage,
  NodeObservation,
  PodObservation,
  SystemContainerObservation,
  VolumeObservation,
} from './node-observation.js';
import { runtimeInventory, type InventoryPod } from './runtime-inventory.js';
import { systemContainerNames } from './summary-types.js';

/** Options of NodeStatsCollector. */
export interface NodeStatsCollectorOptions {
  readonly nodeName: string;
  readonly runtime: RuntimeService;
  readonly images: ImageService;
  /** The kubelet's root dir (its filesystem is nodefs; pod volumes under <rootDir>/pods). */
  readonly rootDir: string;
  /** Pod log directories (<ns>_<name>_<uid>/<container>/). */
  readonly podLogsRoot: string;
  readonly cgroups: CgroupReader;
  /** The cgroup all pods live under (kubepods). */
  readonly podsCgroup: string;
  /** Pod UID → pod cgroup. */
  readonly podCgroups: () => Promise<ReadonlyMap<string, string>>;
  /** The runtime's PID (its cgroup is the "runtime" system container), when we run it. */
  readonly runtimePid?: () => number | undefined;
  /** The pause image, for the sandboxes' image label. */
  readonly sandboxImage?: string;
  readonly procRoot?: string;
  readonly clock?: Clock;
  /** Housekeeping period of the CPU sampler (default 10 s). */
  readonly housekeepingMs?: number;
  readonly onError?: (err: unknown) => void;
}

async function readText(file: string): Promise<string | undefined> {
  return readFile(file, 'utf8').catch(() => undefined);
}

async function fsUsage(p: string, time: number): Promise<FsUsage | undefined> {
  const s = await statfs(p).catch(() => undefined);
  if (s === undefined) return undefined;
  return {
    time,
    capacityBytes: s.blocks * s.bsize,
    availableBytes: s.bavail * s.bsize,
    usedBytes: (s.blocks - s.bfree) * s.bsize,
    inodes: s.files,
    inodesFree: s.ffree,
    inodesUsed: s.files - s.ffree,
  };
}

/** Reads the node's figures; start() begins the CPU housekeeping, stop() ends it. */
export class NodeStatsCollector {
  /** When this collector (the kubelet's stats) started: the kubelet system container's start time. */
  readonly createdAt: number;
  private readonly clock: Clock;
  private readonly proc: string;
  private readonly sampler: CpuUsageSampler;
  private machine: NodeObservation['machine'];

  constructor(private readonly o: NodeStatsCollectorOptions) {
    this.clock = o.clock ?? systemClock;
    this.proc = o.procRoot ?? '/proc';
    this.createdAt = this.clock.now();
    this.machine = { memoryBytes: 0, cpuCores: os.cpus().length, bootId: '', machineId: '', systemUuid: '' };
    this.sampler = new CpuUsageSampler({
      cgroups: () => this.cgroupsToSample(),
      read: async (cgroup) => {
        const r = await o.cgroups.read(cgroup);
        return r?.cpu !== undefined
          ? { time: r.time, usageCoreNanoSeconds: r.cpu.usageCoreNanoSeconds }
          : undefined;
      },
      clock: this.clock,
      ...(o.housekeepingMs !== undefined ? { intervalMs: o.housekeepingMs } : {}),
      ...(o.onError !== undefined ? { onError: o.onError } : {}),
    });
  }

  /** Starts housekeeping (a first CPU sample now, then every interval). */
  async start(): Promise<void> {
    const meminfo = (await readText(path.join(this.proc, 'meminfo'))) ?? '';
    const kib = Number(/^MemTotal:\s+(\d+) kB/m.exec(meminfo)?.[1] ?? '0');
    this.machine = {
      ...this.machine,
      memoryBytes: kib * 1024,
      bootId: ((await readText(path.join(this.proc, 'sys/kernel/random/boot_id'))) ?? '').trim(),
      machineId: ((await readText('/etc/machine-id')) ?? '').trim(),
      systemUuid: ((await readText('/sys/class/dmi/id/product_uuid')) ?? '').trim(),
    };
    this.sampler.start();
  }

  /** Stops housekeeping. */
  stop(): Promise<void> {
    return this.sampler.stop();
  }

  /** One housekeeping round now (tests). */
  sampleNow(): Promise<void> {
    return this.sampler.sampleNow();
  }

  /** A fresh observation of the node (`onlyCpuAndMemory` skips filesystems, network and du). */
  async observe(onlyCpuAndMemory = false): Promise<NodeObservation> {
    const time = this.clock.now();
    const [pods, criStats] = await Promise.all([
      this.o.podCgroups().then((m) => runtimeInventory(this.o.runtime, m)),
      this.o.runtime.listContainerStats({}).catch(() => [] as readonly CriContainerStats[]),
    ]);
    const criById = new Map(criStats.map((s) => [s.attributes.id, s]));
    const [root, systemContainers, bootTime, full] = await Promise.all([
      this.cgroup('/'),
      this.systemContainers(),
      this.bootTime(),
      onlyCpuAndMemory ? undefined : this.nodeFilesystems(time),
    ]);
    return {
      nodeName: this.o.nodeName,
      time,
      bootTime,
      machine: { ...this.machine },
      root,
      systemContainers,
      network: full?.network,
      nodeFs: full?.nodeFs,
      imageFs: full?.imageFs,
      rlimit: full?.rlimit,
      pods: await Promise.all(pods.map((p) => this.pod(p, criById, time, onlyCpuAndMemory, full?.nodeFs))),
      sandboxImage: this.o.sandboxImage ?? '',
    };
  }

  private async cgroupsToSample(): Promise<string[]> {
    const pods = await runtimeInventory(this.o.runtime, await this.o.podCgroups());
    const out = ['/', this.o.podsCgroup];
    for (const s of await this.systemCgroups()) out.push(s.cgroup);
    for (const p of pods) {
      if (p.cgroup !== undefined) out.push(p.cgroup);
      if (p.sandboxCgroup !== undefined) out.push(p.sandboxCgroup);
      for (const c of p.containers) if (c.cgroup !== undefined) out.push(c.cgroup);
    }
    return [...new Set(out)];
  }

  private async cgroup(cgroup: string | undefined): Promise<CgroupObservation | undefined> {
    if (cgroup === undefined) return undefined;
    const r = await this.o.cgroups.read(cgroup);
    if (r === undefined) return undefined;
    const rate =
      r.cpu !== undefined
        ? this.sampler.rate(cgroup, { time: r.time, usageCoreNanoSeconds: r.cpu.usageCoreNanoSeconds })
        : undefined;
    return { ...r, cgroup, ...(rate !== undefined ? { usageNanoCores: rate } : {}) };
  }

  // The kubelet's and the runtime's cgroups are where their processes are (upstream takes the
  // memory hierarchy's path when the hierarchies disagree).
  private async systemCgroups(): Promise<{ name: string; cgroup: string }[]> {
    const out: { name: string; cgroup: string }[] = [];
    const own = await this.processCgroup(process.pid);
    if (own !== undefined) out.push({ name: systemContainerNames.kubelet, cgroup: own });
    const runtimePid = this.o.runtimePid?.();
    const runtime = runtimePid !== undefined ? await this.processCgroup(runtimePid) : undefined;
    if (runtime !== undefined) out.push({ name: systemContainerNames.runtime, cgroup: runtime });
    out.push({ name: systemContainerNames.pods, cgroup: this.o.podsCgroup });
    return out;
  }

  private async systemContainers(): Promise<SystemContainerObservation[]> {
    return Promise.all(
      (await this.systemCgroups()).map(async ({ name, cgroup }) => ({
        name,
        startTime:
          name === systemContainerNames.kubelet
            ? this.createdAt
            : ((await this.o.cgroups.creationTime(cgroup)) ?? this.createdAt),
        cgroup: await this.cgroup(cgroup),
      })),
    );
  }

  private async processCgroup(pid: number): Promise<string | undefined> {
    const text = await readText(path.join(this.proc, String(pid), 'cgroup'));
    if (text === undefined) return undefined;
    const lines = text.split('\n').map((l) => l.split(':'));
    const memory = lines.find((f) => f[1]?.split(',').includes('memory'));
    return (memory ?? lines.find((f) => f[0] === '0' && f[1] === ''))?.slice(2).join(':');
  }

  private async bootTime(): Promise<number> {
    const stat = (await readText(path.join(this.proc, 'stat'))) ?? '';
    const btime = /^btime (\d+)$/m.exec(stat)?.[1];
    return btime !== undefined ? Number(btime) * 1000 : this.createdAt;
  }

  private async nodeFilesystems(time: number): Promise<{
    nodeFs: FsUsage | undefined;
    imageFs: FsUsage | undefined;
    network: NodeObservation['network'];
    rlimit: NodeObservation['rlimit'];
  }> {
    const [nodeFs, imageFs, netDev, pidMax, loadavg] = await Promise.all([
      fsUsage(this.o.rootDir, time),
      this.imageFs(time),
      readText(path.join(this.proc, 'net/dev')),
      readText(path.join(this.proc, 'sys/kernel/pid_max')),
      readText(path.join(this.proc, 'loadavg')),
    ]);
    // The fourth field of loadavg is running/total scheduling entities, as sysinfo's procs counts.
    const processes = loadavg?.split(/\s+/)[3]?.split('/')[1];
    return {
      nodeFs,
      imageFs,
      network: netDev !== undefined ? { time, interfaces: parseNetDev(netDev) } : undefined,
      rlimit: {
        time,
        ...(pidMax !== undefined ? { maxPid: Number(pidMax.trim()) } : {}),
        ...(processes !== undefined ? { processes: Number(processes) } : {}),
      },
    };
  }

  private async imageFs(time: number): Promise<FsUsage | undefined> {
    const info = await this.o.images.imageFsInfo().catch(() => undefined);
    const fs = info?.imageFilesystems[0];
    const mountpoint = fs?.fsId?.mountpoint;
    if (fs === undefined || mountpoint === undefined) return undefined;
    const disk = await fsUsage(mountpoint, time);
    if (disk === undefined) return undefined;
    // usedBytes/inodesUsed: what the images take, as the runtime counts them.
    const { inodesUsed: _diskInodesUsed, ...rest } = disk;
    return {
      ...rest,
      usedBytes: fs.usedBytes ?? disk.usedBytes,
      ...(fs.inodesUsed !== undefined ? { inodesUsed: fs.inodesUsed } : {}),
    };
  }

  private async pod(
    pod: InventoryPod,
    cri: ReadonlyMap<string, CriContainerStats>,
    time: number,
    onlyCpuAndMemory: boolean,
    nodeFs: FsUsage | undefined,
  ): Promise<PodObservation> {
    const logDir = path.join(this.o.podLogsRoot, `${pod.namespace}_${pod.name}_${pod.uid}`);
    const [cgroup, sandbox, containers] = await Promise.all([
      this.cgroup(pod.cgroup),
      onlyCpuAndMemory ? undefined : this.cgroup(pod.sandboxCgroup),
      Promise.all(
        pod.containers.map(async (c) => ({
          container: c,
          cgroup: await this.cgroup(c.cgroup),
          cri: cri.get(c.id),
          logs: onlyCpuAndMemory ? undefined : await directoryUsage(path.join(logDir, c.name)),
        })),
      ),
    ]);
    if (onlyCpuAndMemory)
      return { pod, cgroup, sandbox, processCount: undefined, network: undefined, containers, volumes: [] };
    const [processCount, network, volumes] = await Promise.all([
      pod.cgroup !== undefined ? this.o.cgroups.processCount(pod.cgroup) : undefined,
      this.podNetwork(pod, time),
      this.volumes(pod.uid, time, nodeFs),
    ]);
    return { pod, cgroup, sandbox, processCount, network, containers, volumes };
  }

  // The pause process holds the pod's network namespace; its /proc/<pid>/net/dev is the pod's view.
  private async podNetwork(pod: InventoryPod, time: number): Promise<PodObservation['network']> {
    if (pod.sandboxCgroup === undefined) return undefined;
    const [pid] = await this.o.cgroups.pids(pod.sandboxCgroup);
    if (pid === undefined) return undefined;
    const text = await readText(path.join(this.proc, String(pid), 'net/dev'));
    return text !== undefined ? { time, interfaces: parseNetDev(text) } : undefined;
  }

  private async volumes(
    uid: string,
    time: number,
    nodeFs: FsUsage | undefined,
  ): Promise<VolumeObservation[]> {
    const base = path.join(this.o.rootDir, 'pods', uid, 'volumes');
    const out: VolumeObservation[] = [];
    for (const plugin of await readdir(base).catch(() => [] as string[])) {
      for (const name of await readdir(path.join(base, plugin)).catch(() => [] as string[])) {
        const dir = path.join(base, plugin, name);
        const usage = await directoryUsage(dir);
        // A volume on tmpfs (memory-backed emptyDir, secrets) has its own filesystem.
        if (usage !== undefined) out.push({ name, usage, fs: (await fsUsage(dir, time)) ?? nodeFs });
      }
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}
