/** Why a storage call failed; each maps to one apiserver behaviour (410, 400, 413, 503, 500). */
export type StorageErrorCode =
  | 'Compacted'
  | 'FutureRevision'
  | 'InvalidKey'
  | 'ValueTooLarge'
  | 'InvalidContinue'
  | 'Unavailable'
  | 'Corrupt'
  | 'Locked'
  | 'Closed';

/** The one error family storage throws; expected outcomes (conflicts, missing keys) are results instead. */
export class StorageError extends Error {
  override readonly name = 'StorageError';
  constructor(
    readonly code: StorageErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** True when `err` is a StorageError with the given code. */
export function isStorageError(err: unknown, code?: StorageErrorCode): err is StorageError {
  return err instanceof StorageError && (code === undefined || err.code === code);
}

/** The error for a read or watch below the compaction point (the apiserver answers 410 Gone). */
export function compactedError(requested: number, compacted: number): StorageError {
  return new StorageError(
    'Compacted',
    `required revision ${requested} has been compacted (compacted revision is ${compacted})`,
  );
}

/** The error for a read at a revision not yet written. */
export function futureRevisionError(requested: number, current: number): StorageError {
  return new StorageError(
    'FutureRevision',
    `required revision ${requested} is a future revision (current revision is ${current})`,
  );
}
