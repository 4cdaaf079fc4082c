// The pure steps of one eviction round (upstream eviction helpers): which thresholds are met now,
// which earlier ones have not yet recovered by their minimum reclaim, how long each has been met,
// which conditions to report (held for the pressure transition period so they do not flap), and
// which threshold to act on first.
import type { Threshold } from './threshold-config.js';
import { thresholdKey, thresholdQuantity } from './threshold-config.js';
import type { SignalObservations } from './signal-observations.js';
import { isMemorySignal, signalCondition, signalResource, type PressureCondition } from './signals.js';

/**
 * The thresholds whose signal is below them; with `enforceMinReclaim` the bar is raised by the
 * minimum reclaim, which is how a met threshold stays met until enough was freed.
 */
export function thresholdsMet(
  thresholds: readonly Threshold[],
  observations: SignalObservations,
  enforceMinReclaim: boolean,
): Threshold[] {
  return thresholds.filter((t) => {
    const observed = observations.get(t.signal);
    if (observed === undefined) return false;
    let quantity = thresholdQuantity(t.value, observed.capacity);
    if (enforceMinReclaim && t.minReclaim !== undefined)
      quantity += thresholdQuantity(t.minReclaim, observed.capacity);
    return quantity > observed.available;
  });
}

/** `a` plus the thresholds of `b` not already in it. */
export function mergeThresholds(a: readonly Threshold[], b: readonly Threshold[]): Threshold[] {
  const keys = new Set(a.map(thresholdKey));
  return [...a, ...b.filter((t) => !keys.has(thresholdKey(t)))];
}

/** When each of `thresholds` was first met: kept from `previous`, else `now`. */
export function thresholdsFirstObservedAt(
  thresholds: readonly Threshold[],
  previous: ReadonlyMap<string, { threshold: Threshold; at: number }>,
  now: number,
): Map<string, { threshold: Threshold; at: number }> {
  const out = new Map<string, { threshold: Threshold; at: number }>();
  for (const t of thresholds) {
    const key = thresholdKey(t);
    out.set(key, { threshold: t, at: previous.get(key)?.at ?? now });
  }
  return out;
}

/** The thresholds met for at least their grace period. */
export function thresholdsMetGracePeriod(
  observedAt: ReadonlyMap<string, { threshold: Threshold; at: number }>,
  now: number,
): Threshold[] {
  return [...observedAt.values()]
    .filter(({ threshold, at }) => now - at >= threshold.gracePeriodMs)
    .map((e) => e.threshold);
}

/** The node conditions the thresholds raise, each once. */
export function nodeConditions(thresholds: readonly Threshold[]): PressureCondition[] {
  return [...new Set(thresholds.map((t) => signalCondition[t.signal]))];
}

/** Last time each condition was observed: now for `conditions`, earlier times kept for the rest. */
export function conditionsLastObservedAt(
  conditions: readonly PressureCondition[],
  previous: ReadonlyMap<PressureCondition, number>,
  now: number,
): Map<PressureCondition, number> {
  const out = new Map(previous);
  for (const c of conditions) out.set(c, now);
  return out;
}

/** The conditions observed within the last `periodMs` — the transition period keeps them up. */
export function conditionsObservedSince(
  lastObservedAt: ReadonlyMap<PressureCondition, number>,
  periodMs: number,
  now: number,
): PressureCondition[] {
  return [...lastObservedAt.entries()].filter(([, at]) => now - at < periodMs).map(([c]) => c);
}

/** The thresholds whose observation is newer than the last round's (stale stats do not evict twice). */
export function thresholdsUpdatedStats(
  thresholds: readonly Threshold[],
  observations: SignalObservations,
  last: SignalObservations,
): Threshold[] {
  return thresholds.filter((t) => {
    const observed = observations.get(t.signal);
    if (observed === undefined) return false;
    const before = last.get(t.signal);
    return before === undefined || observed.time === 0 || observed.time > before.time;
  });
}

/**
 * The threshold to act on: memory signals first, then the rest in their given order
 * (upstream byEvictionPriority + getReclaimableThreshold).
 */
export function reclaimableThreshold(thresholds: readonly Threshold[]): Threshold | undefined {
  const ordered = [
    ...thresholds.filter((t) => isMemorySignal(t.signal)),
    ...thresholds.filter((t) => !isMemorySignal(t.signal)),
  ];
  return ordered.find((t) => signalResource[t.signal] !== undefined);
}
