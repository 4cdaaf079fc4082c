// Upstream's atomic writer: a volume's files live in a hidden timestamped directory, `..data` is a
// symlink to it, and each top-level user-visible name is a symlink through `..data`. An update
// writes a new timestamped directory and renames a fresh `..data_tmp` link over `..data`, so a
// reader sees either the whole old payload or the whole new one, and inotify watchers of `..data`
// see one event per update. Names starting with `..` are reserved for this machinery.
import { randomInt } from 'node:crypto';
import {
  chmod,
  chown,
  lstat,
  mkdir,
  readFile,
  readdir,
  readlink,
  rename,
  rm,
  symlink,
  unlink,
  writeFile,
} from 'node:fs/promises';
import { join, posix } from 'node:path';

/** One file of a payload: its bytes, its mode, and the owner it must get (projected tokens). */
export interface FileProjection {
  readonly data: Uint8Array;
  readonly mode: number;
  readonly fsUser?: number;
}

/** Relative path → file. */
export type Payload = ReadonlyMap<string, FileProjection>;

/** How a write went: whether a new data directory was swapped in. */
export interface AtomicWriteResult {
  readonly changed: boolean;
}

/** Options of writeAtomically. */
export interface AtomicWriteOptions {
  /** Runs after the files are written and before `..data` moves (fsGroup ownership). */
  readonly setPerms?: () => Promise<void>;
  /** Milliseconds since the epoch, for the timestamped directory's name (default Date.now). */
  readonly now?: () => number;
}

const dataDirName = '..data';
const newDataDirName = '..data_tmp';
const maxFileNameLength = 255;
const maxPathLength = 4096;

/** Upstream's validatePath: the error message for a path the writer refuses, or undefined. */
export function payloadPathError(path: string): string | undefined {
  if (path === '') return `invalid path: must not be empty: ""`;
  if (path.startsWith('/')) return `invalid path: must be relative path: ${path}`;
  if (path.length > maxPathLength) {
    return `invalid path: must be less than or equal to ${maxPathLength} characters`;
  }
  const items = path.split('/');
  for (const item of items) {
    if (item === '..') return `invalid path: must not contain '..': ${path}`;
    if (Buffer.byteLength(item) > maxFileNameLength) {
      return `invalid path: filenames must be less than or equal to ${maxFileNameLength} characters`;
    }
  }
  if (items[0]!.startsWith('..') && items[0]!.length > 2)
    return `invalid path: must not start with '..': ${path}`;
  return undefined;
}

/** Go's filepath.Clean for the relative paths a payload holds. */
function cleanPath(path: string): string {
  const clean = posix.normalize(path);
  return clean.length > 1 && clean.endsWith('/') ? clean.slice(0, -1) : clean;
}

function validatePayload(payload: Payload): Map<string, FileProjection> {
  const clean = new Map<string, FileProjection>();
  for (const [path, file] of payload) {
    const error = payloadPathError(path);
    if (error !== undefined) throw new Error(error);
    clean.set(cleanPath(path), file);
  }
  return clean;
}

function isMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/** `..2006_01_02_15_04_05.` in UTC, as upstream names its data directories. */
function timestampPrefix(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    `..${d.getUTCFullYear()}_${two(d.getUTCMonth() + 1)}_${two(d.getUTCDate())}_` +
    `${two(d.getUTCHours())}_${two(d.getUTCMinutes())}_${two(d.getUTCSeconds())}.`
  );
}

async function newTimestampDir(targetDir: string, now: number): Promise<string> {
  for (;;) {
    // Like Go's MkdirTemp: a decimal random suffix, retried on a collision.
    const dir = join(targetDir, timestampPrefix(now) + String(randomInt(2 ** 32 - 1)));
    try {
      await mkdir(dir, { mode: 0o700 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw err;
    }
    // group and other must be able to traverse it whatever the umask.
    await chmod(dir, 0o755);
    return dir;
  }
}

/** Every path below `dir`, relative to it (directories included). */
async function walk(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    out.push(rel);
    if (entry.isDirectory()) out.push(...(await walk(join(dir, entry.name), rel)));
  }
  return out;
}

async function pathsToRemove(
  payload: ReadonlyMap<string, FileProjection>,
  oldTsPath: string,
): Promise<Set<string>> {
  let current: string[];
  try {
    current = await walk(oldTsPath);
  } catch (err) {
    if (isMissing(err)) return new Set();
    throw err;
  }
  const wanted = new Set<string>();
  for (const file of payload.keys()) {
    // Keep every parent directory of a new file so no non-empty directory is removed.
    for (let p = file; p !== '.'; p = posix.dirname(p)) wanted.add(p);
  }
  return new Set(current.filter((p) => !wanted.has(p)));
}

async function fileDiffers(path: string, content: Uint8Array): Promise<boolean> {
  try {
    await lstat(path);
  } catch (err) {
    if (isMissing(err)) return true;
    throw err;
  }
  return !Buffer.from(content).equals(await readFile(path));
}

async function shouldWritePayload(
  payload: ReadonlyMap<string, FileProjection>,
  oldTsPath: string,
): Promise<boolean> {
  for (const [path, file] of payload) if (await fileDiffers(join(oldTsPath, path), file.data)) return true;
  return false;
}

async function writePayloadToDir(payload: ReadonlyMap<string, FileProjection>, dir: string): Promise<void> {
  for (const [path, file] of payload) {
    const full = join(dir, path);
    await mkdir(posix.dirname(full), { recursive: true, mode: 0o777 });
    await writeFile(full, file.data, { mode: file.mode });
    // The umask shaped the mode at creation; the projection's mode must win.
    await chmod(full, file.mode);
    if (file.fsUser !== undefined) await chown(full, file.fsUser, -1);
  }
}

async function createUserVisibleFiles(
  payload: ReadonlyMap<string, FileProjection>,
  targetDir: string,
): Promise<void> {
  for (const path of payload.keys()) {
    const slash = path.indexOf('/');
    const linkName = slash === -1 ? path : path.slice(0, slash);
    try {
      await readlink(join(targetDir, linkName));
    } catch (err) {
      if (!isMissing(err)) continue;
      await symlink(posix.join(dataDirName, linkName), join(targetDir, linkName));
    }
  }
}

async function removeUserVisiblePaths(paths: ReadonlySet<string>, targetDir: string): Promise<void> {
  let last: unknown;
  for (const path of paths) {
    // Only the volume root holds user-visible links; deeper paths vanish with the old data dir.
    if (path.includes('/')) continue;
    try {
      await unlink(join(targetDir, path));
    } catch (err) {
      last = err;
    }
  }
  if (last !== undefined) throw last;
}

async function readDataLink(targetDir: string): Promise<string> {
  try {
    return await readlink(join(targetDir, dataDirName));
  } catch (err) {
    if (isMissing(err)) return '';
    throw err;
  }
}

/**
 * Projects `payload` into `targetDir` atomically (upstream's AtomicWriter.Write): nothing is
 * rewritten when the current data already matches; otherwise a new timestamped directory replaces
 * the old one in one rename. The caller serialises writes to one directory.
 */
export async function writeAtomically(
  targetDir: string,
  payload: Payload,
  options: AtomicWriteOptions = {},
): Promise<AtomicWriteResult> {
  const clean = validatePayload(payload);
  let oldTsDir = await readDataLink(targetDir);
  const oldTsPath = join(targetDir, oldTsDir);
  let removals = new Set<string>();
  let shouldWrite = true;
  if (oldTsDir !== '') {
    removals = await pathsToRemove(clean, oldTsPath);
    if (!(await shouldWritePayload(clean, oldTsPath)) && removals.size === 0) {
      // Up to date, but the user-visible links are still (re)created below, and the current
      // data directory must of course stay.
      shouldWrite = false;
      oldTsDir = '';
    }
  }
  if (shouldWrite) {
    const tsDir = await newTimestampDir(targetDir, (options.now ?? Date.now)());
    const tsDirName = posix.basename(tsDir);
    try {
      await writePayloadToDir(clean, tsDir);
      await options.setPerms?.();
      const newDataDir = join(targetDir, newDataDirName);
      // A leftover from a crash between symlink and rename would make symlink fail forever.
      await rm(newDataDir, { force: true });
      await symlink(tsDirName, newDataDir);
      await rename(newDataDir, join(targetDir, dataDirName));
    } catch (err) {
      await rm(join(targetDir, newDataDirName), { force: true }).catch(() => {});
      await rm(tsDir, { recursive: true, force: true }).catch(() => {});
      throw err;
    }
  }
  await createUserVisibleFiles(clean, targetDir);
  await removeUserVisiblePaths(removals, targetDir);
  if (oldTsDir !== '') await rm(oldTsPath, { recursive: true, force: true });
  return { changed: shouldWrite };
}
