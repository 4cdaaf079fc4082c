import type { Pod } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget, PodDisruptionBudgetStatus } from 'kubernetes-types/policy/v1.js';
import { formatRfc3339 } from '../../base/rfc3339.js';
import { disruptionAllowedCondition, isPodHealthy, setCondition } from '../../machinery/policy/index.js';
import { timeMs } from '../shared/infra-pod.js';

/** How long a pod an eviction marked as disrupted is expected to take to go (DeletionTimeout). */
export const deletionTimeoutMs = 2 * 60_000;

/**
 * An int-or-percent scaled against `total` (GetScaledValueFromIntOrPercent): a number as is, "N%"
 * as N% of total rounded up or down; throws upstream's error for any other string.
 */
export function scaledValue(value: number | string, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  if (!value.endsWith('%'))
    throw new Error('invalid value for IntOrString: invalid type: string is not a percentage');
  const text = value.slice(0, -1);
  if (!/^-?[0-9]+$/.test(text)) throw new Error(`invalid value for IntOrString: invalid value "${value}"`);
  const scaled = (Number(text) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/**
 * The pods the eviction handler said it is deleting and that are neither gone nor overdue, and
 * when to look again (buildDisruptedPodMap). Overdue ones are reported in `overdue`.
 */
export function disruptedPodMap(
  pods: readonly Pod[],
  pdb: PodDisruptionBudget,
  now: number,
): { disrupted: Record<string, string>; recheckAt?: number; overdue: Pod[] } {
  const recorded = pdb.status?.disruptedPods ?? {};
  const disrupted: Record<string, string> = {};
  const overdue: Pod[] = [];
  let recheckAt: number | undefined;
  for (const pod of pods) {
    if (pod.metadata?.deletionTimestamp) continue;
    const at = recorded[pod.metadata?.name ?? ''];
    if (at === undefined) continue;
    const expected = (timeMs(at) ?? 0) + deletionTimeoutMs;
    if (expected < now) {
      overdue.push(pod);
    } else {
      if (recheckAt === undefined || expected < recheckAt) recheckAt = expected;
      disrupted[pod.metadata?.name ?? ''] = at;
    }
  }
  return { disrupted, ...(recheckAt !== undefined ? { recheckAt } : {}), overdue };
}

/** Ready pods that are neither being deleted nor about to be (countHealthyPods). */
export function countHealthyPods(
  pods: readonly Pod[],
  disrupted: Readonly<Record<string, string>>,
  now: number,
): number {
  let healthy = 0;
  for (const pod of pods) {
    if (pod.metadata?.deletionTimestamp) continue;
    const at = disrupted[pod.metadata?.name ?? ''];
    if (at !== undefined && (timeMs(at) ?? 0) + deletionTimeoutMs > now) continue;
    if (isPodHealthy(pod)) healthy++;
  }
  return healthy;
}

function conditionsUpToDate(pdb: PodDisruptionBudget): boolean {
  const c = pdb.status?.conditions?.find((x) => x.type === 'DisruptionAllowed');
  if (c === undefined || c.observedGeneration !== pdb.status?.observedGeneration) return false;
  const allowed = (pdb.status?.disruptionsAllowed ?? 0) > 0;
  return allowed
    ? c.status === 'True' && c.reason === 'SufficientPods'
    : c.status === 'False' && c.reason === 'InsufficientPods';
}

function sameDisrupted(
  a: Readonly<Record<string, string>> | undefined,
  b: Readonly<Record<string, string>>,
): boolean {
  const ak = Object.keys(a ?? {});
  return ak.length === Object.keys(b).length && ak.every((k) => timeMs(a?.[k]) === timeMs(b[k]));
}

/** The counts a PDB's status is computed from. */
export interface PdbCounts {
  readonly currentHealthy: number;
  readonly desiredHealthy: number;
  readonly expectedPods: number;
  readonly disruptedPods: Readonly<Record<string, string>>;
}

/**
 * The PDB status for these counts, or undefined when the stored one already says so
 * (updatePdbStatus): disruptionsAllowed is currentHealthy - desiredHealthy, but never below zero
 * and zero while no pods are expected.
 */
export function nextPdbStatus(
  pdb: PodDisruptionBudget,
  counts: PdbCounts,
  now: number,
): PodDisruptionBudgetStatus | undefined {
  let disruptionsAllowed = counts.currentHealthy - counts.desiredHealthy;
  if (counts.expectedPods <= 0 || disruptionsAllowed <= 0) disruptionsAllowed = 0;
  const generation = pdb.metadata?.generation ?? 0;
  const s = pdb.status;
  if (
    s !== undefined &&
    (s.currentHealthy ?? 0) === counts.currentHealthy &&
    (s.desiredHealthy ?? 0) === counts.desiredHealthy &&
    (s.expectedPods ?? 0) === counts.expectedPods &&
    (s.disruptionsAllowed ?? 0) === disruptionsAllowed &&
    sameDisrupted(s.disruptedPods, counts.disruptedPods) &&
    (s.observedGeneration ?? 0) === generation &&
    conditionsUpToDate(pdb)
  )
    return undefined;
  return {
    currentHealthy: counts.currentHealthy,
    desiredHealthy: counts.desiredHealthy,
    expectedPods: counts.expectedPods,
    disruptionsAllowed,
    ...(Object.keys(counts.disruptedPods).length > 0 ? { disruptedPods: { ...counts.disruptedPods } } : {}),
    observedGeneration: generation,
    conditions: disruptionAllowedCondition(s?.conditions, disruptionsAllowed, generation, formatRfc3339(now)),
  };
}

/** The status written when a sync fails: nothing may be disrupted, condition SyncFailed (failSafe). */
export function failSafeStatus(
  pdb: PodDisruptionBudget,
  error: string,
  now: number,
): PodDisruptionBudgetStatus {
  const s = pdb.status ?? { currentHealthy: 0, desiredHealthy: 0, expectedPods: 0, disruptionsAllowed: 0 };
  return {
    ...s,
    disruptionsAllowed: 0,
    conditions: setCondition(s.conditions, {
      type: 'DisruptionAllowed',
      status: 'False',
      reason: 'SyncFailed',
      message: error,
      observedGeneration: s.observedGeneration ?? 0,
      lastTransitionTime: formatRfc3339(now),
    }),
  };
}
