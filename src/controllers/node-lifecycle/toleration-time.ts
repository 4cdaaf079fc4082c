import type { Taint, Toleration } from 'kubernetes-types/core/v1.js';
import { toleratesTaint } from '../shared/infra-taints.js';

/** The NoExecute taints of a taint list. */
export function noExecuteTaints(taints: readonly Taint[] | undefined): Taint[] {
  return (taints ?? []).filter((t) => t.effect === 'NoExecute');
}

/**
 * Whether every taint is tolerated, and the tolerations that do it (GetMatchingTolerations).
 */
export function matchingTolerations(
  taints: readonly Taint[],
  tolerations: readonly Toleration[] | undefined,
): { allTolerated: boolean; used: Toleration[] } {
  const used: Toleration[] = [];
  for (const taint of taints) {
    const matching = (tolerations ?? []).filter((t) => toleratesTaint(t, taint));
    if (matching.length === 0) return { allTolerated: false, used: [] };
    used.push(...matching);
  }
  return { allTolerated: true, used };
}

/**
 * How long the tolerations let a pod stay, in ms: the smallest tolerationSeconds (0 when one is
 * not positive, or when there are none), or -1 when none sets a limit (getMinTolerationTime).
 */
export function minTolerationTimeMs(tolerations: readonly Toleration[]): number {
  if (tolerations.length === 0) return 0;
  let min = Infinity;
  for (const t of tolerations) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    if (t.tolerationSeconds <= 0) return 0;
    min = Math.min(min, t.tolerationSeconds);
  }
  return min === Infinity ? -1 : min * 1000;
}

/**
 * When a pod on a node with these NoExecute taints must go: `now` when a taint is not tolerated,
 * never (undefined) when the tolerations have no time limit, else now + the shortest limit.
 */
export function evictionTime(
  taints: readonly Taint[],
  tolerations: readonly Toleration[] | undefined,
  now: number,
): { at: number } | undefined {
  const { allTolerated, used } = matchingTolerations(taints, tolerations);
  if (!allTolerated) return { at: now };
  const ms = minTolerationTimeMs(used);
  return ms < 0 ? undefined : { at: now + ms };
}
