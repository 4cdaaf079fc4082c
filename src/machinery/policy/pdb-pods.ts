import type { Pod } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { selectorFromLabelSelector } from '../labels/index.js';

/**
 * True when a pod counts as healthy for disruption budgets: its Ready condition is True
 * (podutil.IsPodReady, upstream's current definition of healthy for the controller and evictions).
 */
export function isPodHealthy(pod: Pod): boolean {
  return pod.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
}

/**
 * What an empty selector ({}) selects: the disruption controller's v1 lister lets it match every
 * pod, while the eviction subresource lets it match none. An absent or invalid selector matches
 * nothing either way.
 */
export type EmptySelectorMeaning = 'every-pod' | 'no-pod';

/** The PDBs of the pod's namespace whose selector matches the pod's labels, in list order. */
export function budgetsSelectingPod(
  pdbs: readonly PodDisruptionBudget[],
  pod: Pod,
  emptySelector: EmptySelectorMeaning,
): PodDisruptionBudget[] {
  const labels = pod.metadata?.labels ?? {};
  return pdbs.filter((pdb) => {
    if (pdb.metadata?.namespace !== pod.metadata?.namespace) return false;
    try {
      const selector = selectorFromLabelSelector(pdb.spec?.selector);
      if (selector.isEmpty() && emptySelector === 'no-pod') return false;
      return selector.matches(labels);
    } catch {
      // An invalid selector matches no pod.
      return false;
    }
  });
}
