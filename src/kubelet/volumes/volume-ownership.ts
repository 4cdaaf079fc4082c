// fsGroup: upstream's SetVolumeOwnership. Every file and directory of the volume gets the group,
// files gain group read (and write unless the volume is read-only), directories also gain
// group/owner execute and setgid so files created later inherit the group.
import { chmod, lchown, lstat, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

const rwMask = 0o660;
const roMask = 0o440;
const execMask = 0o110;
const setgid = 0o2000;

/** pod.spec.securityContext.fsGroupChangePolicy. */
export type FsGroupChangePolicy = 'Always' | 'OnRootMismatch';

/** How to own a volume for a pod's fsGroup. */
export interface VolumeOwnership {
  readonly fsGroup: number;
  /** The volume is mounted read-only: files get group read only. */
  readonly readOnly: boolean;
  /** OnRootMismatch skips the walk when the volume root already looks right. */
  readonly policy?: FsGroupChangePolicy;
}

async function changeFile(path: string, ownership: VolumeOwnership): Promise<void> {
  const info = await lstat(path);
  // Upstream logs and carries on when lchown/chmod fail; a volume is not failed for it.
  await lchown(path, -1, ownership.fsGroup).catch(() => {});
  // chmod would follow a symlink and rewrite the mode of the file behind it (the projected mode).
  if (info.isSymbolicLink()) return;
  let mask = ownership.readOnly ? roMask : rwMask;
  if (info.isDirectory()) mask |= setgid | execMask;
  await chmod(path, (info.mode & 0o7777) | mask).catch(() => {});
}

async function walkDeep(path: string, visit: (p: string) => Promise<void>): Promise<void> {
  const info = await lstat(path);
  if (info.isDirectory()) {
    for (const name of await readdir(path)) await walkDeep(join(path, name), visit);
  }
  await visit(path);
}

/** True when the root already has the group, the permission bits and (for directories) setgid. */
async function rootNeedsChange(dir: string, ownership: VolumeOwnership): Promise<boolean> {
  const info = await stat(dir).catch(() => undefined);
  if (info === undefined || info.gid !== ownership.fsGroup) return true;
  let perms = ownership.readOnly ? roMask : rwMask;
  if (!info.isDirectory()) return (info.mode & perms) !== perms;
  perms |= execMask;
  if ((info.mode & perms) !== perms) return true;
  return (info.mode & setgid) === 0;
}

/** Applies `ownership` to everything under `dir` (inclusive), without following symlinks. */
export async function applyVolumeOwnership(dir: string, ownership: VolumeOwnership): Promise<void> {
  if (ownership.policy === 'OnRootMismatch' && !(await rootNeedsChange(dir, ownership))) return;
  await walkDeep(dir, (p) => changeFile(p, ownership));
}
