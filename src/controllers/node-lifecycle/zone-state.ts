import type { Node, NodeCondition } from 'kubernetes-types/core/v1.js';

/** A zone's health as the node lifecycle controller sees it. */
export type ZoneState = 'Initial' | 'Normal' | 'FullDisruption' | 'PartialDisruption';

/** The eviction (NoExecute tainting) rates, upstream's flags. */
export interface EvictionRates {
  /** --node-eviction-rate: nodes per second in a healthy zone (0.1). */
  readonly evictionQps: number;
  /** --secondary-node-eviction-rate: in a partially disrupted large zone (0.01). */
  readonly secondaryEvictionQps: number;
  /** --large-cluster-size-threshold: zones above this size keep evicting when partially disrupted (50). */
  readonly largeClusterThreshold: number;
  /** --unhealthy-zone-threshold: share of not-ready nodes that makes a zone partially disrupted (0.55). */
  readonly unhealthyZoneThreshold: number;
}

/** Upstream's defaults for the eviction rates. */
export const defaultEvictionRates: EvictionRates = {
  evictionQps: 0.1,
  secondaryEvictionQps: 0.01,
  largeClusterThreshold: 50,
  unhealthyZoneThreshold: 0.55,
};

/** A node's zone key: region and zone labels joined as upstream's GetZoneKey ("" when neither). */
export function zoneKeyOf(node: Node): string {
  const labels = node.metadata?.labels ?? {};
  const region =
    labels['topology.kubernetes.io/region'] ?? labels['failure-domain.beta.kubernetes.io/region'] ?? '';
  const zone =
    labels['topology.kubernetes.io/zone'] ?? labels['failure-domain.beta.kubernetes.io/zone'] ?? '';
  if (region === '' && zone === '') return '';
  return `${region}:\u0000:${zone}`;
}

/**
 * A zone's state from its nodes' Ready conditions: FullDisruption when none is ready,
 * PartialDisruption when more than two are not ready and they are at least the threshold share,
 * Normal otherwise (ComputeZoneState).
 */
export function computeZoneState(
  readyConditions: readonly (NodeCondition | undefined)[],
  unhealthyZoneThreshold: number,
): { notReady: number; state: ZoneState } {
  let ready = 0;
  let notReady = 0;
  for (const c of readyConditions) {
    if (c?.status === 'True') ready++;
    else notReady++;
  }
  if (ready === 0 && notReady > 0) return { notReady, state: 'FullDisruption' };
  if (notReady > 2 && notReady / (notReady + ready) >= unhealthyZoneThreshold)
    return { notReady, state: 'PartialDisruption' };
  return { notReady, state: 'Normal' };
}

/**
 * The tainting rate of a zone in `state` with `zoneSize` nodes: the normal rate, the secondary
 * rate for a partially disrupted large zone (none for a small one), the normal rate again for a
 * fully disrupted zone (setLimiterInZone).
 */
export function evictionQpsFor(state: ZoneState, zoneSize: number, rates: EvictionRates): number {
  switch (state) {
    case 'PartialDisruption':
      return zoneSize > rates.largeClusterThreshold ? rates.secondaryEvictionQps : 0;
    case 'Normal':
    case 'FullDisruption':
      return rates.evictionQps;
    default:
      return rates.evictionQps;
  }
}

/** What handleDisruption decided for this monitoring pass. */
export interface DisruptionDecision {
  /** The zone states to keep from now on. */
  readonly states: Map<string, ZoneState>;
  /** New tainting rates per zone (0 stops tainting). */
  readonly limiterQps: Map<string, number>;
  /** Every zone is fully disrupted now: the control plane is probably cut off, so untaint all nodes. */
  readonly enteredFullDisruption: boolean;
  /** Leaving full disruption: every node gets a fresh grace period. */
  readonly exitedFullDisruption: boolean;
}

/**
 * Upstream's handleDisruption as a pure function of the previous zone states and this pass's
 * Ready conditions per zone. When every zone is fully disrupted all tainting stops; leaving that
 * mode resets every zone's rate; otherwise zones that changed state get their new rate.
 */
export function decideDisruption(
  previous: ReadonlyMap<string, ZoneState>,
  observed: ReadonlyMap<string, readonly (NodeCondition | undefined)[]>,
  rates: EvictionRates,
): DisruptionDecision {
  const states = new Map(previous);
  const newStates = new Map<string, ZoneState>();
  let allAreFullyDisrupted = true;
  for (const [zone, conditions] of observed) {
    const { state } = computeZoneState(conditions, rates.unhealthyZoneThreshold);
    if (state !== 'FullDisruption') allAreFullyDisrupted = false;
    newStates.set(zone, state);
    if (!states.has(zone)) states.set(zone, 'Initial');
  }
  let allWereFullyDisrupted = true;
  for (const [zone, state] of [...states]) {
    if (!observed.has(zone)) {
      states.delete(zone);
      continue;
    }
    if (state !== 'FullDisruption') {
      allWereFullyDisrupted = false;
      break;
    }
  }
  const limiterQps = new Map<string, number>();
  const none = { states, limiterQps, enteredFullDisruption: false, exitedFullDisruption: false };
  if (allAreFullyDisrupted && allWereFullyDisrupted) return none;
  if (allAreFullyDisrupted) {
    for (const zone of states.keys()) {
      limiterQps.set(zone, 0);
      states.set(zone, 'FullDisruption');
    }
    return { ...none, enteredFullDisruption: true };
  }
  const size = (zone: string) => observed.get(zone)?.length ?? 0;
  if (allWereFullyDisrupted) {
    for (const zone of states.keys()) {
      const state = newStates.get(zone) ?? 'Normal';
      limiterQps.set(zone, evictionQpsFor(state, size(zone), rates));
      states.set(zone, state);
    }
    return { ...none, exitedFullDisruption: true };
  }
  for (const [zone, state] of [...states]) {
    const next = newStates.get(zone);
    if (next === undefined || next === state) continue;
    limiterQps.set(zone, evictionQpsFor(next, size(zone), rates));
    states.set(zone, next);
  }
  return none;
}
