import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1.js';
import { humanDuration, parseTimestamp } from './duration.js';
import type { RowCondition } from './types.js';

/** The Ready, Status and Restarts cells of a pod, and the row conditions its phase implies. */
export interface PodSummary {
  /** "ready/total", sidecars (restartable init containers) counted in both. */
  readonly ready: string;
  /** What kubectl shows under STATUS: a phase, a container reason, "Init:1/2", "Terminating", ... */
  readonly status: string;
  /** "N", or "N (<age> ago)" after the most recent container termination. */
  readonly restarts: string;
  readonly conditions?: readonly RowCondition[];
}

const succeeded: readonly RowCondition[] = [
  { type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' },
];
const failed: readonly RowCondition[] = [
  { type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' },
];

// Tracks a restart count and the latest lastState.terminated.finishedAt among the counted containers.
class Restarts {
  count = 0;
  latest: number | undefined;

  add(status: ContainerStatus): void {
    this.count += status.restartCount ?? 0;
    const finished = parseTimestamp(status.lastState?.terminated?.finishedAt);
    if (finished !== undefined && (this.latest === undefined || finished > this.latest))
      this.latest = finished;
  }
}

function conditionIsTrue(pod: Pod, type: string): boolean {
  // Upstream stops at the first condition of the type.
  return pod.status?.conditions?.find((c) => c.type === type)?.status === 'True';
}

function terminatedReason(t: { reason?: string; signal?: number; exitCode: number }): string {
  if (t.reason) return t.reason;
  return t.signal ? `Signal:${t.signal}` : `ExitCode:${t.exitCode}`;
}

/**
 * Computes the pod's Ready/Status/Restarts cells with upstream 1.32's algorithm: init containers
 * first (the first unfinished one decides "Init:..."), then app containers from last to first,
 * where a waiting or terminated reason wins; deletion shows "Terminating" unless the phase is final.
 */
export function podSummary(pod: Pod, now: Date): PodSummary {
  const spec = pod.spec;
  const status = pod.status ?? {};
  const sidecars = new Set(
    (spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => c.name),
  );
  const total = (spec?.containers ?? []).length + sidecars.size;
  let ready = 0;
  let reason = status.reason || status.phase || '';
  if (status.conditions?.some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) {
    reason = 'SchedulingGated';
  }

  // Init container restarts only count while the pod is still initializing; sidecar restarts always do.
  const initRestarts = new Restarts();
  const sidecarRestarts = new Restarts();
  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (const [i, c] of initStatuses.entries()) {
    initRestarts.add(c);
    const isSidecar = sidecars.has(c.name);
    if (isSidecar) sidecarRestarts.add(c);
    const terminated = c.state?.terminated;
    const waiting = c.state?.waiting;
    if (terminated && terminated.exitCode === 0) continue;
    if (isSidecar && c.started === true) {
      if (c.ready) ready++;
      continue;
    }
    if (terminated) reason = `Init:${terminatedReason(terminated)}`;
    else if (waiting?.reason && waiting.reason !== 'PodInitializing') reason = `Init:${waiting.reason}`;
    else reason = `Init:${i}/${(spec?.initContainers ?? []).length}`;
    initializing = true;
    break;
  }

  let restarts = initRestarts;
  if (!initializing || conditionIsTrue(pod, 'Initialized')) {
    restarts = sidecarRestarts;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i] as ContainerStatus;
      restarts.add(c);
      const waiting = c.state?.waiting;
      const terminated = c.state?.terminated;
      if (waiting?.reason) reason = waiting.reason;
      else if (terminated) reason = terminatedReason(terminated);
      else if (c.ready && c.state?.running) {
        hasRunning = true;
        ready++;
      }
    }
    // A pod whose last-listed container completed but which still runs others is not "Completed".
    if (reason === 'Completed' && hasRunning) reason = conditionIsTrue(pod, 'Ready') ? 'Running' : 'NotReady';
  }

  if (pod.metadata?.deletionTimestamp) {
    if (status.reason === 'NodeLost') reason = 'Unknown';
    else if (status.phase !== 'Succeeded' && status.phase !== 'Failed') reason = 'Terminating';
  }

  const restartsCell =
    restarts.count !== 0 && restarts.latest !== undefined
      ? `${restarts.count} (${humanDuration(now.getTime() - restarts.latest)} ago)`
      : String(restarts.count);
  const conditions =
    status.phase === 'Succeeded' ? succeeded : status.phase === 'Failed' ? failed : undefined;
  return {
    ready: `${ready}/${total}`,
    status: reason,
    restarts: restartsCell,
    ...(conditions ? { conditions } : {}),
  };
}
