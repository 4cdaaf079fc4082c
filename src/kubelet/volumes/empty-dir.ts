// emptyDir: a directory on the node's disk (mode 0777 whatever the umask), or a tmpfs for medium
// Memory. Secret and projected volumes sit on the Memory kind so their contents never touch disk;
// configMap and downwardAPI volumes on the disk kind. Set-up is idempotent: an existing tmpfs at
// the path is kept, which is how a restarted kubelet adopts running pods' volumes.
import { chmod, lstat, mkdir, rm } from 'node:fs/promises';
import { goQuote } from '../../api/validation/go-quote.js';
import { mountAt, type Mounter } from './mounter.js';

/** The storage medium of an emptyDir. */
export type EmptyDirMedium = 'disk' | 'memory';

const perm = 0o777;

/** Upstream's setupDir: creates `dir` with mode 0777, correcting what the umask took away. */
export async function setUpDiskDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: perm });
  const info = await lstat(dir);
  if ((info.mode & 0o777) !== perm) await chmod(dir, perm);
}

/** Mounts a tmpfs of `sizeBytes` at `dir` unless one is mounted there already. */
export async function setUpMemoryDir(
  dir: string,
  mounter: Mounter,
  sizeBytes: bigint | undefined,
): Promise<void> {
  await setUpDiskDir(dir);
  if (mountAt(await mounter.mountPoints(), dir)?.fsType === 'tmpfs') return;
  await mounter.mountTmpfs(dir, sizeBytes);
}

/** Sets up an emptyDir-backed directory of either medium. */
export async function setUpEmptyDir(
  dir: string,
  medium: EmptyDirMedium,
  mounter: Mounter,
  sizeBytes?: bigint,
): Promise<void> {
  if (medium === 'memory') await setUpMemoryDir(dir, mounter, sizeBytes);
  else await setUpDiskDir(dir);
}

/** The emptyDir medium a volume source names; throws upstream's error for an unknown one. */
export function emptyDirMedium(medium: string | undefined): EmptyDirMedium {
  if (medium === undefined || medium === '') return 'disk';
  if (medium === 'Memory') return 'memory';
  throw new Error(`unknown storage medium ${goQuote(medium)}`);
}

/** Unmounts whatever is mounted at `dir` (repeatedly, for stacked mounts) and removes it. */
export async function tearDownDir(dir: string, mounter: Mounter): Promise<void> {
  for (;;) {
    const mounted = mountAt(await mounter.mountPoints(), dir);
    if (mounted === undefined) break;
    await mounter.unmount(dir);
  }
  await rm(dir, { recursive: true, force: true });
}
