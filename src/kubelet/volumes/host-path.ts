// hostPath volumes: the node path itself is what containers get; set-up only checks (and for the
// *OrCreate types creates) what the path's `type` demands, with upstream's error messages.
import { close, open, constants } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { promisify } from 'node:util';

const openFile = promisify(open);
const closeFile = promisify(close);

/** A hostPath volume's type ("" or unset: no check). */
export type HostPathType =
  '' | 'DirectoryOrCreate' | 'Directory' | 'FileOrCreate' | 'File' | 'Socket' | 'CharDevice' | 'BlockDevice';

async function statOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    // Follows symlinks, as upstream's checks do: a link to a directory is a directory.
    return await stat(path);
  } catch {
    return undefined;
  }
}

function fail(path: string, what: string): Error {
  return new Error(`hostPath type check failed: ${path} is not ${what}`);
}

/** Upstream's ValidatePathNoBacksteps message for a path with a `..` element, or undefined. */
export function backstepError(path: string): string | undefined {
  return path.split('/').includes('..') ? "must not contain '..'" : undefined;
}

/** Checks `path` against `type`, creating a directory (0755) or an empty file (0644) for *OrCreate. */
export async function checkHostPath(path: string, type: string | undefined): Promise<void> {
  const backstep = backstepError(path);
  if (backstep !== undefined) throw new Error(`invalid HostPath \`${path}\`: ${backstep}`);
  const kind = type ?? '';
  if (kind === '') return;
  const info = await statOrUndefined(path);
  switch (kind) {
    case 'DirectoryOrCreate':
    case 'Directory':
      if (info === undefined && kind === 'DirectoryOrCreate') {
        await mkdir(path, { recursive: true, mode: 0o755 });
        return;
      }
      if (!info?.isDirectory()) throw fail(path, 'a directory');
      return;
    case 'FileOrCreate':
    case 'File':
      if (info === undefined && kind === 'FileOrCreate') {
        // O_CREAT without O_TRUNC/O_EXCL, like upstream: the parent directory must already exist.
        await closeFile(await openFile(path, constants.O_RDONLY | constants.O_CREAT, 0o644));
        return;
      }
      if (!info?.isFile()) throw fail(path, 'a file');
      return;
    case 'Socket':
      if (!info?.isSocket()) throw fail(path, 'a socket file');
      return;
    case 'CharDevice':
      if (!info?.isCharacterDevice()) throw fail(path, 'a character device');
      return;
    case 'BlockDevice':
      if (!info?.isBlockDevice()) throw fail(path, 'a block device');
      return;
  }
  throw new Error(`${kind} is an invalid volume type`);
}
