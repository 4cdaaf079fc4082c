// How a DaemonSet's pods differ from its template: the default tolerations, the revision hash and
// deprecated template-generation labels, and the node-name affinity that pins each pod to its node
// (upstream's pkg/controller/daemon/util).
import type { DaemonSet } from 'kubernetes-types/apps/v1.js';
import type { Affinity, Pod, PodSpec, PodTemplateSpec, Toleration } from 'kubernetes-types/core/v1.js';
import { deepEqual } from '../../base/deep-equal.js';
import { podRevisionLabel } from '../history/controller-revision.js';

/** The DaemonSet kind as controller references and events name it. */
export const daemonSetKind = { apiVersion: 'apps/v1', kind: 'DaemonSet' } as const;

/** The deprecated annotation the apiserver keeps the template generation in (apps.DeprecatedTemplateGeneration). */
export const templateGenerationAnnotation = 'deprecated.daemonset.template.generation';

/** The pod label carrying that generation (extensions.DaemonSetTemplateGenerationKey). */
export const templateGenerationLabel = 'pod-template-generation';

/** The template generation from the deprecated annotation; undefined when absent or unparsable. */
export function templateGeneration(ds: DaemonSet): number | undefined {
  const value = ds.metadata?.annotations?.[templateGenerationAnnotation];
  if (value === undefined || !/^[+-]?\d+$/.test(value)) return undefined;
  return Number(value);
}

function sameToleration(a: Toleration, b: Toleration): boolean {
  return (
    (a.key ?? '') === (b.key ?? '') &&
    (a.effect ?? '') === (b.effect ?? '') &&
    (a.operator ?? '') === (b.operator ?? '') &&
    (a.value ?? '') === (b.value ?? '')
  );
}

/** Adds `toleration` to the spec, replacing one with the same key, operator, value and effect. */
export function addOrUpdateToleration(spec: PodSpec, toleration: Toleration): void {
  const existing = spec.tolerations ?? [];
  if (existing.some((t) => sameToleration(t, toleration) && deepEqual(t, toleration))) return;
  let replaced = false;
  const next = existing.map((t) => {
    if (!sameToleration(t, toleration)) return t;
    replaced = true;
    return toleration;
  });
  if (!replaced) next.push(toleration);
  spec.tolerations = next;
}

/**
 * The tolerations every daemon pod gets, so node problems neither evict nor keep out daemons:
 * not-ready and unreachable (NoExecute), the pressure and unschedulable taints (NoSchedule), and
 * network-unavailable for host-network pods.
 */
export function addDaemonPodTolerations(spec: PodSpec): void {
  const exists = (key: string, effect: string): Toleration => ({ key, operator: 'Exists', effect });
  addOrUpdateToleration(spec, exists('node.kubernetes.io/not-ready', 'NoExecute'));
  addOrUpdateToleration(spec, exists('node.kubernetes.io/unreachable', 'NoExecute'));
  addOrUpdateToleration(spec, exists('node.kubernetes.io/disk-pressure', 'NoSchedule'));
  addOrUpdateToleration(spec, exists('node.kubernetes.io/memory-pressure', 'NoSchedule'));
  addOrUpdateToleration(spec, exists('node.kubernetes.io/pid-pressure', 'NoSchedule'));
  addOrUpdateToleration(spec, exists('node.kubernetes.io/unschedulable', 'NoSchedule'));
  if (spec.hostNetwork)
    addOrUpdateToleration(spec, exists('node.kubernetes.io/network-unavailable', 'NoSchedule'));
}

/** The template daemon pods are created from: tolerations added, generation and hash labels set. */
export function daemonPodTemplate(
  template: PodTemplateSpec | undefined,
  generation: number | undefined,
  hash: string,
): PodTemplateSpec {
  const copy = structuredClone(template ?? {});
  copy.spec ??= { containers: [] };
  addDaemonPodTolerations(copy.spec);
  const labels = { ...copy.metadata?.labels };
  if (generation !== undefined) labels[templateGenerationLabel] = String(generation);
  if (hash !== '') labels[podRevisionLabel] = hash;
  copy.metadata = { ...copy.metadata, labels };
  return copy;
}

/**
 * Pins a pod to `nodeName` through a required node affinity on the metadata.name field, replacing
 * any other required terms (the default scheduler then binds it there).
 */
export function replaceNodeNameAffinity(affinity: Affinity | undefined, nodeName: string): Affinity {
  const selector = {
    nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }],
  };
  const copy = structuredClone(affinity ?? {});
  copy.nodeAffinity = { ...copy.nodeAffinity, requiredDuringSchedulingIgnoredDuringExecution: selector };
  return copy;
}

/** The node a daemon pod is for: spec.nodeName, else its metadata.name affinity; undefined when neither. */
export function targetNodeName(pod: Pod): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  const terms =
    pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  for (const term of terms ?? [])
    for (const field of term.matchFields ?? [])
      if (field.key === 'metadata.name' && field.operator === 'In')
        return field.values?.length === 1 ? field.values[0] : undefined;
  return undefined;
}

/** True when the pod carries the current hash, or the current deprecated template generation. */
export function isPodUpdated(pod: Pod, hash: string, generation: number | undefined): boolean {
  const labels = pod.metadata?.labels ?? {};
  const generationMatches =
    generation !== undefined && labels[templateGenerationLabel] === String(generation);
  return (hash !== '' && labels[podRevisionLabel] === hash) || generationMatches;
}
