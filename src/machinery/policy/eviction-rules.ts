// The decisions of upstream's pods/eviction subresource (EvictionREST.Create) that need no I/O:
// which pods skip the budget, which unhealthy pods may go without using it, and the budget check
// itself. The apiserver's handler does the reads, writes and retries around them.
import type { Pod, PodCondition } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { formatRfc3339 } from '../../base/rfc3339.js';
import { forbidden, StatusError, tooManyRequests } from '../errors/index.js';
import { disruptionAllowedCondition } from './pdb-conditions.js';
import { isPodHealthy } from './pdb-pods.js';

/** More disrupted pods than this in a PDB's status means the controller is not keeping up. */
export const maxDisruptedPodSize = 2000;

/** The message of every budget refusal (429). */
export const evictionRefusedMessage = "Cannot evict pod as it would violate the pod's disruption budget.";

/** The message of the 500 Status answered when several budgets select the pod. */
export const multipleBudgetsMessage =
  'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.';

/** The condition the eviction subresource adds to the pod before deleting it. */
export const evictionDisruptionCondition: Readonly<PodCondition> = {
  type: 'DisruptionTarget',
  status: 'True',
  reason: 'EvictionByEvictionAPI',
  message: 'Eviction API: evicting',
};

function withBudgetCause(error: StatusError, message: string): StatusError {
  const status = error.status;
  return new StatusError({
    ...status,
    details: { ...(status.details ?? {}), causes: [{ reason: 'DisruptionBudget', message }] },
  });
}

/**
 * 429 for a budget the disruption controller has not caught up with, or an unhealthy pod that
 * turned healthy meanwhile (createTooManyRequestsError): clients retry after 10 s.
 */
export function budgetNotProcessedError(pdbName: string): StatusError {
  return withBudgetCause(
    tooManyRequests(evictionRefusedMessage, 10),
    `The disruption budget ${pdbName} is still being processed by the server.`,
  );
}

function budgetForbidden(name: string, why: string): StatusError {
  return forbidden({ group: 'policy', resource: 'poddisruptionbudget' }, name, why);
}

/**
 * Pods whose eviction needs no budget (canIgnorePDB): finished ones already disrupted their
 * application, pending ones never served, terminating ones are going anyway.
 */
export function canIgnoreBudget(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return (
    phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || !!pod.metadata?.deletionTimestamp
  );
}

/**
 * Whether deleting a budget-free pod must be guarded by the version read (shouldEnforceResourceVersion):
 * a pending pod could turn ready, and so budget-relevant, before the delete lands.
 */
export function shouldEnforceResourceVersion(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return !(phase === 'Succeeded' || phase === 'Failed' || pod.metadata?.deletionTimestamp);
}

/**
 * True when an unready pod may be deleted without using the budget: the budget's policy is
 * AlwaysAllow, or (IfHealthyBudget, the default) the application is healthy without the pod.
 */
export function unhealthyPodBypassesBudget(pod: Pod, pdb: PodDisruptionBudget): boolean {
  if (isPodHealthy(pod)) return false;
  if (pdb.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow') return true;
  const current = pdb.status?.currentHealthy ?? 0;
  const desired = pdb.status?.desiredHealthy ?? 0;
  return current >= desired && desired > 0;
}

/**
 * Checks that `pdb` allows one more disruption and returns it with the disruption taken
 * (checkAndDecrement): disruptionsAllowed one lower, DisruptionAllowed turned False at zero and,
 * unless dry-run, `podName` recorded in disruptedPods at `nowMs` so the controller does not count
 * it as healthy meanwhile. Throws 429 when the controller is behind or nothing may be disrupted,
 * 403 for a negative allowance or an overfull disruptedPods map.
 */
export function takeDisruption(
  pdb: PodDisruptionBudget,
  podName: string,
  nowMs: number,
  dryRun: boolean,
): PodDisruptionBudget {
  const name = pdb.metadata?.name ?? '';
  const status = pdb.status ?? {
    currentHealthy: 0,
    desiredHealthy: 0,
    expectedPods: 0,
    disruptionsAllowed: 0,
  };
  const allowed = status.disruptionsAllowed ?? 0;
  if ((status.observedGeneration ?? 0) < (pdb.metadata?.generation ?? 0)) throw budgetNotProcessedError(name);
  if (allowed < 0) throw budgetForbidden(name, 'pdb disruptions allowed is negative');
  if (Object.keys(status.disruptedPods ?? {}).length > maxDisruptedPodSize)
    throw budgetForbidden(
      name,
      'DisruptedPods map too big - too many evictions not confirmed by PDB controller',
    );
  if (allowed === 0)
    throw withBudgetCause(
      tooManyRequests(evictionRefusedMessage, 0),
      `The disruption budget ${name} needs ${status.desiredHealthy ?? 0} healthy pods and has ${status.currentHealthy ?? 0} currently`,
    );
  const nowIso = formatRfc3339(nowMs);
  const next = { ...status, disruptionsAllowed: allowed - 1 };
  if (next.disruptionsAllowed === 0)
    next.conditions = disruptionAllowedCondition(
      status.conditions,
      0,
      status.observedGeneration ?? 0,
      nowIso,
    );
  if (!dryRun) next.disruptedPods = { ...(status.disruptedPods ?? {}), [podName]: nowIso };
  return { ...pdb, status: next };
}
