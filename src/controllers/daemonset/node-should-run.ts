// Whether a DaemonSet wants a pod on a node: node name, nodeSelector, required node affinity and
// taints against the pod's tolerations (upstream's NodeShouldRunDaemonPod and its predicates).
import type { DaemonSet } from 'kubernetes-types/apps/v1.js';
import type {
  Node,
  NodeSelectorRequirement,
  NodeSelectorTerm,
  Pod,
  PodSpec,
  Taint,
  Toleration,
} from 'kubernetes-types/core/v1.js';
import { deepEqual } from '../../base/deep-equal.js';
import { addDaemonPodTolerations } from './daemon-pod-template.js';

/** shouldRun: a pod should be started there; shouldContinueRunning: an existing one may stay. */
export interface NodeVerdict {
  readonly shouldRun: boolean;
  readonly shouldContinueRunning: boolean;
}

function intOf(value: string | undefined): number | undefined {
  return value !== undefined && /^[+-]?\d+$/.test(value) ? Number(value) : undefined;
}

/** Whether one requirement holds for the node's labels (or, for matchFields, its fields). */
export function requirementMatches(
  req: NodeSelectorRequirement,
  values: Readonly<Record<string, string>>,
): boolean {
  const has = Object.prototype.hasOwnProperty.call(values, req.key);
  const value = values[req.key];
  switch (req.operator) {
    case 'In':
      return has && (req.values ?? []).includes(value ?? '');
    case 'NotIn':
      return !has || !(req.values ?? []).includes(value ?? '');
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      const actual = intOf(value);
      const bound = intOf(req.values?.[0]);
      if (!has || actual === undefined || bound === undefined || (req.values?.length ?? 0) !== 1)
        return false;
      return req.operator === 'Gt' ? actual > bound : actual < bound;
    }
    default:
      return false;
  }
}

/** A term matches when it has requirements and all of them hold; an empty term matches nothing. */
export function termMatches(term: NodeSelectorTerm, node: Node): boolean {
  const expressions = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (expressions.length === 0 && fields.length === 0) return false;
  const labels = node.metadata?.labels ?? {};
  const nodeFields = { 'metadata.name': node.metadata?.name ?? '' };
  return (
    expressions.every((r) => requirementMatches(r, labels)) &&
    fields.every(
      (r) =>
        r.key === 'metadata.name' &&
        (r.operator === 'In' || r.operator === 'NotIn') &&
        requirementMatches(r, nodeFields),
    )
  );
}

/** The pod's nodeSelector and required node affinity both admit the node. */
export function fitsNodeAffinity(pod: Pod, node: Node): boolean {
  const labels = node.metadata?.labels ?? {};
  for (const [k, v] of Object.entries(pod.spec?.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required === undefined) return true;
  return (required.nodeSelectorTerms ?? []).some((t) => termMatches(t, node));
}

/** Whether a toleration tolerates a taint (empty key with Exists tolerates everything). */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? '') {
    case '':
    case 'Equal':
      return (t.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

/** The first taint among those `filter` selects that no toleration tolerates. */
export function untoleratedTaint(
  taints: readonly Taint[],
  tolerations: readonly Toleration[],
  filter: (t: Taint) => boolean,
): Taint | undefined {
  return taints.find((taint) => filter(taint) && !tolerations.some((t) => toleratesTaint(t, taint)));
}

/**
 * Upstream's NodeShouldRunDaemonPod: the predicates see the template's pod as it would run there,
 * with the default daemon tolerations.
 */
export function nodeShouldRunDaemonPod(node: Node, ds: DaemonSet): NodeVerdict {
  const name = node.metadata?.name ?? '';
  const template = ds.spec?.template?.spec;
  if (template?.nodeName && template.nodeName !== name)
    return { shouldRun: false, shouldContinueRunning: false };
  // Only the scheduling fields matter here; the rest of the template is not copied.
  const spec: PodSpec = {
    containers: [],
    nodeName: name,
    tolerations: [...(template?.tolerations ?? [])],
    ...(template?.hostNetwork ? { hostNetwork: true } : {}),
    ...(template?.nodeSelector ? { nodeSelector: template.nodeSelector } : {}),
    ...(template?.affinity ? { affinity: template.affinity } : {}),
  };
  addDaemonPodTolerations(spec);
  if (!fitsNodeAffinity({ spec }, node)) return { shouldRun: false, shouldContinueRunning: false };
  const taints = node.spec?.taints ?? [];
  const tolerations = spec.tolerations ?? [];
  const blocking = untoleratedTaint(
    taints,
    tolerations,
    (t) => t.effect === 'NoExecute' || t.effect === 'NoSchedule',
  );
  if (blocking === undefined) return { shouldRun: true, shouldContinueRunning: true };
  // A running daemon may stay on a node it tolerates every NoExecute taint of.
  const evicting = untoleratedTaint(taints, tolerations, (t) => t.effect === 'NoExecute');
  return { shouldRun: false, shouldContinueRunning: evicting === undefined };
}

// True-status condition types, the only part of node conditions that can change a verdict.
function trueConditions(node: Node): string {
  return (node.status?.conditions ?? [])
    .filter((c) => c.status === 'True')
    .map((c) => c.type)
    .sort()
    .join(',');
}

/**
 * True when a node update cannot change any DaemonSet's verdict (upstream's shouldIgnoreNodeUpdate):
 * the same conditions are True and nothing else changed but the resourceVersion, managedFields
 * and the conditions' timestamps — the kubelet's heartbeats.
 */
export function isHeartbeatOnly(old: Node, cur: Node): boolean {
  if (trueConditions(old) !== trueConditions(cur)) return false;
  const strip = (n: Node) => ({
    ...n,
    metadata: { ...n.metadata, resourceVersion: undefined, managedFields: undefined },
    status: { ...n.status, conditions: undefined },
  });
  return deepEqual(strip(old), strip(cur));
}
