import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { Node, NodeCondition, NodeStatus } from 'kubernetes-types/core/v1.js';
import { formatRfc3339 } from '../../base/rfc3339.js';
import { timeMs } from '../shared/infra-pod.js';

/** What the controller remembers of a node between passes (nodeHealthData). */
export interface NodeHealth {
  /** When the controller last saw a sign of life (status heartbeat or lease renewal), in ms. */
  readonly probeTimestamp: number;
  readonly readyTransitionTimestamp: number;
  readonly status: NodeStatus;
  /** renewTime of the last lease seen, in ms. */
  readonly leaseRenewTime?: number;
}

/** What one health check of a node is computed from. */
export interface NodeHealthInput {
  readonly node: Node;
  readonly saved: NodeHealth | undefined;
  readonly lease: Lease | undefined;
  readonly now: number;
  /** --node-monitor-grace-period (50 s). */
  readonly gracePeriodMs: number;
  /** --node-startup-grace-period (60 s) for a node that never posted Ready. */
  readonly startupGracePeriodMs: number;
}

/** The outcome of one health check. */
export interface NodeHealthResult {
  /** The health to remember when no status write is needed (or the write fails). */
  readonly health: NodeHealth;
  /** The Ready condition as read from the node (a never-posted one is Unknown). */
  readonly observedReady: NodeCondition;
  /** The Ready condition after this check (undefined when the node has none and none is due). */
  readonly currentReady: NodeCondition | undefined;
  /** The node status to write when the node went silent; the health to remember once written. */
  readonly update?: { readonly status: NodeStatus; readonly health: NodeHealth };
}

// Conditions set to Unknown when the kubelet goes silent; NetworkUnavailable is not the kubelet's.
const silencedConditions = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

function condition(status: NodeStatus | undefined, type: string): NodeCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/**
 * Upstream's tryUpdateNodeHealth without the write: refreshes the probe time on a newer
 * heartbeat or lease renewal, and once neither came within the grace period sets Ready (and the
 * pressure conditions) to Unknown — "NodeStatusUnknown", or "NodeStatusNeverUpdated" for conditions
 * the kubelet never posted.
 */
export function checkNodeHealth(input: NodeHealthInput): NodeHealthResult {
  const { node, lease, now } = input;
  const created = timeMs(node.metadata?.creationTimestamp) ?? now;
  const currentReady = condition(node.status, 'Ready');
  let observedReady: NodeCondition;
  let gracePeriod: number;
  let health = input.saved;
  if (currentReady === undefined) {
    // Never posted: judge it from its creation, with the longer startup grace.
    observedReady = {
      type: 'Ready',
      status: 'Unknown',
      lastHeartbeatTime: node.metadata?.creationTimestamp ?? '',
      lastTransitionTime: node.metadata?.creationTimestamp ?? '',
    };
    gracePeriod = input.startupGracePeriodMs;
    health =
      health !== undefined
        ? { ...health, status: node.status ?? {} }
        : { status: node.status ?? {}, probeTimestamp: created, readyTransitionTimestamp: created };
  } else {
    observedReady = currentReady;
    gracePeriod = input.gracePeriodMs;
  }
  const savedReady = condition(input.saved?.status, 'Ready');
  const fresh = (): NodeHealth => ({
    status: node.status ?? {},
    probeTimestamp: now,
    readyTransitionTimestamp: now,
  });
  if (health === undefined) {
    health = fresh();
  } else if (savedReady === undefined && currentReady !== undefined) {
    health = fresh();
  } else if (savedReady !== undefined && currentReady === undefined) {
    health = fresh();
  } else if (
    savedReady !== undefined &&
    currentReady !== undefined &&
    savedReady.lastHeartbeatTime !== currentReady.lastHeartbeatTime
  ) {
    const transitioned = savedReady.lastTransitionTime !== currentReady.lastTransitionTime;
    health = {
      status: node.status ?? {},
      probeTimestamp: now,
      readyTransitionTimestamp: transitioned ? now : health.readyTransitionTimestamp,
    };
  }
  const renew = timeMs(lease?.spec?.renewTime);
  if (
    lease !== undefined &&
    renew !== undefined &&
    (input.saved?.leaseRenewTime === undefined || input.saved.leaseRenewTime < renew)
  ) {
    health = { ...health, leaseRenewTime: renew, probeTimestamp: now };
  } else if (input.saved?.leaseRenewTime !== undefined && health.leaseRenewTime === undefined) {
    health = { ...health, leaseRenewTime: input.saved.leaseRenewTime };
  }

  if (!(now > health.probeTimestamp + gracePeriod)) return { health, observedReady, currentReady };

  const nowText = formatRfc3339(now);
  const conditions: NodeCondition[] = (node.status?.conditions ?? []).map((c) => ({ ...c }));
  for (const type of silencedConditions) {
    const existing = conditions.find((c) => c.type === type);
    if (existing === undefined) {
      conditions.push({
        type,
        status: 'Unknown',
        reason: 'NodeStatusNeverUpdated',
        message: 'Kubelet never posted node status.',
        lastHeartbeatTime: node.metadata?.creationTimestamp ?? nowText,
        lastTransitionTime: nowText,
      });
    } else if (existing.status !== 'Unknown') {
      existing.status = 'Unknown';
      existing.reason = 'NodeStatusUnknown';
      existing.message = 'Kubelet stopped posting node status.';
      existing.lastTransitionTime = nowText;
    }
  }
  const status: NodeStatus = { ...(node.status ?? {}), conditions };
  const newReady = condition(status, 'Ready');
  if (sameCondition(newReady, observedReady)) return { health, observedReady, currentReady: newReady };
  return {
    health,
    observedReady,
    currentReady: newReady,
    update: {
      status,
      health: {
        status,
        probeTimestamp: health.probeTimestamp,
        readyTransitionTimestamp: now,
        ...(renew !== undefined ? { leaseRenewTime: renew } : {}),
      },
    },
  };
}

function sameCondition(a: NodeCondition | undefined, b: NodeCondition): boolean {
  if (a === undefined) return false;
  return (
    a.status === b.status &&
    (a.reason ?? '') === (b.reason ?? '') &&
    (a.message ?? '') === (b.message ?? '') &&
    (a.lastHeartbeatTime ?? '') === (b.lastHeartbeatTime ?? '') &&
    (a.lastTransitionTime ?? '') === (b.lastTransitionTime ?? '')
  );
}
