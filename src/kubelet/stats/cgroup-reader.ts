// What cAdvisor reads for one cgroup, straight from the cgroup filesystem: cumulative CPU time
// (total, user, system), memory (usage, working set = usage − inactive file as cAdvisor computes
// it, RSS, page cache, page faults, limit) and the processes in it. cgroup v1 (one hierarchy per
// controller, as on this machine) and v2 (one unified tree) are both read; a cgroup or file that
// does not exist simply yields no figures.
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';

/** Cumulative CPU time of a cgroup, in nanoseconds. */
export interface CgroupCpu {
  readonly usageCoreNanoSeconds: number;
  readonly userNanoSeconds?: number;
  readonly systemNanoSeconds?: number;
}

/** Memory of a cgroup, in bytes (faults are counts). */
export interface CgroupMemory {
  readonly usageBytes: number;
  readonly workingSetBytes: number;
  readonly rssBytes?: number;
  readonly cacheBytes?: number;
  readonly pageFaults?: number;
  readonly majorPageFaults?: number;
  /** Absent when unlimited. */
  readonly limitBytes?: number;
}

/** One reading of a cgroup. */
export interface CgroupReading {
  /** When it was read (ms since the epoch). */
  readonly time: number;
  readonly cpu?: CgroupCpu;
  readonly memory?: CgroupMemory;
}

/** Options of CgroupReader. */
export interface CgroupReaderOptions {
  /** Where the hierarchies are mounted (default /sys/fs/cgroup; a temp dir in tests). */
  readonly mountPoint?: string;
  readonly now?: () => number;
}

// Above this a v1 limit means "no limit" (the kernel reports 2^63 rounded down to a page).
const unlimitedAbove = 2 ** 60;
// cpuacct.stat counts USER_HZ ticks, which is 100 on every Linux ABI.
const nsPerTick = 10_000_000;

function statValues(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const [key, value] = line.split(' ');
    if (key && value !== undefined && /^\d+$/.test(value)) out.set(key, Number(value));
  }
  return out;
}

async function readText(file: string): Promise<string | undefined> {
  return readFile(file, 'utf8').catch(() => undefined);
}

async function readNumber(file: string): Promise<number | undefined> {
  const text = (await readText(file))?.trim();
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
}

/** Reads cgroups by path (e.g. "/kubepods/besteffort/pod<uid>/<container id>"). */
export class CgroupReader {
  readonly mountPoint: string;
  private readonly now: () => number;
  private layout: Promise<{ v2: boolean; cpuacct: string | undefined }> | undefined;

  constructor(options: CgroupReaderOptions = {}) {
    this.mountPoint = options.mountPoint ?? '/sys/fs/cgroup';
    this.now = options.now ?? Date.now;
  }

  /** CPU and memory of `cgroup`; undefined when it exists in neither hierarchy. */
  async read(cgroup: string): Promise<CgroupReading | undefined> {
    const time = this.now();
    const [cpu, memory] = await Promise.all([this.cpu(cgroup), this.memory(cgroup)]);
    if (cpu === undefined && memory === undefined) return undefined;
    return { time, ...(cpu !== undefined ? { cpu } : {}), ...(memory !== undefined ? { memory } : {}) };
  }

  /** The PIDs in `cgroup` itself (not its children); empty when it does not exist. */
  async pids(cgroup: string): Promise<number[]> {
    const { v2 } = await this.detect();
    const file = path.join(this.mountPoint, v2 ? '' : 'memory', cgroup, 'cgroup.procs');
    const text = (await readText(file)) ?? '';
    return text
      .split('\n')
      .filter((l) => /^\d+$/.test(l))
      .map(Number);
  }

  /** When the cgroup was created, as cAdvisor approximates it (its directory's change time), in ms. */
  async creationTime(cgroup: string): Promise<number | undefined> {
    const { v2 } = await this.detect();
    const s = await stat(path.join(this.mountPoint, v2 ? '' : 'memory', cgroup)).catch(() => undefined);
    return s?.ctimeMs;
  }

  private detect(): Promise<{ v2: boolean; cpuacct: string | undefined }> {
    this.layout ??= (async () => {
      const v2 = (await readText(path.join(this.mountPoint, 'cgroup.controllers'))) !== undefined;
      let cpuacct: string | undefined;
      // Distributions mount cpuacct alone or co-mounted with cpu.
      for (const name of ['cpuacct', 'cpu,cpuacct', 'cpuacct,cpu']) {
        if ((await stat(path.join(this.mountPoint, name)).catch(() => undefined))?.isDirectory()) {
          cpuacct = name;
          break;
        }
      }
      return { v2, cpuacct };
    })();
    return this.layout;
  }

  private async cpu(cgroup: string): Promise<CgroupCpu | undefined> {
    const { v2, cpuacct } = await this.detect();
    if (v2) {
      const text = await readText(path.join(this.mountPoint, cgroup, 'cpu.stat'));
      if (text === undefined) return undefined;
      const s = statValues(text);
      const usage = s.get('usage_usec');
      if (usage === undefined) return undefined;
      return {
        usageCoreNanoSeconds: usage * 1000,
        ...(s.has('user_usec') ? { userNanoSeconds: s.get('user_usec')! * 1000 } : {}),
        ...(s.has('system_usec') ? { systemNanoSeconds: s.get('system_usec')! * 1000 } : {}),
      };
    }
    if (cpuacct === undefined) return undefined;
    const dir = path.join(this.mountPoint, cpuacct, cgroup);
    const [usage, statText] = await Promise.all([
      readNumber(path.join(dir, 'cpuacct.usage')),
      readText(path.join(dir, 'cpuacct.stat')),
    ]);
    if (usage === undefined) return undefined;
    const s = statValues(statText ?? '');
    return {
      usageCoreNanoSeconds: usage,
      ...(s.has('user') ? { userNanoSeconds: s.get('user')! * nsPerTick } : {}),
      ...(s.has('system') ? { systemNanoSeconds: s.get('system')! * nsPerTick } : {}),
    };
  }

  private async memory(cgroup: string): Promise<CgroupMemory | undefined> {
    const { v2 } = await this.detect();
    const dir = path.join(this.mountPoint, v2 ? '' : 'memory', cgroup);
    const [usage, statText, limitText] = await Promise.all([
      readNumber(path.join(dir, v2 ? 'memory.current' : 'memory.usage_in_bytes')),
      readText(path.join(dir, 'memory.stat')),
      readText(path.join(dir, v2 ? 'memory.max' : 'memory.limit_in_bytes')),
    ]);
    if (usage === undefined || statText === undefined) return undefined;
    const s = statValues(statText);
    // v1 reports hierarchical figures as total_*; v2's memory.stat is hierarchical already.
    const get = (v1: string, v2name: string) => (v2 ? s.get(v2name) : (s.get(`total_${v1}`) ?? s.get(v1)));
    const inactiveFile = get('inactive_file', 'inactive_file') ?? 0;
    const limit = limitText?.trim();
    const limitBytes = limit !== undefined && /^\d+$/.test(limit) ? Number(limit) : undefined;
    const optional = (key: string, value: number | undefined) =>
      value !== undefined ? { [key]: value } : {};
    return {
      usageBytes: usage,
      workingSetBytes: usage > inactiveFile ? usage - inactiveFile : 0,
      ...optional('rssBytes', get('rss', 'anon')),
      ...optional('cacheBytes', get('cache', 'file')),
      ...optional('pageFaults', get('pgfault', 'pgfault')),
      ...optional('majorPageFaults', get('pgmajfault', 'pgmajfault')),
      ...(limitBytes !== undefined && limitBytes < unlimitedAbove ? { limitBytes } : {}),
    };
  }

  /** Processes in the cgroup and every cgroup below it, as cAdvisor counts them (threads aside). */
  async processCount(cgroup: string): Promise<number | undefined> {
    const { v2 } = await this.detect();
    const count = async (dir: string): Promise<number | undefined> => {
      const procs = await readText(path.join(dir, 'cgroup.procs'));
      if (procs === undefined) return undefined;
      let n = procs.split('\n').filter((l) => l !== '').length;
      for (const e of await readdir(dir, { withFileTypes: true }).catch(() => []))
        if (e.isDirectory()) n += (await count(path.join(dir, e.name))) ?? 0;
      return n;
    };
    return count(path.join(this.mountPoint, v2 ? '' : 'memory', cgroup));
  }
}
