import type { Container, ContainerStatus, PodSpec } from 'kubernetes-types/core/v1.js';

/** The phase a kubelet reports. */
export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

/** True for a sidecar: an init container with restartPolicy Always. */
export function isRestartableInitContainer(container: Container): boolean {
  return container.restartPolicy === 'Always';
}

/** True when any regular (non-init) container has run: it is running or has terminated. */
export function hasAnyRegularContainerStarted(
  spec: PodSpec | undefined,
  statuses: readonly ContainerStatus[],
): boolean {
  const names = new Set((spec?.containers ?? []).map((c) => c.name));
  return statuses.some((s) => names.has(s.name) && (s.state?.running || s.state?.terminated));
}

function byName(statuses: readonly ContainerStatus[]): Map<string, ContainerStatus> {
  return new Map(statuses.map((s) => [s.name, s]));
}

/**
 * The pod phase from its container statuses — the kubelet's getPhase (1.32): pending while any init
 * container or container has yet to run, Running while one runs, and once every container stopped
 * the restart policy decides; a pod the kubelet knows to be terminal ends Succeeded or Failed.
 */
export function podPhase(
  spec: PodSpec | undefined,
  initStatuses: readonly ContainerStatus[],
  statuses: readonly ContainerStatus[],
  podIsTerminal: boolean,
): PodPhase {
  const restartPolicy = spec?.restartPolicy ?? 'Always';
  const all = [...initStatuses, ...statuses];
  const initByName = byName(initStatuses);
  let pendingRegularInit = 0;
  let pendingRestartableInit = 0;
  let failedInit = 0;
  for (const c of spec?.initContainers ?? []) {
    const s = initByName.get(c.name);
    if (isRestartableInitContainer(c)) {
      if (s === undefined || s.started !== true) pendingRestartableInit++;
      continue;
    }
    if (s === undefined) {
      pendingRegularInit++;
      continue;
    }
    if (s.state?.running) pendingRegularInit++;
    else if (s.state?.terminated) {
      if (s.state.terminated.exitCode !== 0) failedInit++;
    } else if (s.state?.waiting) {
      const last = s.lastState?.terminated;
      if (last) {
        if (last.exitCode !== 0) failedInit++;
      } else pendingRegularInit++;
    } else pendingRegularInit++;
  }

  const mainByName = byName(statuses);
  let unknown = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const c of spec?.containers ?? []) {
    const s = mainByName.get(c.name);
    if (s === undefined) {
      unknown++;
      continue;
    }
    if (s.state?.running) running++;
    else if (s.state?.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.state?.waiting) {
      if (s.lastState?.terminated) stopped++;
      else waiting++;
    } else unknown++;
  }

  if (failedInit > 0 && restartPolicy === 'Never') return 'Failed';
  if (
    pendingRegularInit > 0 ||
    (pendingRestartableInit > 0 && !hasAnyRegularContainerStarted(spec, all)) ||
    waiting > 0
  ) {
    return 'Pending';
  }
  if (running > 0 && unknown === 0) return 'Running';
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (podIsTerminal) return stopped === succeeded ? 'Succeeded' : 'Failed';
    if (restartPolicy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (restartPolicy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}
