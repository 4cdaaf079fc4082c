import { isStatusError } from '../../machinery/errors/index.js';

/** True when `err` is an API NotFound. */
export function isNotFound(err: unknown): boolean {
  return isStatusError(err, 'NotFound');
}

/** True when `err` is an API Conflict (a stale resourceVersion). */
export function isConflict(err: unknown): boolean {
  return isStatusError(err, 'Conflict');
}

/** True when `err` is an API AlreadyExists. */
export function isAlreadyExists(err: unknown): boolean {
  return isStatusError(err, 'AlreadyExists');
}

/** True when `err` is an API Forbidden. */
export function isForbidden(err: unknown): boolean {
  return isStatusError(err, 'Forbidden');
}

/** True when the Status of `err` carries a cause of this type (upstream's HasStatusCause). */
export function hasStatusCause(err: unknown, causeType: string): boolean {
  if (!isStatusError(err)) return false;
  return (err.status.details?.causes ?? []).some((c) => c.reason === causeType);
}

/** True when a create failed because its namespace is being deleted (NamespaceTerminatingCause). */
export function isNamespaceTerminating(err: unknown): boolean {
  return hasStatusCause(err, 'NamespaceTerminating');
}
