import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';

/** File mode for private keys: readable by the owner only, like kubeadm and k3s. */
export const PRIVATE_FILE_MODE = 0o600;
/** File mode for certificates, which are public. */
export const PUBLIC_FILE_MODE = 0o644;

/** Reads a UTF-8 file, or undefined when it does not exist (any other error is thrown). */
export async function readOptionalFile(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Writes a file atomically (temp file, then rename) with the given mode, so a crash never leaves
 * a half-written key behind and a reader never sees a key with looser permissions.
 */
export async function writeFileAtomic(path: string, text: string, mode: number): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    // `mode` on open is filtered by the umask; chmod makes it exact before the file is visible.
    await writeFile(temp, text, { mode, flag: 'wx' });
    await chmod(temp, mode);
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}
