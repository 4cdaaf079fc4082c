import type { Container, Pod, PodSpec } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../../api/object.js';
import { formatRfc3339 } from '../../../base/rfc3339.js';
import { conflict } from '../../../machinery/errors/index.js';
import type { Strategy } from '../strategy.js';
import { kindValidation } from './simple-strategies.js';

/** Upstream's QoS class of a pod: Guaranteed, Burstable or BestEffort, from its containers' requests and limits. */
export function podQosClass(spec: PodSpec | undefined): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers: Container[] = [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])];
  let anySet = false;
  let guaranteed = true;
  for (const c of containers) {
    const requests = c.resources?.requests ?? {};
    const limits = c.resources?.limits ?? {};
    for (const r of ['cpu', 'memory']) {
      const req = requests[r];
      const lim = limits[r];
      if (req !== undefined || lim !== undefined) anySet = true;
      // Guaranteed needs cpu and memory limits on every container, with requests (if given) equal.
      if (lim === undefined || (req !== undefined && String(req) !== String(lim))) guaranteed = false;
    }
    for (const [name, v] of Object.entries({ ...requests, ...limits })) {
      if (name !== 'cpu' && name !== 'memory' && v !== undefined) anySet = true;
    }
  }
  if (!anySet) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** Pods: status starts Pending with a QoS class; deletion is graceful once a node runs the pod. */
export const podStrategy: Strategy = {
  hasStatus: true,
  tracksGeneration: false,
  allowCreateOnUpdate: false,
  allowUnconditionalUpdate: true,
  returnDeletedObject: true,
  ...kindValidation('', 'Pod'),
  prepareForCreate(object: KubeObject) {
    const pod = object as Pod;
    (object as { status?: unknown }).status = { phase: 'Pending', qosClass: podQosClass(pod.spec) };
  },
  subresourceWrites: {
    // A Binding assigns the pod to a node once (upstream's assignPod): nodeName, the binding's
    // annotations and the PodScheduled condition.
    binding(next, current, ctx) {
      const pod = current as {
        metadata?: KubeObject['metadata'];
        spec: PodSpec;
        status?: { conditions?: Record<string, unknown>[] };
      };
      const name = pod.metadata?.name ?? '';
      const binding = next as KubeObject & { target?: { name?: string } };
      const node = binding.target?.name ?? '';
      // Upstream reports these as conflicts of pods/binding.
      const qr = { group: '', resource: 'pods/binding' };
      if (pod.metadata?.deletionTimestamp)
        throw conflict(qr, name, `pod ${name} is being deleted, cannot be assigned to a host`);
      if (pod.spec.nodeName)
        throw conflict(qr, name, `pod ${name} is already assigned to node "${pod.spec.nodeName}"`);
      pod.spec.nodeName = node;
      const annotations = binding.metadata?.annotations;
      if (annotations)
        (pod.metadata as { annotations?: Record<string, string> }).annotations = {
          ...pod.metadata?.annotations,
          ...annotations,
        };
      const conditions = (pod.status?.conditions ?? []).filter((c) => c['type'] !== 'PodScheduled');
      conditions.push({
        type: 'PodScheduled',
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: formatRfc3339(ctx.now),
      });
      pod.status = { ...pod.status, conditions };
      return current;
    },
  },
  gracefulDeletion(object, requested) {
    const pod = object as Pod;
    // Nothing runs an unscheduled or finished pod, so there is nothing to wait for (upstream's CheckGracefulDelete).
    if (!pod.spec?.nodeName) return { graceSeconds: 0 };
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') return { graceSeconds: 0 };
    const grace = requested ?? pod.spec.terminationGracePeriodSeconds ?? 30;
    return { graceSeconds: Math.max(0, grace) };
  },
};
