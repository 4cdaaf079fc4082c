// Local ephemeral storage limits (upstream localStorageEviction, LocalStorageCapacityIsolation):
// independent of node pressure, a pod is evicted at once when an emptyDir outgrows its sizeLimit,
// when the pod's ephemeral usage exceeds the sum of its containers' ephemeral-storage limits, or
// when one container's writable layer plus logs exceed its own limit — in that order of checks.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { quantityString } from '../../api/validation/resource-quantity.js';
import { podLimits } from '../cm/pod-resources.js';
import { nanoOf, valueOf } from '../cm/resource-amounts.js';
import type { PodStatsLookup } from './pod-ranking.js';
import { podDiskUsage } from './pod-ranking.js';
import { formatBinarySI, formatDecimalSI } from './quantity-format.js';

/** A pod over one of its local storage limits, and the message to evict it with. */
export interface LocalStorageViolation {
  readonly pod: Pod;
  readonly message: string;
}

// Upstream's Quantity sum keeps the first operand's format.
function formatSum(nano: bigint, firstText: string | number | undefined): string {
  const binary = typeof firstText === 'string' && /i$/.test(firstText.trim());
  return binary ? formatBinarySI(valueOf(nano)) : formatDecimalSI(valueOf(nano));
}

function violation(pod: Pod, stats: PodStatsLookup): string | undefined {
  const usage = stats(pod);
  if (usage === undefined) return undefined;
  for (const v of pod.spec?.volumes ?? []) {
    const size = v.emptyDir?.sizeLimit;
    const limit = valueOf(nanoOf(size));
    if (size === undefined || limit <= 0) continue;
    const used = usage.volumes?.find((u) => u.name === v.name)?.usedBytes;
    if (used !== undefined && used > limit)
      return `Usage of EmptyDir volume ${JSON.stringify(v.name)} exceeds the limit ${JSON.stringify(quantityString(size))}. `;
  }
  const podLimit = podLimits(pod).get('ephemeral-storage');
  if (podLimit !== undefined) {
    const used = podDiskUsage(pod, usage, ['root', 'logs', 'localVolumes']).bytes;
    if (used > valueOf(podLimit)) {
      const first = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find(
        (c) => c.resources?.limits?.['ephemeral-storage'] !== undefined,
      );
      const text = formatSum(podLimit, first?.resources?.limits?.['ephemeral-storage']);
      return `Pod ephemeral local storage usage exceeds the total limit of containers ${text}. `;
    }
  }
  for (const c of usage.containers) {
    const limitText = pod.spec?.containers.find((x) => x.name === c.name)?.resources?.limits?.[
      'ephemeral-storage'
    ];
    if (limitText === undefined || c.rootfsUsedBytes === undefined || c.logsUsedBytes === undefined) continue;
    if (c.rootfsUsedBytes + c.logsUsedBytes > valueOf(nanoOf(limitText)))
      return `Container ${c.name} exceeded its local ephemeral storage limit ${JSON.stringify(quantityString(limitText))}. `;
  }
  return undefined;
}

/** Every pod over a local storage limit, with its eviction message. */
export function localStorageViolations(pods: readonly Pod[], stats: PodStatsLookup): LocalStorageViolation[] {
  const out: LocalStorageViolation[] = [];
  for (const pod of pods) {
    const message = violation(pod, stats);
    if (message !== undefined) out.push({ pod, message });
  }
  return out;
}
