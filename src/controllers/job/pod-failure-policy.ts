// Matching a failed pod against spec.podFailurePolicy (upstream's matchPodFailurePolicy): the first
// rule whose exit codes or pod conditions match decides — FailJob (with a message), Ignore (not
// counted against backoffLimit), Count, or FailIndex.
import type { PodFailurePolicy, PodFailurePolicyOnExitCodesRequirement } from 'kubernetes-types/batch/v1.js';
import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1.js';

/** What a failed pod means under the policy. */
export interface PodFailureVerdict {
  /** Set when a FailJob rule matched: the Job's failure message. */
  readonly failJobMessage?: string;
  /** False when an Ignore rule matched. */
  readonly countFailed: boolean;
  /** The action of the matching rule, if any. */
  readonly action?: 'FailJob' | 'FailIndex' | 'Ignore' | 'Count';
}

function exitCodeMatches(code: number, req: PodFailurePolicyOnExitCodesRequirement): boolean {
  if (req.operator === 'In') return req.values.includes(code);
  if (req.operator === 'NotIn') return !req.values.includes(code);
  return false;
}

// The first terminated container (exit code not 0) that the requirement matches.
function matchingContainer(
  statuses: readonly ContainerStatus[] | undefined,
  req: PodFailurePolicyOnExitCodesRequirement,
): ContainerStatus | undefined {
  for (const status of statuses ?? []) {
    const terminated = status.state?.terminated;
    if (terminated === undefined) continue;
    if (req.containerName && req.containerName !== status.name) continue;
    if (terminated.exitCode !== 0 && exitCodeMatches(terminated.exitCode, req)) return status;
  }
  return undefined;
}

/** Applies the policy to a failed pod; without a policy every failure counts. */
export function matchPodFailurePolicy(policy: PodFailurePolicy | undefined, pod: Pod): PodFailureVerdict {
  if (policy === undefined) return { countFailed: true };
  const ns = pod.metadata?.namespace ?? '';
  const name = pod.metadata?.name ?? '';
  for (const [index, rule] of policy.rules.entries()) {
    let failJobMessage: string | undefined;
    if (rule.onExitCodes) {
      const container =
        matchingContainer(pod.status?.containerStatuses, rule.onExitCodes) ??
        matchingContainer(pod.status?.initContainerStatuses, rule.onExitCodes);
      if (container === undefined) continue;
      failJobMessage = `Container ${container.name} for pod ${ns}/${name} failed with exit code ${container.state?.terminated?.exitCode} matching ${rule.action} rule at index ${index}`;
    } else if (rule.onPodConditions) {
      const condition = (pod.status?.conditions ?? []).find((c) =>
        rule.onPodConditions!.some((p) => p.type === c.type && (p.status || 'True') === c.status),
      );
      if (condition === undefined) continue;
      failJobMessage = `Pod ${ns}/${name} has condition ${condition.type} matching ${rule.action} rule at index ${index}`;
    } else {
      continue;
    }
    switch (rule.action) {
      case 'Ignore':
        return { countFailed: false, action: 'Ignore' };
      case 'Count':
        return { countFailed: true, action: 'Count' };
      case 'FailIndex':
        return { countFailed: true, action: 'FailIndex' };
      case 'FailJob':
        return { failJobMessage, countFailed: true, action: 'FailJob' };
      default:
        // An unknown action (a newer API) falls through to the next rule, as upstream's switch does.
        continue;
    }
  }
  return { countFailed: true };
}
