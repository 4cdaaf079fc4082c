// Disk usage of a directory tree as `du -x` counts it (allocated blocks, one inode per entry,
// hard links once, without crossing into other filesystems): how upstream measures emptyDir
// volumes and pod log directories, which no runtime reports.
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';

/** Bytes and inodes used under a directory. */
export interface DirectoryUsage {
  readonly usedBytes: number;
  readonly inodesUsed: number;
}

/** The usage of `root` and everything below it on the same filesystem; undefined when it is missing. */
export async function directoryUsage(root: string): Promise<DirectoryUsage | undefined> {
  const top = await lstat(root).catch(() => undefined);
  if (top === undefined) return undefined;
  const seen = new Set<string>();
  let usedBytes = 0;
  let inodesUsed = 0;
  const visit = async (p: string, dev: number): Promise<void> => {
    const s = await lstat(p).catch(() => undefined);
    if (s === undefined || s.dev !== dev) return;
    const key = `${s.dev}:${s.ino}`;
    if (seen.has(key)) return;
    seen.add(key);
    usedBytes += s.blocks * 512;
    inodesUsed++;
    if (!s.isDirectory()) return;
    for (const name of await readdir(p).catch(() => [] as string[])) await visit(path.join(p, name), dev);
  };
  await visit(root, top.dev);
  return { usedBytes, inodesUsed };
}
