// Upstream's controller.ActivePods ordering: which active pods to remove first.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { isPodReady, maxContainerRestarts, podCondition, timeMs } from './workload-pod-state.js';

const phaseOrdinal: Readonly<Record<string, number>> = { Pending: 0, Unknown: 1, Running: 2 };

// Zero (absent) times sort first; otherwise the later time is the "smaller" one.
function afterOrZero(a: number | undefined, b: number | undefined): boolean {
  if (a === undefined || b === undefined) return a === undefined;
  return a > b;
}

/**
 * Compares two pods for deletion preference: negative when `a` should go first. Unassigned before
 * assigned, Pending < Unknown < Running, not ready before ready, ready more recently first, more
 * restarts first, newer first.
 */
export function compareActivePodsForRemoval(a: Pod, b: Pod): number {
  return lessActive(a, b) ? -1 : lessActive(b, a) ? 1 : 0;
}

function lessActive(a: Pod, b: Pod): boolean {
  const na = a.spec?.nodeName ?? '';
  const nb = b.spec?.nodeName ?? '';
  if (na !== nb && (na === '' || nb === '')) return na === '';
  const pa = phaseOrdinal[a.status?.phase ?? ''] ?? 0;
  const pb = phaseOrdinal[b.status?.phase ?? ''] ?? 0;
  if (pa !== pb) return pa < pb;
  const ra = isPodReady(a);
  const rb = isPodReady(b);
  if (ra !== rb) return !ra;
  if (ra && rb) {
    const ta = timeMs(podCondition(a, 'Ready')?.lastTransitionTime);
    const tb = timeMs(podCondition(b, 'Ready')?.lastTransitionTime);
    if (ta !== tb) return afterOrZero(ta, tb);
  }
  const ca = maxContainerRestarts(a);
  const cb = maxContainerRestarts(b);
  if (ca !== cb) return ca > cb;
  const ka = timeMs(a.metadata?.creationTimestamp);
  const kb = timeMs(b.metadata?.creationTimestamp);
  if (ka !== kb) return afterOrZero(ka, kb);
  return false;
}
