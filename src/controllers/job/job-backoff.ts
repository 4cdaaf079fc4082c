// Exponential delay before a Job replaces failed pods (upstream's backoff_utils.go): 10 s after the
// first consecutive failure, doubling per failure up to the cap, measured from when the last failed
// pod finished. A success resets the count.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { podCondition, timeMs } from '../shared/workload-pod-state.js';

/** Delay after the first failure (DefaultJobPodFailureBackOff). */
export const defaultPodFailureBackoffMs = 10_000;

/** Cap of the delay (MaxJobPodFailureBackOff: 10 minutes in upstream's 1.32 code). */
export const maxPodFailureBackoffMs = 10 * 60_000;

/** The failures since the last success and when the last one happened. */
export interface BackoffRecord {
  readonly key: string;
  readonly failuresAfterLastSuccess: number;
  readonly lastFailureTime: number | undefined;
}

function latestFinish(
  statuses: readonly { state?: { terminated?: { finishedAt?: string } } }[],
): number | undefined {
  let latest: number | undefined;
  for (const s of statuses) {
    const finished = timeMs(s.state?.terminated?.finishedAt);
    // A container still running means the pod's finish time cannot come from its containers.
    if (finished === undefined) return undefined;
    latest = latest === undefined ? finished : Math.max(latest, finished);
  }
  return latest;
}

/**
 * When a pod finished: the last container to terminate (sidecars included), else when Ready turned
 * False, else its deletion time minus grace, else its creation time.
 */
export function podFinishedTime(pod: Pod): number {
  const sidecars = new Set(
    (pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => c.name),
  );
  const containers = latestFinish(pod.status?.containerStatuses ?? []);
  const sidecarStatuses = (pod.status?.initContainerStatuses ?? []).filter((s) => sidecars.has(s.name));
  let fromContainers = containers;
  if (sidecarStatuses.length > 0) {
    const fromSidecars = latestFinish(sidecarStatuses);
    fromContainers =
      fromSidecars === undefined ? undefined : Math.max(fromSidecars, containers ?? Number.NEGATIVE_INFINITY);
  }
  if (fromContainers !== undefined) return fromContainers;
  const ready = podCondition(pod, 'Ready');
  const readyFalse = ready?.status === 'False' ? timeMs(ready.lastTransitionTime) : undefined;
  if (readyFalse !== undefined) return readyFalse;
  const deleted = timeMs(pod.metadata?.deletionTimestamp);
  if (deleted !== undefined) return deleted - (pod.metadata?.deletionGracePeriodSeconds ?? 0) * 1000;
  return timeMs(pod.metadata?.creationTimestamp) ?? 0;
}

/** The record after newly finished pods: failures after the last success, and the last failure time. */
export function nextBackoffRecord(
  previous: BackoffRecord | undefined,
  key: string,
  newSucceeded: readonly Pod[],
  newFailed: readonly Pod[],
): BackoffRecord {
  const base: BackoffRecord = previous ?? { key, failuresAfterLastSuccess: 0, lastFailureTime: undefined };
  const failed = newFailed.map(podFinishedTime).sort((a, b) => a - b);
  if (newSucceeded.length === 0) {
    if (failed.length === 0) return base;
    return {
      key,
      failuresAfterLastSuccess: base.failuresAfterLastSuccess + failed.length,
      lastFailureTime: failed[failed.length - 1],
    };
  }
  const lastSuccess = Math.max(...newSucceeded.map(podFinishedTime));
  const after = failed.filter((t) => t > lastSuccess);
  return {
    key,
    failuresAfterLastSuccess: after.length,
    lastFailureTime: after.length > 0 ? after[after.length - 1] : undefined,
  };
}

/** How long pod creation must still wait after `failures` consecutive failures, the last at `lastFailure`. */
export function remainingBackoff(
  nowMs: number,
  failures: number,
  lastFailure: number | undefined,
  defaultMs = defaultPodFailureBackoffMs,
  maxMs = maxPodFailureBackoffMs,
): number {
  if (failures === 0 || lastFailure === undefined) return 0;
  let backoff = defaultMs;
  for (let i = 1; i < failures; i++) {
    backoff *= 2;
    if (backoff >= maxMs) {
      backoff = maxMs;
      break;
    }
  }
  const elapsed = nowMs - lastFailure;
  return backoff < elapsed ? 0 : backoff - elapsed;
}

/** Backoff records per Job key, kept in memory as upstream does. */
export class BackoffStore {
  private readonly records = new Map<string, BackoffRecord>();

  /** The record the newly finished pods lead to (not stored yet). */
  newRecord(key: string, newSucceeded: readonly Pod[], newFailed: readonly Pod[]): BackoffRecord {
    return nextBackoffRecord(this.records.get(key), key, newSucceeded, newFailed);
  }

  /** Stores a record once the status that counted its pods was written. */
  update(record: BackoffRecord): void {
    this.records.set(record.key, record);
  }

  /** Forgets a finished or deleted Job. */
  remove(key: string): void {
    this.records.delete(key);
  }
}
