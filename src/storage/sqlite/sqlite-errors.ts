import { StorageError } from '../errors.js';

/** Extended SQLite result codes name the primary one first (SQLITE_BUSY_SNAPSHOT is a SQLITE_BUSY). */
function primaryCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return undefined;
  const parts = code.split('_');
  return parts.slice(0, 2).join('_');
}

/**
 * Translates whatever better-sqlite3 threw while `doing` something to `file` into the StorageError
 * family: BUSY/LOCKED → Locked, NOTADB/CORRUPT → Corrupt, anything else → Unavailable. StorageErrors
 * pass through unchanged. The message always names the file, so an operator knows what to look at.
 */
export function toStorageError(err: unknown, file: string, doing: string): StorageError {
  if (err instanceof StorageError) return err;
  const detail = err instanceof Error ? err.message : String(err);
  switch (primaryCode(err)) {
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return new StorageError(
        'Locked',
        `${doing} ${file}: the database is locked by another process or connection (only one may own it): ${detail}`,
        { cause: err },
      );
    case 'SQLITE_NOTADB':
    case 'SQLITE_CORRUPT':
      return new StorageError(
        'Corrupt',
        `${doing} ${file}: the file is not a readable SQLite database: ${detail}`,
        {
          cause: err,
        },
      );
    default:
      return new StorageError('Unavailable', `${doing} ${file}: ${detail}`, { cause: err });
  }
}
