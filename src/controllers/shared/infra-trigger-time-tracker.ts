import type { Pod, Service } from 'kubernetes-types/core/v1.js';
import { podCondition, timeMs } from './infra-pod.js';

// The endpoints.kubernetes.io/last-change-trigger-time annotation: the earliest pod readiness
// transition (or Service creation) that changed since the previous sync (TriggerTimeTracker).

interface ServiceState {
  readonly pods: Map<string, number>;
  readonly service: number;
}

/** Per-Service memory of the trigger times seen by the last sync. */
export class TriggerTimeTracker {
  private readonly states = new Map<string, ServiceState>();

  /** The trigger time (ms) for this sync of `service` with `pods`; undefined when there is none. */
  compute(service: Service, pods: readonly Pod[]): number | undefined {
    const key = `${service.metadata?.namespace}/${service.metadata?.name}`;
    const previous = this.states.get(key);
    let min: number | undefined;
    const podTimes = new Map<string, number>();
    for (const pod of pods) {
      const t = timeMs(podCondition(pod.status, 'Ready')?.lastTransitionTime);
      if (t === undefined) continue;
      podTimes.set(pod.metadata?.name ?? '', t);
      if (t > (previous?.pods.get(pod.metadata?.name ?? '') ?? -Infinity)) min = Math.min(min ?? t, t);
    }
    const created = timeMs(service.metadata?.creationTimestamp) ?? 0;
    if (created > (previous?.service ?? -Infinity)) min = Math.min(min ?? created, created);
    this.states.set(key, { pods: podTimes, service: created });
    if (previous === undefined) return created || undefined;
    return min;
  }

  /** Forgets a deleted Service. */
  deleteService(namespace: string, name: string): void {
    this.states.delete(`${namespace}/${name}`);
  }
}

/** A trigger time as the annotation spells it (RFC 3339 with nanoseconds, trailing zeros trimmed). */
export function formatTriggerTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.replace(/\.?0*Z$/, 'Z');
}
