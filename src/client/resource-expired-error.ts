import { StatusError } from '../machinery/errors/index.js';

/**
 * A 410 from the server (reason Expired or Gone): the resourceVersion or continue token asked for
 * is older than the server's history, so the caller must list again. Watches surface it when the
 * server sends an ERROR event with code 410.
 */
export class ResourceExpiredError extends StatusError {}

/** True for a 410 Expired/Gone StatusError, however it was constructed. */
export function isResourceExpired(err: unknown): boolean {
  if (err instanceof ResourceExpiredError) return true;
  return (
    err instanceof StatusError &&
    (err.status.code === 410 || err.reason === 'Expired' || err.reason === 'Gone')
  );
}

/** True when the server rejected a resourceVersion as newer than it has (upstream's ResourceVersionTooLarge). */
export function isTooLargeResourceVersion(err: unknown): boolean {
  return (
    err instanceof StatusError &&
    err.status.code === 504 &&
    (err.status.details?.causes ?? []).some((c) => c.reason === 'ResourceVersionTooLarge')
  );
}
