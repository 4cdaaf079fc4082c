import type { ContainerStatus, Pod, PodSpec } from 'kubernetes-types/core/v1.js';
import { formatRfc3339 } from '../base/rfc3339.js';
import { hasAnyRegularContainerStarted, isRestartableInitContainer, type PodPhase } from './pod-phase.js';

/** A pod condition on the wire; the kubelet's own carry lastProbeTime null, as Go's zero time marshals. */
export interface PodConditionStatus {
  type: string;
  status: string;
  lastProbeTime?: string | null;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** The condition types the kubelet owns (kubetypes.PodConditionsByKubelet with PodReadyToStartContainers). */
export const kubeletPodConditionTypes: ReadonlySet<string> = new Set([
  'PodScheduled',
  'Ready',
  'Initialized',
  'ContainersReady',
  'PodReadyToStartContainers',
]);

type Generated = Omit<PodConditionStatus, 'lastProbeTime' | 'lastTransitionTime'> & {
  status: 'True' | 'False';
};

// Go prints a []string with %s as "[a b]".
function goList(names: readonly string[]): string {
  return `[${names.join(' ')}]`;
}

function statusOf(statuses: readonly ContainerStatus[], name: string): ContainerStatus | undefined {
  return statuses.find((s) => s.name === name);
}

/** ContainersReady: True when every container (and sidecar) is ready; PodCompleted/PodFailed once terminal. */
export function containersReadyCondition(
  spec: PodSpec | undefined,
  statuses: readonly ContainerStatus[],
  phase: PodPhase,
): Generated {
  const unknown: string[] = [];
  const unready: string[] = [];
  const check = (name: string) => {
    const s = statusOf(statuses, name);
    if (s === undefined) unknown.push(name);
    else if (!s.ready) unready.push(name);
  };
  for (const c of spec?.initContainers ?? []) if (isRestartableInitContainer(c)) check(c.name);
  for (const c of spec?.containers ?? []) check(c.name);
  if (phase === 'Succeeded' && unknown.length === 0)
    return { type: 'ContainersReady', status: 'False', reason: 'PodCompleted' };
  if (phase === 'Failed') return { type: 'ContainersReady', status: 'False', reason: 'PodFailed' };
  const messages: string[] = [];
  if (unknown.length > 0) messages.push(`containers with unknown status: ${goList(unknown)}`);
  if (unready.length > 0) messages.push(`containers with unready status: ${goList(unready)}`);
  if (messages.length > 0)
    return {
      type: 'ContainersReady',
      status: 'False',
      reason: 'ContainersNotReady',
      message: messages.join(', '),
    };
  return { type: 'ContainersReady', status: 'True' };
}

/** Ready: ContainersReady's verdict, then every readiness gate's condition must be True. */
export function podReadyCondition(
  spec: PodSpec | undefined,
  conditions: readonly { type: string; status: string }[],
  statuses: readonly ContainerStatus[],
  phase: PodPhase,
): Generated {
  const containersReady = containersReadyCondition(spec, statuses, phase);
  if (containersReady.status !== 'True') return { ...containersReady, type: 'Ready' };
  const messages: string[] = [];
  for (const gate of spec?.readinessGates ?? []) {
    const c = conditions.find((x) => x.type === gate.conditionType);
    if (c === undefined)
      messages.push(`corresponding condition of pod readiness gate "${gate.conditionType}" does not exist.`);
    else if (c.status !== 'True')
      messages.push(
        `the status of pod readiness gate "${gate.conditionType}" is not "True", but ${c.status}`,
      );
  }
  if (messages.length > 0)
    return { type: 'Ready', status: 'False', reason: 'ReadinessGatesNotReady', message: messages.join(', ') };
  return { type: 'Ready', status: 'True' };
}

/** Initialized: True once every init container completed (or sidecar started), or any container ran. */
export function podInitializedCondition(
  spec: PodSpec | undefined,
  statuses: readonly ContainerStatus[],
  phase: PodPhase,
): Generated {
  const inits = spec?.initContainers ?? [];
  if (inits.length === 0) return { type: 'Initialized', status: 'True' };
  const unknown: string[] = [];
  const incomplete: string[] = [];
  for (const c of inits) {
    const s = statusOf(statuses, c.name);
    if (s === undefined) unknown.push(c.name);
    else if (isRestartableInitContainer(c) ? s.started !== true : !s.ready) incomplete.push(c.name);
  }
  if (phase === 'Succeeded' && unknown.length === 0)
    return { type: 'Initialized', status: 'True', reason: 'PodCompleted' };
  if (hasAnyRegularContainerStarted(spec, statuses)) return { type: 'Initialized', status: 'True' };
  const messages: string[] = [];
  if (unknown.length > 0) messages.push(`containers with unknown status: ${goList(unknown)}`);
  if (incomplete.length > 0) messages.push(`containers with incomplete status: ${goList(incomplete)}`);
  if (messages.length > 0)
    return {
      type: 'Initialized',
      status: 'False',
      reason: 'ContainersNotInitialized',
      message: messages.join(', '),
    };
  return { type: 'Initialized', status: 'True' };
}

/** Inputs of kubeletPodConditions. */
export interface PodConditionsInput {
  readonly pod: Pod;
  readonly initStatuses: readonly ContainerStatus[];
  readonly statuses: readonly ContainerStatus[];
  readonly phase: PodPhase;
  /** The sandbox exists with its network set up (PodReadyToStartContainers). */
  readonly sandboxReady: boolean;
  /** Conditions of the last status the kubelet generated (or the API's): transition times carry over. */
  readonly previous: readonly { type: string; status: string; lastTransitionTime?: string }[];
  readonly now: number;
}

/**
 * The pod's conditions as the kubelet writes them: conditions it does not own, in their order, then
 * PodReadyToStartContainers, Initialized, Ready, ContainersReady and PodScheduled. A condition keeps
 * its lastTransitionTime while its status is unchanged from `previous` (the status manager's rule).
 */
export function kubeletPodConditions(input: PodConditionsInput): PodConditionStatus[] {
  const { pod, phase } = input;
  const spec = pod.spec;
  const all = [...input.initStatuses, ...input.statuses];
  const foreign = (pod.status?.conditions ?? [])
    .filter((c) => !kubeletPodConditionTypes.has(c.type))
    .map((c): PodConditionStatus => c);
  const generated: Generated[] = [
    { type: 'PodReadyToStartContainers', status: input.sandboxReady ? 'True' : 'False' },
    podInitializedCondition(spec, all, phase),
    podReadyCondition(spec, foreign, all, phase),
    containersReadyCondition(spec, all, phase),
    { type: 'PodScheduled', status: 'True' },
  ];
  const now = formatRfc3339(input.now);
  const owned = generated.map((g): PodConditionStatus => {
    const old = input.previous.find((c) => c.type === g.type);
    const since =
      old !== undefined && old.status === g.status && old.lastTransitionTime ? old.lastTransitionTime : now;
    return {
      type: g.type,
      status: g.status,
      lastProbeTime: null,
      lastTransitionTime: since,
      ...(g.reason !== undefined ? { reason: g.reason } : {}),
      ...(g.message !== undefined ? { message: g.message } : {}),
    };
  });
  return [...foreign, ...owned];
}
