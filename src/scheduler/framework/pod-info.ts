import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Labels } from '../corev1/label-matcher.js';
import { podRequests } from '../corev1/pod-requests.js';
import {
  newWeightedAffinityTerms,
  requiredTerms,
  type AffinityTerm,
  type WeightedAffinityTerm,
} from './affinity-term.js';
import type { HostPort } from './host-ports.js';
import { Resource } from './resource.js';

/**
 * A pod with everything the plugins read per node computed once (upstream's framework.PodInfo):
 * requests, ports, parsed affinity terms, priority. The pod object itself is never mutated.
 */
export interface PodInfo {
  readonly pod: Pod;
  /** "namespace/name". */
  readonly key: string;
  readonly uid: string;
  readonly namespace: string;
  readonly name: string;
  readonly labels: Labels;
  /** spec.priority (set by the Priority admission plugin), 0 when unset, as upstream's PodPriority. */
  readonly priority: number;
  /** PreemptLowerPriority (default) or Never. */
  readonly preemptionPolicy: string;
  /** What the pod requests (no defaults for missing requests). */
  readonly requests: Resource;
  /** CPU and memory with upstream's non-zero defaults, which the scorers use. */
  readonly nonZeroMilliCpu: number;
  readonly nonZeroMemory: number;
  readonly hostPorts: readonly HostPort[];
  readonly requiredAffinityTerms: readonly AffinityTerm[];
  readonly requiredAntiAffinityTerms: readonly AffinityTerm[];
  readonly preferredAffinityTerms: readonly WeightedAffinityTerm[];
  readonly preferredAntiAffinityTerms: readonly WeightedAffinityTerm[];
  /** Why the affinity terms could not be parsed, if they could not. */
  readonly parseError: Error | undefined;
  /** Claim names of the pod's PVC and generic ephemeral volumes. */
  readonly pvcNames: readonly string[];
  readonly terminating: boolean;
}

const empty: readonly never[] = Object.freeze([]);
const noLabels: Labels = Object.freeze({});

function hostPortsOf(pod: Pod): HostPort[] {
  const out: HostPort[] = [];
  for (const c of pod.spec?.containers ?? [])
    for (const p of c.ports ?? [])
      if (p.hostPort !== undefined && p.hostPort > 0)
        out.push({ ip: p.hostIP ?? '', protocol: p.protocol ?? 'TCP', port: p.hostPort });
  return out;
}

function pvcNamesOf(pod: Pod): string[] {
  const out: string[] = [];
  for (const v of pod.spec?.volumes ?? []) {
    if (v.persistentVolumeClaim?.claimName) out.push(v.persistentVolumeClaim.claimName);
    else if (v.ephemeral !== undefined) out.push(`${pod.metadata?.name ?? ''}-${v.name}`);
  }
  return out;
}

/** Builds the PodInfo of `pod`. */
export function newPodInfo(pod: Pod): PodInfo {
  const meta = pod.metadata ?? {};
  const namespace = meta.namespace ?? '';
  const name = meta.name ?? '';
  const requests = Resource.fromMap(podRequests(pod.spec));
  const nonZero = podRequests(pod.spec, { nonMissingDefaults: true });
  const affinity = pod.spec?.affinity;
  let parseError: Error | undefined;
  let reqAff: AffinityTerm[] = [];
  let reqAnti: AffinityTerm[] = [];
  let prefAff: WeightedAffinityTerm[] = [];
  let prefAnti: WeightedAffinityTerm[] = [];
  if (affinity?.podAffinity || affinity?.podAntiAffinity) {
    try {
      reqAff = requiredTerms(pod, 'podAffinity');
      reqAnti = requiredTerms(pod, 'podAntiAffinity');
      prefAff = newWeightedAffinityTerms(
        namespace,
        affinity.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution,
      );
      prefAnti = newWeightedAffinityTerms(
        namespace,
        affinity.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution,
      );
    } catch (err) {
      parseError = err instanceof Error ? err : new Error(String(err));
    }
  }
  const ports = hostPortsOf(pod);
  const pvcs = pvcNamesOf(pod);
  return {
    pod,
    key: `${namespace}/${name}`,
    uid: meta.uid ?? '',
    namespace,
    name,
    labels: meta.labels ?? noLabels,
    priority: pod.spec?.priority ?? 0,
    preemptionPolicy: pod.spec?.preemptionPolicy ?? 'PreemptLowerPriority',
    requests,
    nonZeroMilliCpu: nonZero.get('cpu') ?? 0,
    nonZeroMemory: nonZero.get('memory') ?? 0,
    hostPorts: ports.length === 0 ? empty : ports,
    requiredAffinityTerms: reqAff.length === 0 ? empty : reqAff,
    requiredAntiAffinityTerms: reqAnti.length === 0 ? empty : reqAnti,
    preferredAffinityTerms: prefAff.length === 0 ? empty : prefAff,
    preferredAntiAffinityTerms: prefAnti.length === 0 ? empty : prefAnti,
    parseError,
    pvcNames: pvcs.length === 0 ? empty : pvcs,
    terminating: meta.deletionTimestamp !== undefined && meta.deletionTimestamp !== null,
  };
}

/** True when the pod has any pod affinity or anti-affinity term (required or preferred). */
export function hasAffinityTerms(p: PodInfo): boolean {
  return (
    p.requiredAffinityTerms.length > 0 ||
    p.requiredAntiAffinityTerms.length > 0 ||
    p.preferredAffinityTerms.length > 0 ||
    p.preferredAntiAffinityTerms.length > 0
  );
}
