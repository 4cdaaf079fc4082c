// The files a rotation leaves beside a container's live log `N.log`: `N.log.<YYYYMMDD-hhmmss>`
// (the newest, still plain so a reader can finish it), older ones gzipped to `.gz`, and `.tmp`
// files a compression interrupted by a crash left behind. Names sort oldest first.
import { createReadStream, createWriteStream } from 'node:fs';
import { readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

/** Suffix of a compressed rotated log. */
export const compressSuffix = '.gz';
/** Suffix of a compression in progress. */
export const tmpSuffix = '.tmp';

/** Every file rotated from `logPath` (full paths, sorted by name: oldest first). */
export async function rotatedFilesOf(logPath: string): Promise<string[]> {
  const dir = path.dirname(logPath);
  const prefix = `${path.basename(logPath)}.`;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return names
    .filter((n) => n.startsWith(prefix))
    .sort()
    .map((n) => path.join(dir, n));
}

/** Splits rotated files into those still in use and leftovers of failed rotations (upstream's filterUnusedLogs). */
export function splitUnusedLogs(files: readonly string[]): { inUse: string[]; unused: string[] } {
  const all = new Set(files);
  const inUse: string[] = [];
  const unused: string[] = [];
  for (const f of files) {
    // A .tmp is a compression that did not finish; a plain file with a .gz beside it was compressed.
    const used = !f.endsWith(tmpSuffix) && (f.endsWith(compressSuffix) || !all.has(f + compressSuffix));
    (used ? inUse : unused).push(f);
  }
  return { inUse, unused };
}

/** Compresses `file` to `file.gz` (written as `file.tmp`, then renamed) and removes the original. */
export async function compressLog(file: string): Promise<void> {
  const { mode } = await stat(file);
  const tmp = file + tmpSuffix;
  try {
    await pipeline(createReadStream(file), createGzip(), createWriteStream(tmp, { mode }));
    await rename(tmp, file + compressSuffix);
  } finally {
    await rm(tmp, { force: true });
  }
  await rm(file, { force: true });
}

/** The suffix of a log rotated at `ms` (upstream's "20060102-150405", local time). */
export function rotationSuffix(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}
