import type { PodInfo } from './pod-info.js';

/** A pod as the scheduling queue tracks it (upstream's QueuedPodInfo). */
export interface QueuedPodInfo {
  podInfo: PodInfo;
  /** When the pod was last added to the queue (ms); QueueSort breaks priority ties with it. */
  timestamp: number;
  /** Scheduling attempts so far; the backoff doubles with each. */
  attempts: number;
  /** When the pod was first popped, for the end-to-end latency metrics. */
  initialAttemptTimestamp: number | undefined;
  /** Plugins that rejected the pod in its last attempt; only their events move it. */
  unschedulablePlugins: Set<string>;
  /** Plugins that returned Pending in its last attempt. */
  pendingPlugins: Set<string>;
  /** The PreEnqueue plugin keeping the pod out of the active queue, if any. */
  gatingPlugin: string | undefined;
}

/** A QueuedPodInfo for a pod entering the queue at `now`. */
export function newQueuedPodInfo(podInfo: PodInfo, now: number): QueuedPodInfo {
  return {
    podInfo,
    timestamp: now,
    attempts: 0,
    initialAttemptTimestamp: undefined,
    unschedulablePlugins: new Set(),
    pendingPlugins: new Set(),
    gatingPlugin: undefined,
  };
}
