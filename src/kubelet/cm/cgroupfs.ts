// The cgroupfs driver for this machine's v1 hybrid layout: one hierarchy per directory under the
// mount point (cpu, cpuacct, cpuset, memory, pids, ..., the named systemd one, and unified/ for the
// v2 tree). A kubelet cgroup is the same relative path in every hierarchy, as runc creates its
// container cgroups, so pod directories must be made and removed everywhere or they leak. The mount
// point is an option so unit tests run against a temp directory.
import { readFile, readdir, realpath, rmdir, stat, unlink, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { CgroupResources } from './cgroup-resources.js';

/** One mounted cgroup hierarchy. */
export interface CgroupHierarchy {
  /** Its directory name under the mount point ("memory", "cpu,cpuacct", "unified", "systemd"). */
  readonly name: string;
  readonly dir: string;
  /** The cgroup2 tree (unified/ in hybrid mode): directories only, no v1 files are written there. */
  readonly v2: boolean;
  /** The v1 controllers bound to it (empty for named hierarchies such as systemd). */
  readonly controllers: ReadonlySet<string>;
}

/** The hierarchies upstream's Exists insists on, when mounted. */
const requiredControllers = ['cpu', 'cpuacct', 'cpuset', 'memory', 'pids'];

function errno(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

async function isDirectory(p: string): Promise<boolean> {
  return stat(p).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

/** Options of CgroupFs. */
export interface CgroupFsOptions {
  /** Where the hierarchies are mounted (default /sys/fs/cgroup). */
  readonly mountPoint?: string;
}

/** Creates, sizes, lists and removes cgroups by path across every mounted hierarchy. */
export class CgroupFs {
  readonly mountPoint: string;
  private cached: Promise<readonly CgroupHierarchy[]> | undefined;

  constructor(options: CgroupFsOptions = {}) {
    this.mountPoint = options.mountPoint ?? '/sys/fs/cgroup';
  }

  /** The mounted hierarchies (read once; mounts do not change under a running kubelet). */
  hierarchies(): Promise<readonly CgroupHierarchy[]> {
    this.cached ??= this.discover();
    return this.cached;
  }

  /** True when `cgroup` exists in every mounted required hierarchy (cpu, cpuacct, cpuset, memory, pids). */
  async exists(cgroup: string): Promise<boolean> {
    const hs = (await this.hierarchies()).filter((h) =>
      requiredControllers.some((c) => h.controllers.has(c)),
    );
    if (hs.length === 0) return false;
    for (const h of hs) if (!(await isDirectory(this.pathIn(h, cgroup)))) return false;
    return true;
  }

  /** Makes `cgroup` (and missing parents) in every hierarchy, then applies `resources`. */
  async create(cgroup: string, resources: CgroupResources = {}): Promise<void> {
    for (const h of await this.hierarchies()) {
      let dir = h.dir;
      for (const part of this.parts(cgroup)) {
        const parent = dir;
        dir = path.join(dir, part);
        try {
          await mkdir(dir);
        } catch (err) {
          if (errno(err) !== 'EEXIST') throw err;
          continue;
        }
        // A new cpuset cgroup starts with no CPUs or memory nodes and no task could join it.
        if (h.controllers.has('cpuset')) await inheritCpuset(parent, dir);
      }
    }
    await this.update(cgroup, resources);
  }

  /** Writes `resources` into `cgroup`'s files; every failing write is reported in one error. */
  async update(cgroup: string, resources: CgroupResources): Promise<void> {
    const writes: [controller: string, file: string, value: string][] = [];
    if (resources.cpuShares !== undefined) writes.push(['cpu', 'cpu.shares', String(resources.cpuShares)]);
    // The period goes first: the kernel checks a quota against the period already in place.
    if (resources.cpuPeriodUs !== undefined && resources.cpuPeriodUs > 0)
      writes.push(['cpu', 'cpu.cfs_period_us', String(resources.cpuPeriodUs)]);
    if (resources.cpuQuota !== undefined && resources.cpuQuota !== 0)
      writes.push(['cpu', 'cpu.cfs_quota_us', String(resources.cpuQuota)]);
    if (resources.memoryLimitBytes !== undefined && resources.memoryLimitBytes !== 0)
      writes.push(['memory', 'memory.limit_in_bytes', String(resources.memoryLimitBytes)]);
    if (resources.pidsLimit !== undefined)
      writes.push(['pids', 'pids.max', resources.pidsLimit < 0 ? 'max' : String(resources.pidsLimit)]);
    const failures: string[] = [];
    for (const [controller, file, value] of writes) {
      const h = await this.hierarchyOf(controller);
      if (h === undefined) continue;
      try {
        await writeFile(path.join(this.pathIn(h, cgroup), file), value);
      } catch (err) {
        failures.push(`${file}=${value}: ${(err as Error).message}`);
      }
    }
    if (failures.length > 0) throw new Error(`cgroup ${cgroup}: ${failures.join('; ')}`);
  }

  /** Reads one of `cgroup`'s files in the hierarchy of `controller` (trimmed); undefined when absent. */
  async read(cgroup: string, controller: string, file: string): Promise<string | undefined> {
    const h = await this.hierarchyOf(controller);
    if (h === undefined) return undefined;
    return readFile(path.join(this.pathIn(h, cgroup), file), 'utf8').then(
      (s) => s.trim(),
      () => undefined,
    );
  }

  /** The names of `cgroup`'s child cgroups in any hierarchy. */
  async children(cgroup: string): Promise<string[]> {
    const names = new Set<string>();
    for (const h of await this.hierarchies()) {
      const entries = await readdir(this.pathIn(h, cgroup), { withFileTypes: true }).catch(() => []);
      for (const e of entries) if (e.isDirectory()) names.add(e.name);
    }
    return [...names].sort();
  }

  /** The PIDs in `cgroup` and its descendants, over all hierarchies. */
  async processes(cgroup: string): Promise<number[]> {
    const pids = new Set<number>();
    for (const h of await this.hierarchies()) {
      for (const dir of await subtree(this.pathIn(h, cgroup))) {
        const text = await readFile(path.join(dir, 'cgroup.procs'), 'utf8').catch(() => '');
        for (const line of text.split('\n')) if (/^\d+$/.test(line.trim())) pids.add(Number(line.trim()));
      }
    }
    return [...pids];
  }

  /**
   * Removes `cgroup` and its descendants from every hierarchy, deepest first. A cgroup still
   * holding processes refuses (EBUSY); everything else is removed and the refusals are thrown
   * together, so a later call can finish the job.
   */
  async destroy(cgroup: string): Promise<void> {
    if (this.parts(cgroup).length === 0) throw new Error('refusing to remove a hierarchy root');
    const failures: string[] = [];
    for (const h of await this.hierarchies()) {
      const dirs = await subtree(this.pathIn(h, cgroup));
      for (const dir of dirs.reverse()) {
        const err = await removeCgroupDir(dir);
        if (err !== undefined) failures.push(`${dir}: ${err.message}`);
      }
    }
    if (failures.length > 0) throw new Error(`cannot remove cgroup ${cgroup}: ${failures.join('; ')}`);
  }

  private parts(cgroup: string): string[] {
    return path.posix
      .normalize(path.posix.join('/', cgroup))
      .split('/')
      .filter((p) => p !== '' && p !== '.' && p !== '..');
  }

  private pathIn(h: CgroupHierarchy, cgroup: string): string {
    return path.join(h.dir, ...this.parts(cgroup));
  }

  private async hierarchyOf(controller: string): Promise<CgroupHierarchy | undefined> {
    return (await this.hierarchies()).find((h) => !h.v2 && h.controllers.has(controller));
  }

  private async discover(): Promise<readonly CgroupHierarchy[]> {
    const entries = await readdir(this.mountPoint).catch(() => [] as string[]);
    const seen = new Set<string>();
    const out: CgroupHierarchy[] = [];
    for (const name of entries.sort()) {
      const dir = path.join(this.mountPoint, name);
      if (!(await isDirectory(dir))) continue;
      // cpu and cpuacct may be one mount reached through two symlinks: handle it once.
      const real = await realpath(dir);
      if (seen.has(real)) continue;
      seen.add(real);
      const v2 = await stat(path.join(dir, 'cgroup.controllers')).then(
        () => true,
        () => false,
      );
      const controllers = v2 || name === 'systemd' ? [] : name.split(',');
      out.push({ name, dir: real, v2, controllers: new Set(controllers) });
    }
    return out;
  }
}

// Every directory at and below `root` in pre-order (parents before children); [] when absent.
async function subtree(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    out.push(dir);
    for (const e of entries) if (e.isDirectory()) await walk(path.join(dir, e.name));
  };
  await walk(root);
  return out;
}

async function inheritCpuset(parent: string, dir: string): Promise<void> {
  for (const file of ['cpuset.cpus', 'cpuset.mems']) {
    const mine = await readFile(path.join(dir, file), 'utf8').catch(() => undefined);
    if (mine === undefined || mine.trim() !== '') continue;
    const theirs = await readFile(path.join(parent, file), 'utf8').catch(() => '');
    if (theirs.trim() !== '') await writeFile(path.join(dir, file), theirs.trim());
  }
}

// rmdir of a cgroup; on a plain filesystem standing in for cgroupfs (tests) the control files are
// real files, so ENOTEMPTY there means "unlink them first". Real cgroupfs never says ENOTEMPTY for
// a leaf: it says EBUSY while processes remain.
async function removeCgroupDir(dir: string): Promise<Error | undefined> {
  try {
    await rmdir(dir);
    return undefined;
  } catch (err) {
    if (errno(err) === 'ENOENT') return undefined;
    if (errno(err) !== 'ENOTEMPTY') return err as Error;
  }
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) if (!e.isDirectory()) await unlink(path.join(dir, e.name)).catch(() => {});
  try {
    await rmdir(dir);
    return undefined;
  } catch (err) {
    return errno(err) === 'ENOENT' ? undefined : (err as Error);
  }
}
