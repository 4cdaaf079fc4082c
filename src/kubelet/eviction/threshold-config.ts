// Eviction thresholds from the kubelet's flags (upstream ParseThresholdConfig): hard thresholds act
// at once, soft ones only after their grace period and must have one, minimum reclaims ride on
// both, and with node allocatable enforced the hard memory.available threshold is mirrored onto
// allocatableMemory.available so the pods cgroup cannot be driven into the OOM killer either.
import { quantityString } from '../../api/validation/resource-quantity.js';
import { parseGoDuration } from '../../base/go-duration.js';
import { nanoOf, valueOf } from '../cm/resource-amounts.js';
import { isEvictionSignal, type EvictionSignal } from './signals.js';

/** A threshold as an absolute amount (bytes, inodes, pids) or a fraction of capacity. */
export type ThresholdValue =
  | { readonly quantity: number; /** Upstream's canonical spelling, for messages. */ readonly text?: string }
  | { readonly percentage: number };

/** One eviction threshold: signal < value, held for gracePeriodMs (0 = hard). */
export interface Threshold {
  readonly signal: EvictionSignal;
  readonly value: ThresholdValue;
  readonly gracePeriodMs: number;
  /** Once met, keep reclaiming until available ≥ value + minReclaim. */
  readonly minReclaim?: ThresholdValue;
}

/** Upstream's Linux --eviction-hard default. */
export const defaultEvictionHard: Readonly<Record<string, string>> = {
  'memory.available': '100Mi',
  'nodefs.available': '10%',
  'imagefs.available': '15%',
  'nodefs.inodesFree': '5%',
};

/** The kubelet's eviction flags. */
export interface ThresholdConfig {
  /** --eviction-hard (default defaultEvictionHard; pass {} for none). */
  readonly evictionHard?: Readonly<Record<string, string>>;
  readonly evictionSoft?: Readonly<Record<string, string>>;
  /** Go durations per signal, e.g. { 'memory.available': '1m30s' }. */
  readonly evictionSoftGracePeriod?: Readonly<Record<string, string>>;
  readonly evictionMinimumReclaim?: Readonly<Record<string, string>>;
  /** --enforce-node-allocatable (default ["pods"]). */
  readonly enforceNodeAllocatable?: readonly string[];
}

const unsupported = (signal: string) => new Error(`unsupported eviction signal ${signal}`);

// Go parses the percentage as a float32; Math.fround keeps the same rounding.
function parsePercentage(text: string): number {
  const v = Number(text.replace(/%+$/, ''));
  if (text.replace(/%+$/, '').trim() === '' || !Number.isFinite(v))
    throw new Error(`invalid percentage ${text}`);
  return Math.fround(Math.fround(v) / 100);
}

function parseQuantityValue(text: string): number {
  const nano = nanoOf(text);
  if (nano === undefined)
    throw new Error(
      `quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
    );
  return nano < 0n ? -valueOf(-nano) : valueOf(nano);
}

/** Parses "signal: value" (value "100Mi" or "10%"); undefined for "0%"/"100%", which upstream ignores. */
export function parseThresholdStatement(signal: string, text: string): Threshold | undefined {
  if (!isEvictionSignal(signal)) throw unsupported(signal);
  if (text.endsWith('%')) {
    if (text === '0%' || text === '100%') return undefined;
    const percentage = parsePercentage(text);
    if (percentage < 0) throw new Error(`eviction percentage threshold ${signal} must be >= 0%: ${text}`);
    if (percentage > 1) throw new Error(`eviction percentage threshold ${signal} must be <= 100%: ${text}`);
    return { signal, value: { percentage }, gracePeriodMs: 0 };
  }
  const quantity = parseQuantityValue(text);
  if (quantity <= 0)
    throw new Error(`eviction threshold ${signal} must be positive: ${quantityString(text)}`);
  return { signal, value: { quantity, text: quantityString(text) }, gracePeriodMs: 0 };
}

function parseStatements(statements: Readonly<Record<string, string>> | undefined): Threshold[] {
  const out: Threshold[] = [];
  for (const [signal, text] of Object.entries(statements ?? {})) {
    const t = parseThresholdStatement(signal, text);
    if (t !== undefined) out.push(t);
  }
  return out;
}

function parseMinimumReclaim(signal: string, text: string): ThresholdValue {
  if (!isEvictionSignal(signal)) throw unsupported(signal);
  if (text.endsWith('%')) {
    const percentage = parsePercentage(text);
    if (percentage <= 0)
      throw new Error(`eviction percentage minimum reclaim ${signal} must be positive: ${text}`);
    return { percentage };
  }
  const quantity = parseQuantityValue(text);
  if (quantity < 0) throw new Error(`negative eviction minimum reclaim specified for ${signal}`);
  return { quantity };
}

/** The thresholds the flags describe; throws with upstream's message on invalid input. */
export function parseThresholdConfig(config: ThresholdConfig = {}): Threshold[] {
  const hard = parseStatements(config.evictionHard ?? defaultEvictionHard);
  const grace = new Map<string, number>();
  for (const [signal, text] of Object.entries(config.evictionSoftGracePeriod ?? {})) {
    if (!isEvictionSignal(signal)) throw unsupported(signal);
    const ms = parseGoDuration(text);
    if (ms < 0) throw new Error(`invalid eviction grace period specified: ${text}, must be a positive value`);
    grace.set(signal, ms);
  }
  const soft = parseStatements(config.evictionSoft).map((t) => {
    const period = grace.get(t.signal);
    if (period === undefined)
      throw new Error(`grace period must be specified for the soft eviction threshold ${t.signal}`);
    return { ...t, gracePeriodMs: period };
  });
  const reclaims = new Map<string, ThresholdValue>();
  for (const [signal, text] of Object.entries(config.evictionMinimumReclaim ?? {}))
    reclaims.set(signal, parseMinimumReclaim(signal, text));
  let results: Threshold[] = [...hard, ...soft].map((t) => {
    const minReclaim = reclaims.get(t.signal);
    return minReclaim !== undefined ? { ...t, minReclaim } : t;
  });
  if ((config.enforceNodeAllocatable ?? ['pods']).includes('pods')) {
    const mirrored = results
      .filter((t) => t.signal === 'memory.available' && isHardThreshold(t))
      .map((t): Threshold => ({ ...t, signal: 'allocatableMemory.available' }));
    results = [...results, ...mirrored];
  }
  return results;
}

/** A hard threshold: no grace period, evict at once. */
export function isHardThreshold(t: Threshold): boolean {
  return t.gracePeriodMs === 0;
}

/** The threshold's amount for a resource of `capacity` (percentages truncated as Go's int64 cast). */
export function thresholdQuantity(value: ThresholdValue, capacity: number): number {
  if ('quantity' in value) return value.quantity;
  return Math.trunc(capacity * value.percentage);
}

/** A stable identity for a threshold, for keying first-observed times. */
export function thresholdKey(t: Threshold): string {
  const v = (x: ThresholdValue | undefined) =>
    x === undefined ? '' : 'quantity' in x ? `q${x.quantity}` : `p${x.percentage}`;
  return `${t.signal}|${v(t.value)}|${t.gracePeriodMs}|${v(t.minReclaim)}`;
}
