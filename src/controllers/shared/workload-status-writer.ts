// Status writes that survive a stale cache: PUT /status, and on a conflict re-read the object and
// apply the same change again (upstream's RetryOnConflict around UpdateStatus).
import type { ApiObject, ResourceClient } from '../../client/index.js';
import { isStatusError } from '../../machinery/errors/index.js';

/** Upstream's retry.DefaultRetry steps. */
const maxAttempts = 5;

/**
 * Writes the status of `withStatus(object)`; on Conflict re-reads the object and retries with the
 * fresh copy. Returns the stored object. `withStatus` gets a private copy it may change or replace.
 */
export async function writeStatusWithRetry<T extends ApiObject>(
  client: ResourceClient<T>,
  object: T,
  withStatus: (copy: T) => T,
): Promise<T> {
  let current = object;
  for (let attempt = 1; ; attempt++) {
    try {
      return await client.updateStatus(withStatus(structuredClone(current)));
    } catch (err) {
      if (!isStatusError(err, 'Conflict') || attempt >= maxAttempts) throw err;
      current = await client.get(current.metadata?.name ?? '');
    }
  }
}
