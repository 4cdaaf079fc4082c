// The kubelet's mounts at the process boundary: tmpfs for memory-backed volumes, bind mounts for
// local PersistentVolumes, and the mount table to make set-up idempotent across kubelet restarts.
// SystemMounter runs mount(8)/umount(8) and reads /proc/self/mountinfo; tests of code above it may
// substitute another Mounter.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** One line of /proc/self/mountinfo that the kubelet cares about. */
export interface MountPoint {
  /** Where it is mounted (octal escapes such as \040 decoded). */
  readonly path: string;
  readonly fsType: string;
  /** The mount source ("tmpfs", "/dev/vda", ...). */
  readonly source: string;
}

/** Mounting and unmounting, as the kubelet needs them. */
export interface Mounter {
  /** Mounts a tmpfs at `target`; `sizeBytes` caps it (the kernel's default is half of RAM). */
  mountTmpfs(target: string, sizeBytes?: bigint): Promise<void>;
  /** Bind-mounts `source` onto `target`, read-only when asked. */
  bindMount(source: string, target: string, readOnly: boolean): Promise<void>;
  /** Unmounts `target`. */
  unmount(target: string): Promise<void>;
  /** The current mount table. */
  mountPoints(): Promise<MountPoint[]>;
}

function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/** Parses /proc/<pid>/mountinfo text (fields: id parent major:minor root mountpoint opts ... - fstype source superopts). */
export function parseMountInfo(text: string): MountPoint[] {
  const out: MountPoint[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const fields = line.split(' ');
    const sep = fields.indexOf('-');
    if (sep < 6 || fields.length < sep + 3) continue;
    out.push({
      path: unescapeMountField(fields[4]!),
      fsType: fields[sep + 1]!,
      source: unescapeMountField(fields[sep + 2]!),
    });
  }
  return out;
}

/** The mount point at exactly `path`, the most recent when several are stacked there. */
export function mountAt(points: readonly MountPoint[], path: string): MountPoint | undefined {
  for (let i = points.length - 1; i >= 0; i--) if (points[i]!.path === path) return points[i];
  return undefined;
}

async function runMountCommand(command: string, args: readonly string[]): Promise<void> {
  try {
    await run(command, [...args]);
  } catch (err) {
    const stderr = String((err as { stderr?: unknown }).stderr ?? '').trim();
    const exit = (err as { code?: unknown }).code;
    // The shape of upstream's mount errors, which end up in FailedMount events.
    throw new Error(
      `mount failed: exit status ${String(exit)}\nMounting command: ${command}\n` +
        `Mounting arguments: ${args.join(' ')}\nOutput: ${stderr}`,
    );
  }
}

/** Mounts through mount(8) and umount(8); needs root. */
export class SystemMounter implements Mounter {
  async mountTmpfs(target: string, sizeBytes?: bigint): Promise<void> {
    const options = sizeBytes !== undefined && sizeBytes > 0n ? ['-o', `size=${sizeBytes}`] : [];
    await runMountCommand('mount', ['-t', 'tmpfs', ...options, 'tmpfs', target]);
  }

  async bindMount(source: string, target: string, readOnly: boolean): Promise<void> {
    await runMountCommand('mount', ['-o', 'bind', source, target]);
    // A read-only bind needs a second, remounting call on older kernels and util-linux.
    if (readOnly) await runMountCommand('mount', ['-o', 'bind,remount,ro', source, target]);
  }

  async unmount(target: string): Promise<void> {
    await runMountCommand('umount', [target]);
  }

  async mountPoints(): Promise<MountPoint[]> {
    return parseMountInfo(await readFile('/proc/self/mountinfo', 'utf8'));
  }
}
