import type { Pod } from 'kubernetes-types/core/v1.js';
import { maxContainerRestarts, parseTime, podIsActive, podIsReady, podReadySince } from './pod-readiness.js';

const phaseOrdinal: Readonly<Record<string, number>> = { Pending: 0, Unknown: 1, Running: 2 };
const deletionCostAnnotation = 'controller.kubernetes.io/pod-deletion-cost';

function phaseRank(pod: Pod): number {
  return phaseOrdinal[pod.status?.phase ?? ''] ?? 0;
}

/** The pod-deletion-cost annotation as an int32 (0 when absent or invalid, as upstream). */
export function podDeletionCost(pod: Pod): number {
  const text = pod.metadata?.annotations?.[deletionCostAnnotation];
  if (text === undefined || !/^[+-]?\d+$/.test(text.trim())) return 0;
  const n = Number(text.trim());
  return n >= -(2 ** 31) && n < 2 ** 31 ? n : 0;
}

/** afterOrZero: t1 after t2, where a zero (absent) time counts as after any other. */
function afterOrZero(t1: number | undefined, t2: number | undefined): boolean {
  if (!t1 || !t2) return !t1;
  return t1 > t2;
}

/** log2 of how long ago `t` was, in nanoseconds, truncated (-1 when not in the past). */
function logRank(t: number, nowMs: number): number {
  const d = (nowMs - t) * 1e6;
  return d > 0 ? Math.trunc(Math.log2(d)) : -1;
}

/** A pod to rank, with how many related active pods share its node. */
export interface RankedPod {
  readonly pod: Pod;
  readonly rank: number;
}

/**
 * controller.ActivePodsWithRanks.Less: negative when `a` should be deleted before `b`. Unassigned
 * before assigned; Pending < Unknown < Running; not ready before ready; lower pod-deletion-cost
 * first; more pods on the same node first; ready for less time first; more restarts first; newer
 * first. Times compare on a log2 scale of their age at `nowMs` (LogarithmicScaleDown), ties by UID.
 */
export function compareForDeletion(a: RankedPod, b: RankedPod, nowMs: number): number {
  const pa = a.pod;
  const pb = b.pod;
  const na = pa.spec?.nodeName ?? '';
  const nb = pb.spec?.nodeName ?? '';
  if (na !== nb && (na === '' || nb === '')) return na === '' ? -1 : 1;
  if (phaseRank(pa) !== phaseRank(pb)) return phaseRank(pa) - phaseRank(pb);
  const ra = podIsReady(pa);
  const rb = podIsReady(pb);
  if (ra !== rb) return ra ? 1 : -1;
  const ca = podDeletionCost(pa);
  const cb = podDeletionCost(pb);
  if (ca !== cb) return ca - cb;
  if (a.rank !== b.rank) return b.rank - a.rank;
  if (ra && rb) {
    const ta = podReadySince(pa) || undefined;
    const tb = podReadySince(pb) || undefined;
    if (ta !== tb) {
      const less = timeLess(ta, tb, pa, pb, nowMs);
      if (less !== undefined) return less;
    }
  }
  const restarts = maxContainerRestarts(pb) - maxContainerRestarts(pa);
  if (restarts !== 0) return restarts;
  const ta = parseTime(pa.metadata?.creationTimestamp);
  const tb = parseTime(pb.metadata?.creationTimestamp);
  if (ta !== tb) {
    const less = timeLess(ta, tb, pa, pb, nowMs);
    if (less !== undefined) return less;
  }
  return 0;
}

/** Newer (or zero) time first; on the log scale, equal ranks fall back to UID order. */
function timeLess(
  ta: number | undefined,
  tb: number | undefined,
  pa: Pod,
  pb: Pod,
  nowMs: number,
): number | undefined {
  if (!ta || !tb) return afterOrZero(ta, tb) ? -1 : 1;
  const diff = logRank(ta, nowMs) - logRank(tb, nowMs);
  if (diff === 0) {
    const ua = pa.metadata?.uid ?? '';
    const ub = pb.metadata?.uid ?? '';
    return ua < ub ? -1 : ua > ub ? 1 : 0;
  }
  return diff < 0 ? -1 : 1;
}

/**
 * getPodsToDelete: the `count` pods of `pods` to delete first, each ranked by how many active
 * `related` pods (those of every ReplicaSet of the same owner) run on its node.
 */
export function podsToDelete(
  pods: readonly Pod[],
  related: readonly Pod[],
  count: number,
  nowMs: number,
): Pod[] {
  if (count >= pods.length) return pods.slice(0, count);
  const onNode = new Map<string, number>();
  for (const p of related) {
    if (!podIsActive(p)) continue;
    const node = p.spec?.nodeName ?? '';
    onNode.set(node, (onNode.get(node) ?? 0) + 1);
  }
  const ranked = pods.map((pod) => ({ pod, rank: onNode.get(pod.spec?.nodeName ?? '') ?? 0 }));
  ranked.sort((a, b) => compareForDeletion(a, b, nowMs));
  return ranked.slice(0, count).map((r) => r.pod);
}
