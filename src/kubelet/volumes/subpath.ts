// volumeMounts[].subPath / subPathExpr: a path inside the volume, expanded from the container's
// env for subPathExpr, that must stay inside the volume even through symlinks. A missing subpath
// is created as a directory with the volume root's mode, so the group keeps write access the way
// fsGroup set it up.
import { chmod, lstat, mkdir, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { expandVariables } from '../container-env/variable-expansion.js';
import { backstepError } from './host-path.js';

/** Thrown when a subPath cannot be used; the message is the one the container fails with. */
export class SubPathError extends Error {}

/**
 * Expands a subPathExpr against the container's env (upstream's ExpandContainerVolumeMounts):
 * references to unset or empty variables fail with "missing value for A, B".
 */
export function expandSubPathExpr(expr: string, env: ReadonlyMap<string, string>): string {
  const missing = new Set<string>();
  const expanded = expandVariables(expr, (name) => {
    const value = env.get(name) ?? '';
    if (value === '') missing.add(name);
    return value;
  });
  if (missing.size > 0) throw new SubPathError(`missing value for ${[...missing].sort().join(', ')}`);
  return expanded;
}

/** Checks a subPath's syntax: relative and without `..` elements. */
export function checkSubPathSyntax(subPath: string): void {
  if (subPath.startsWith('/'))
    throw new SubPathError(`error SubPath \`${subPath}\` must not be an absolute path`);
  const backstep = backstepError(subPath);
  if (backstep !== undefined)
    throw new SubPathError(`unable to provision SubPath \`${subPath}\`: ${backstep}`);
}

function within(base: string, path: string): boolean {
  const rel = relative(base, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !rel.startsWith(sep));
}

function isMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/**
 * Creates the missing directories of `subPath` under `volumePath` with `mode`, refusing to follow
 * a symlink out of the volume (upstream's SafeMakeDir).
 */
export async function safeMakeDir(volumePath: string, subPath: string, mode: number): Promise<void> {
  const base = await realpath(volumePath);
  let current = base;
  for (const part of subPath.split('/').filter((p) => p !== '' && p !== '.')) {
    const next = join(current, part);
    let info;
    try {
      info = await lstat(next);
    } catch (err) {
      if (!isMissing(err)) throw err;
      await mkdir(next, { mode: mode & 0o7777 });
      // mkdir honours the umask; the subpath must get exactly the volume root's mode.
      await chmod(next, mode & 0o7777);
      current = next;
      continue;
    }
    if (info.isSymbolicLink()) {
      const target = await realpath(next);
      if (!within(base, target)) throw new Error(`path ${next} is outside of allowed base ${base}`);
      current = target;
    } else {
      current = next;
    }
  }
}

/**
 * The host path of `subPath` inside the volume at `volumePath`, created when missing; symlinks
 * are resolved and must stay inside the volume. Messages are upstream's, naming the mount and
 * container but not host paths.
 */
export async function prepareSubPath(
  volumePath: string,
  subPath: string,
  mountName: string,
  containerName: string,
): Promise<string> {
  checkSubPathSyntax(subPath);
  const hostPath = join(volumePath, subPath);
  const exists = await lstat(hostPath).then(
    () => true,
    () => false,
  );
  if (!exists) {
    try {
      await safeMakeDir(volumePath, subPath, (await stat(volumePath)).mode);
    } catch {
      throw new SubPathError(
        `failed to create subPath directory for volumeMount "${mountName}" of container "${containerName}"`,
      );
    }
  }
  try {
    const base = await realpath(volumePath);
    const resolved = await realpath(hostPath);
    if (!within(base, resolved)) throw new Error('subpath escapes the volume');
    return resolved;
  } catch {
    throw new SubPathError(
      `failed to prepare subPath for volumeMount "${mountName}" of container "${containerName}"`,
    );
  }
}
