import type { Pod, Toleration, TopologySpreadConstraint as ApiConstraint } from 'kubernetes-types/core/v1.js';
import { LabelMatcher, type Labels } from '../../corev1/label-matcher.js';
import type { RequiredNodeAffinity } from '../../corev1/node-selector.js';
import { findUntoleratedTaint, isDoNotScheduleTaint } from '../../corev1/taints.js';
import { Requirement } from '../../../machinery/labels/index.js';
import type { NodeInfo } from '../../framework/node-info.js';

/** The hostname label: per-node domains, counted per node instead of per value. */
export const hostnameLabel = 'kubernetes.io/hostname';

/** A spread constraint with its selector compiled and upstream's defaults applied. */
export interface SpreadConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly selector: LabelMatcher;
  readonly minDomains: number;
  /** Honor (default): only nodes matching the pod's node affinity count as domains. */
  readonly nodeAffinityPolicy: 'Honor' | 'Ignore';
  /** Ignore (default); Honor: nodes with taints the pod does not tolerate do not count. */
  readonly nodeTaintsPolicy: 'Honor' | 'Ignore';
}

/**
 * The pod's constraints with `whenUnsatisfiable` = `action`, selectors compiled; matchLabelKeys add
 * the pod's own values of those labels to the selector. Throws on an invalid selector.
 */
export function filterConstraints(
  constraints: readonly ApiConstraint[],
  podLabels: Labels,
  action: 'DoNotSchedule' | 'ScheduleAnyway',
): SpreadConstraint[] {
  const out: SpreadConstraint[] = [];
  for (const c of constraints) {
    if (c.whenUnsatisfiable !== action) continue;
    let selector = LabelMatcher.fromLabelSelector(c.labelSelector);
    const keys = c.matchLabelKeys ?? [];
    if (keys.length > 0) {
      const extra: Requirement[] = [];
      for (const k of keys)
        if (Object.hasOwn(podLabels, k)) extra.push(new Requirement(k, '=', [podLabels[k]!]));
      if (extra.length > 0 && !selector.nothing)
        selector = LabelMatcher.of([...extra, ...selector.requirements]);
    }
    out.push({
      maxSkew: c.maxSkew,
      topologyKey: c.topologyKey,
      selector,
      minDomains: c.minDomains ?? 1,
      nodeAffinityPolicy: c.nodeAffinityPolicy === 'Ignore' ? 'Ignore' : 'Honor',
      nodeTaintsPolicy: c.nodeTaintsPolicy === 'Honor' ? 'Honor' : 'Ignore',
    });
  }
  return out;
}

/** True when the node has every constraint's topology key. */
export function nodeHasAllTopologyKeys(labels: Labels, constraints: readonly SpreadConstraint[]): boolean {
  for (const c of constraints) if (!Object.hasOwn(labels, c.topologyKey)) return false;
  return true;
}

/** True when the constraint's inclusion policies let the node count as a domain. */
export function matchesInclusionPolicies(
  c: SpreadConstraint,
  node: NodeInfo,
  required: RequiredNodeAffinity,
  tolerations: readonly Toleration[] | undefined,
): boolean {
  if (c.nodeAffinityPolicy === 'Honor' && !required.matches(node.labels, node.name)) return false;
  if (
    c.nodeTaintsPolicy === 'Honor' &&
    findUntoleratedTaint(node.taints, tolerations, isDoNotScheduleTaint) !== undefined
  )
    return false;
  return true;
}

/**
 * Pods on the node in `namespace`, not terminating, whose labels match `selector`. Counts are
 * remembered per node state (its generation) and selector: every pod of a workload asks the same
 * question of every node, and only nodes whose pods changed since need counting again — without
 * this each placement would scan every pod in the cluster.
 */
export function countMatchingPods(node: NodeInfo, selector: LabelMatcher, namespace: string): number {
  if (node.numPods === 0) return 0;
  let memo = node.matchCounts;
  if (memo === undefined || memo.generation !== node.generation) {
    memo = { generation: node.generation, counts: new Map() };
    node.matchCounts = memo;
  }
  const key = selector.keyIn(namespace);
  let n = memo.counts.get(key);
  if (n === undefined) {
    n = 0;
    const pods = node.pods;
    for (let i = 0; i < pods.length; i++) {
      const p = pods[i]!;
      if (p.terminating || p.namespace !== namespace) continue;
      if (selector.matches(p.labels)) n++;
    }
    memo.counts.set(key, n);
  }
  return n;
}

/** The pod's own constraints of `action`, or the cluster defaults with the default selector. */
export function constraintsFor(
  pod: Pod,
  podLabels: Labels,
  action: 'DoNotSchedule' | 'ScheduleAnyway',
  defaults: readonly ApiConstraint[],
  defaultSelector: (pod: Pod) => LabelMatcher,
): SpreadConstraint[] {
  const own = pod.spec?.topologySpreadConstraints ?? [];
  if (own.length > 0) return filterConstraints(own, podLabels, action);
  const fromDefaults = filterConstraints(defaults, podLabels, action);
  if (fromDefaults.length === 0) return fromDefaults;
  const selector = defaultSelector(pod);
  if (selector.empty) return [];
  return fromDefaults.map((c) => ({ ...c, selector }));
}
