// Upstream's check registry: which check implementations apply at a level and policy version, in
// a fixed order (baseline ids sorted, then restricted ids sorted), and the aggregate message.

import type { PodSpec } from 'kubernetes-types/core/v1.js';
import { baselineChecks, type CheckDefinition } from './baseline-checks.js';
import type { CheckPod, CheckResult, PodMetadata } from './check-helpers.js';
import type { LevelVersion } from './pod-security-levels.js';
import { restrictedChecks } from './restricted-checks.js';

/** The forbidden reasons and details of every failed check, in check order. */
export interface AggregateResult {
  readonly allowed: boolean;
  readonly reasons: readonly string[];
  readonly details: readonly string[];
}

/** `host ports, privileged` — what namespace-wide warnings show. */
export function forbiddenReason(r: AggregateResult): string {
  return r.reasons.join(', ');
}

/** `hostPort (container "a" uses hostPort 80), privileged (...)` — what single-pod messages show. */
export function forbiddenDetail(r: AggregateResult): string {
  return r.reasons.map((reason, i) => (r.details[i] ? `${reason} (${r.details[i]})` : reason)).join(', ');
}

/** Aggregates check results (a failure without reason reads "unknown forbidden reason"). */
export function aggregate(results: readonly CheckResult[]): AggregateResult {
  const reasons: string[] = [];
  const details: string[] = [];
  for (const r of results) {
    if (r.allowed) continue;
    reasons.push(r.reason || 'unknown forbidden reason');
    details.push(r.detail ?? '');
  }
  return { allowed: reasons.length === 0, reasons, details };
}

function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The newest minor any check version names; later versions (and latest) evaluate as this one. */
const allChecks: readonly CheckDefinition[] = [...baselineChecks, ...restrictedChecks];
export const MAX_POLICY_MINOR = Math.max(...allChecks.flatMap((c) => c.versions.map((v) => v.minor)));

function versionAt(def: CheckDefinition, minor: number): CheckDefinition['versions'][number] | undefined {
  let found: CheckDefinition['versions'][number] | undefined;
  for (const v of def.versions) if (v.minor <= minor) found = v;
  return found;
}

const cache = new Map<string, CheckPod[]>();

/** The check functions of a level at a policy version, in upstream's order. */
export function checksFor(lv: LevelVersion): CheckPod[] {
  if (lv.level === 'privileged') return [];
  const minor = lv.version.latest ? MAX_POLICY_MINOR : Math.min(lv.version.minor, MAX_POLICY_MINOR);
  const key = `${lv.level}:${minor}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const baseline = [...baselineChecks].sort((a, b) => byteCompare(a.id, b.id));
  const restricted =
    lv.level === 'restricted' ? [...restrictedChecks].sort((a, b) => byteCompare(a.id, b.id)) : [];
  const active = restricted.map((d) => versionAt(d, minor)).filter((v) => v !== undefined);
  const overridden = new Set(active.flatMap((v) => v.overrides ?? []));
  const fns: CheckPod[] = [];
  for (const d of baseline) {
    const v = versionAt(d, minor);
    if (v && !overridden.has(d.id)) fns.push(v.check);
  }
  for (const v of active) fns.push(v.check);
  cache.set(key, fns);
  return fns;
}

/** Evaluates a pod (or pod template) against a level and version. */
export function evaluatePod(lv: LevelVersion, meta: PodMetadata, spec: PodSpec): AggregateResult {
  return aggregate(checksFor(lv).map((check) => check(meta, spec)));
}
