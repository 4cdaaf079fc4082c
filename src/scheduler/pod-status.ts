import type { Pod, PodCondition } from 'kubernetes-types/core/v1.js';
import { formatRfc3339 } from '../base/rfc3339.js';
import type { KubeClient } from '../client/index.js';
import type { NominatingInfo } from './framework/interfaces.js';

const podsResource = { group: '', version: 'v1', resource: 'pods' };

/** Longest message an Event note may carry; longer ones are cut with " ..." as upstream does. */
export const maxEventMessageLength = 1024;

/** Upstream's truncateMessage. */
export function truncateMessage(message: string): string {
  if (message.length <= maxEventMessageLength) return message;
  const suffix = ' ...';
  return message.slice(0, maxEventMessageLength - suffix.length) + suffix;
}

/**
 * The status patch for a PodScheduled condition and nomination (upstream's updatePod): undefined
 * when nothing would change. lastTransitionTime moves only when the condition's status changes.
 */
export function podScheduledPatch(
  pod: Pod,
  condition: { readonly status: 'True' | 'False'; readonly reason: string; readonly message: string },
  nominating: NominatingInfo | undefined,
  now: number,
): Record<string, unknown> | undefined {
  const conditions = pod.status?.conditions ?? [];
  const existing = conditions.find((c) => c.type === 'PodScheduled');
  const conditionChanged =
    existing === undefined ||
    existing.status !== condition.status ||
    (existing.reason ?? '') !== condition.reason ||
    (existing.message ?? '') !== condition.message;
  const nnnChanged =
    nominating?.mode === 'Override' && (pod.status?.nominatedNodeName ?? '') !== nominating.nominatedNodeName;
  if (!conditionChanged && !nnnChanged) return undefined;
  const status: Record<string, unknown> = {};
  if (conditionChanged) {
    const next: PodCondition = {
      type: 'PodScheduled',
      status: condition.status,
      reason: condition.reason,
      message: condition.message,
      lastTransitionTime:
        existing !== undefined && existing.status === condition.status && existing.lastTransitionTime
          ? existing.lastTransitionTime
          : formatRfc3339(now),
    };
    status['conditions'] = [next];
  }
  if (nnnChanged)
    status['nominatedNodeName'] = nominating!.nominatedNodeName === '' ? null : nominating!.nominatedNodeName;
  return { status };
}

/** Sends a status patch (strategic merge: conditions merge by type). */
export async function patchPodStatus(
  client: KubeClient,
  pod: Pod,
  patch: Record<string, unknown>,
): Promise<void> {
  await client
    .resource<Pod>(podsResource)
    .namespace(pod.metadata?.namespace ?? '')
    .patch(pod.metadata?.name ?? '', 'strategic', patch, { subresource: 'status' });
}
