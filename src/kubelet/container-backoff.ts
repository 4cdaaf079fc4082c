// The kubelet's crash-loop backoff, client-go's flowcontrol.Backoff as kuberuntime's doBackOff uses
// it: one entry per container, no jitter. Kept as pure functions over an entry so a pod holds its
// own entries (no process-wide map) and tests can walk the schedule with plain numbers.

/** How long restarts wait: the first delay, and the cap it doubles up to. */
export interface BackoffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
}

/** Upstream 1.32's container restart backoff: 10 s doubling to 5 min. */
export const containerRestartBackoff: BackoffPolicy = { initialMs: 10_000, maxMs: 300_000 };

/** One container's backoff state: the current delay and when it was last advanced. */
export interface BackoffEntry {
  readonly backoffMs: number;
  readonly lastUpdate: number;
}

// An entry untouched for twice the cap is stale: a container that ran that long restarts at once.
function expired(entry: BackoffEntry, eventTime: number, policy: BackoffPolicy): boolean {
  return eventTime - entry.lastUpdate > 2 * policy.maxMs;
}

/**
 * True while a restart must wait: the entry exists, is not stale at `eventTime` (the exit of the
 * latest run) and less than its delay has passed since then.
 */
export function isInBackoffSince(
  entry: BackoffEntry | undefined,
  eventTime: number,
  now: number,
  policy: BackoffPolicy = containerRestartBackoff,
): boolean {
  if (entry === undefined || expired(entry, eventTime, policy)) return false;
  return now - eventTime < entry.backoffMs;
}

/** The entry after a restart: a fresh initial delay when missing or stale, else doubled up to the cap. */
export function nextBackoff(
  entry: BackoffEntry | undefined,
  eventTime: number,
  now: number,
  policy: BackoffPolicy = containerRestartBackoff,
): BackoffEntry {
  if (entry === undefined || expired(entry, eventTime, policy))
    return { backoffMs: policy.initialMs, lastUpdate: now };
  return { backoffMs: Math.min(entry.backoffMs * 2, policy.maxMs), lastUpdate: now };
}
