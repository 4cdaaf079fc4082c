import { ClientClosedError } from 'etcd3';
import { StorageError } from '../errors.js';

// etcd reports both through gRPC OUT_OF_RANGE; only the message tells them apart.
const compactedMessage = 'required revision has been compacted';
const futureMessage = 'required revision is a future revision';

/** True when an etcd error says the requested revision was compacted. */
export function isEtcdCompacted(err: unknown): boolean {
  return err instanceof Error && err.message.includes(compactedMessage);
}

/** True when an etcd error says the requested revision is ahead of the store. */
export function isEtcdFutureRevision(err: unknown): boolean {
  return err instanceof Error && err.message.includes(futureMessage);
}

/**
 * The StorageError for a failed etcd call: Compacted and FutureRevision for revision errors,
 * Closed after close(), and Unavailable for everything else — connection failures, timeouts, no
 * leader — since to the apiserver they all mean "etcd cannot answer now, retry later" (503).
 */
export function toStorageError(err: unknown, what: string, revision?: number): StorageError {
  if (err instanceof StorageError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const at = revision !== undefined && revision > 0 ? ` at revision ${revision}` : '';
  if (isEtcdCompacted(err)) {
    return new StorageError('Compacted', `${what}${at}: required revision has been compacted`, {
      cause: err,
    });
  }
  if (isEtcdFutureRevision(err)) {
    return new StorageError('FutureRevision', `${what}${at}: required revision is a future revision`, {
      cause: err,
    });
  }
  if (err instanceof ClientClosedError)
    return new StorageError('Closed', `${what}: the etcd backend is closed`);
  return new StorageError('Unavailable', `${what}: etcd is unavailable: ${message}`, { cause: err });
}
