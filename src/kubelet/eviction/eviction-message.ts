// The message an evicted pod's status and event carry (upstream evictionMessage), word for word:
// what ran low, the threshold and what was left, and which containers used more than they
// requested. The annotations feed the Evicted event, as upstream's AnnotatedEventf does.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { quantityString } from '../../api/validation/resource-quantity.js';
import { nanoOf, valueOf } from '../cm/resource-amounts.js';
import { formatBinarySI, formatDecimalSI } from './quantity-format.js';
import type { SignalObservations } from './signal-observations.js';
import { signalResource, type ReclaimedResource } from './signals.js';
import { thresholdQuantity, type Threshold } from './threshold-config.js';
import type { PodUsage } from './stats-provider.js';

/** The eviction annotation naming the containers over their requests. */
export const offendingContainersKey = 'offending_containers';
/** The eviction annotation with those containers' usage. */
export const offendingContainersUsageKey = 'offending_containers_usage';
/** The eviction annotation naming the starved resource. */
export const starvedResourceKey = 'starved_resource';

function formatAvailable(resource: ReclaimedResource, n: number): string {
  return resource === 'inodes' ? formatDecimalSI(n) : formatBinarySI(n);
}

function formatThreshold(t: Threshold, capacity: number): string {
  if ('quantity' in t.value) return t.value.text ?? formatBinarySI(t.value.quantity);
  const q = thresholdQuantity(t.value, capacity);
  return signalResource[t.signal] === 'inodes' ? formatDecimalSI(q) : formatBinarySI(q);
}

/** The message and event annotations for evicting `pod` to reclaim `resource`. */
export function evictionMessage(
  resource: ReclaimedResource,
  pod: Pod,
  usage: PodUsage | undefined,
  thresholds: readonly Threshold[],
  observations: SignalObservations,
): { message: string; annotations: Record<string, string> } {
  let message = `The node was low on resource: ${resource}. `;
  for (const t of thresholds) {
    if (signalResource[t.signal] !== resource) continue;
    const observed = observations.get(t.signal);
    if (observed === undefined) continue;
    message += `Threshold quantity: ${formatThreshold(t, observed.capacity)}, available: ${formatAvailable(resource, observed.available)}. `;
    break;
  }
  const annotations: Record<string, string> = {};
  if (usage === undefined) return { message, annotations };
  const names: string[] = [];
  const usages: string[] = [];
  for (const stats of usage.containers) {
    const container = pod.spec?.containers.find((c) => c.name === stats.name);
    if (container === undefined) continue;
    let used: number | undefined;
    if (resource === 'memory') used = stats.memoryWorkingSetBytes;
    else if (
      resource === 'ephemeral-storage' &&
      stats.rootfsUsedBytes !== undefined &&
      stats.logsUsedBytes !== undefined
    )
      used = stats.rootfsUsedBytes + stats.logsUsedBytes;
    if (used === undefined) continue;
    const requestText = container.resources?.requests?.[resource];
    if (used <= valueOf(nanoOf(requestText))) continue;
    const usedText = formatBinarySI(used);
    message += `Container ${stats.name} was using ${usedText}, request is ${requestText === undefined ? '0' : quantityString(requestText)}, has larger consumption of ${resource}. `;
    names.push(stats.name);
    usages.push(usedText);
  }
  annotations[offendingContainersKey] = names.join(',');
  annotations[offendingContainersUsageKey] = usages.join(',');
  annotations[starvedResourceKey] = resource;
  return { message, annotations };
}
