import type { QueueSortPlugin } from '../../framework/interfaces.js';
import type { QueuedPodInfo } from '../../framework/queued-pod-info.js';
import { pluginNames } from '../names.js';

/** Higher priority first; among equals, the pod queued earlier. */
export function priorityLess(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
  const pa = a.podInfo.priority;
  const pb = b.podInfo.priority;
  return pa > pb || (pa === pb && a.timestamp < b.timestamp);
}

/** PrioritySort: the default QueueSort plugin. */
export function newPrioritySort(): QueueSortPlugin {
  return { name: pluginNames.prioritySort, less: priorityLess };
}
