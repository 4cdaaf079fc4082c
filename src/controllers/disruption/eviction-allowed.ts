import type { Pod, PodCondition } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { formatRfc3339 } from '../../base/rfc3339.js';
import { makeStatus, StatusError, forbidden, tooManyRequests } from '../../machinery/errors/index.js';
import { selectorFromLabelSelector } from '../../machinery/labels/index.js';
import { isPodReady } from '../shared/infra-pod.js';
import { disruptionAllowedCondition } from './pdb-math.js';

/** More disrupted pods than this in a PDB's status means the controller is not keeping up. */
export const maxDisruptedPodSize = 2000;

/** The message of every PDB refusal (429). */
export const evictionRefusedMessage = "Cannot evict pod as it would violate the pod's disruption budget.";

/** The condition the eviction subresource adds to the pod before deleting it. */
export const evictionDisruptionCondition: PodCondition = {
  type: 'DisruptionTarget',
  status: 'True',
  reason: 'EvictionByEvictionAPI',
  message: 'Eviction API: evicting',
};

/**
 * What the pods/eviction subresource must do for one pod (upstream's EvictionREST.Create, without
 * the I/O):
 *
 * - `delete`: add `evictionDisruptionCondition` to the pod (unless dry-run), then delete it with
 *   the request's DeleteOptions, with `preconditionResourceVersion` as the resourceVersion
 *   precondition when set (re-pointed at the version the condition update produced). If that
 *   guarded delete fails with Conflict, answer `conflictError` when given, else re-read pod and
 *   PDBs and decide again (up to 20 tries).
 * - `decrement`: write `budget` through the PDB's status subresource (its resourceVersion guards
 *   the write; disruptionsAllowed is one lower and the pod is in disruptedPods); on Conflict re-read
 *   the PDBs and decide again (after 20 conflicts answer 504 Timeout `couldn't update
 *   PodDisruptionBudget "<name>" due to conflicts`). Once written, delete as for `delete` without
 *   a precondition.
 * - `reject`: answer `error` (429 TooManyRequests with a DisruptionBudget cause, 403 Forbidden, or
 *   a 500 Status for several PDBs) and delete nothing.
 */
export type EvictionDecision =
  | {
      readonly kind: 'delete';
      readonly preconditionResourceVersion?: string;
      readonly conflictError?: StatusError;
    }
  | { readonly kind: 'decrement'; readonly budget: PodDisruptionBudget }
  | { readonly kind: 'reject'; readonly error: StatusError };

/** How an eviction is decided. */
export interface EvictionOptions {
  /** Now, for the disruptedPods entry (ms since the epoch). */
  readonly now: number;
  /** A dry-run eviction checks the budget but writes nothing. */
  readonly dryRun?: boolean;
  /** The request's own DeleteOptions carried a resourceVersion precondition (then none is added). */
  readonly requestHasResourceVersion?: boolean;
}

function withCause(error: StatusError, message: string): StatusError {
  const status = error.status;
  return new StatusError({
    ...status,
    details: { ...(status.details ?? {}), causes: [{ reason: 'DisruptionBudget', message }] },
  });
}

/** 429 for a PDB whose status the controller has not caught up with (createTooManyRequestsError). */
export function budgetNotProcessedError(pdbName: string): StatusError {
  return withCause(
    tooManyRequests(evictionRefusedMessage, 10),
    `The disruption budget ${pdbName} is still being processed by the server.`,
  );
}

function budgetForbidden(name: string, why: string): StatusError {
  return forbidden({ group: 'policy', resource: 'poddisruptionbudget' }, name, why);
}

/** The PDBs whose selector matches the pod; an empty or invalid selector matches nothing here. */
export function budgetsForPod(pdbs: readonly PodDisruptionBudget[], pod: Pod): PodDisruptionBudget[] {
  return pdbs.filter((pdb) => {
    if (pdb.metadata?.namespace !== pod.metadata?.namespace) return false;
    try {
      const selector = selectorFromLabelSelector(pdb.spec?.selector);
      return !selector.isEmpty() && selector.matches(pod.metadata?.labels ?? {});
    } catch {
      return false;
    }
  });
}

/**
 * Decides an eviction of `pod` given the PDBs of its namespace (see EvictionDecision). Terminal,
 * pending and terminating pods, and pods no PDB covers, are simply deleted; unready pods are
 * deleted without using the budget when the policy allows; otherwise the budget must allow one
 * more disruption.
 */
export function evictionAllowed(
  pdbs: readonly PodDisruptionBudget[],
  pod: Pod,
  options: EvictionOptions,
): EvictionDecision {
  const phase = pod.status?.phase;
  const terminating = !!pod.metadata?.deletionTimestamp;
  if (phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || terminating) {
    // A pending pod could turn ready meanwhile: its deletion is guarded by its version.
    const enforce = !(phase === 'Succeeded' || phase === 'Failed' || terminating);
    return enforce && !options.requestHasResourceVersion
      ? { kind: 'delete', preconditionResourceVersion: pod.metadata?.resourceVersion ?? '' }
      : { kind: 'delete' };
  }
  const matching = budgetsForPod(pdbs, pod);
  if (matching.length > 1) {
    const status = makeStatus({
      status: 'Failure',
      message:
        'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
      code: 500,
    });
    return { kind: 'reject', error: new StatusError(status) };
  }
  const pdb = matching[0];
  if (pdb === undefined) return { kind: 'delete' };
  const name = pdb.metadata?.name ?? '';
  const s = pdb.status ?? { currentHealthy: 0, desiredHealthy: 0, expectedPods: 0, disruptionsAllowed: 0 };

  if (!isPodReady(pod)) {
    const alwaysAllow = pdb.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow';
    const budgetHealthy = (s.currentHealthy ?? 0) >= (s.desiredHealthy ?? 0) && (s.desiredHealthy ?? 0) > 0;
    if (alwaysAllow || budgetHealthy) {
      // An unready pod does not count as healthy: deleting it uses no budget, as long as it stays
      // unready — its version guards the delete (replacing any the request carried).
      return {
        kind: 'delete',
        preconditionResourceVersion: pod.metadata?.resourceVersion ?? '',
        ...(options.requestHasResourceVersion ? {} : { conflictError: budgetNotProcessedError(name) }),
      };
    }
  }

  if ((s.observedGeneration ?? 0) < (pdb.metadata?.generation ?? 0))
    return { kind: 'reject', error: budgetNotProcessedError(name) };
  if ((s.disruptionsAllowed ?? 0) < 0)
    return { kind: 'reject', error: budgetForbidden(name, 'pdb disruptions allowed is negative') };
  if (Object.keys(s.disruptedPods ?? {}).length > maxDisruptedPodSize)
    return {
      kind: 'reject',
      error: budgetForbidden(
        name,
        'DisruptedPods map too big - too many evictions not confirmed by PDB controller',
      ),
    };
  if ((s.disruptionsAllowed ?? 0) === 0)
    return {
      kind: 'reject',
      error: withCause(
        tooManyRequests(evictionRefusedMessage, 0),
        `The disruption budget ${name} needs ${s.desiredHealthy ?? 0} healthy pods and has ${s.currentHealthy ?? 0} currently`,
      ),
    };
  if (options.dryRun) return { kind: 'delete' };

  const disruptionsAllowed = (s.disruptionsAllowed ?? 0) - 1;
  const conditions =
    disruptionsAllowed === 0
      ? disruptionAllowedCondition(s.conditions, 0, s.observedGeneration ?? 0, formatRfc3339(options.now))
      : s.conditions;
  return {
    kind: 'decrement',
    budget: {
      ...pdb,
      status: {
        ...s,
        disruptionsAllowed,
        ...(conditions !== undefined ? { conditions } : {}),
        disruptedPods: { ...(s.disruptedPods ?? {}), [pod.metadata?.name ?? '']: formatRfc3339(options.now) },
      },
    },
  };
}
