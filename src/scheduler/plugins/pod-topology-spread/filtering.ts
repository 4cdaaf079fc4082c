import { RequiredNodeAffinity } from '../../corev1/node-selector.js';
import type { StateData } from '../../framework/cycle-state.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { Status } from '../../framework/status.js';
import {
  countMatchingPods,
  matchesInclusionPolicies,
  nodeHasAllTopologyKeys,
  type SpreadConstraint,
} from './constraints.js';

/** The reason for a node where placing the pod would exceed maxSkew. */
export const errReasonConstraintsNotMatch = "node(s) didn't match pod topology spread constraints";
/** The reason for a node lacking a constraint's topology key. */
export const errReasonNodeLabelNotMatch = `${errReasonConstraintsNotMatch} (missing required label)`;

const skewRejected = Status.unschedulable(errReasonConstraintsNotMatch);
const missingLabel = Status.unresolvable(errReasonNodeLabelNotMatch);

/**
 * The two domains with the fewest matching pods of one constraint (upstream's criticalPaths):
 * [0] always holds the minimum; [1] is at least it. Two suffice because a what-if only ever
 * changes the counts of a single node.
 */
export class CriticalPaths {
  values: [string, string] = ['', ''];
  nums: [number, number] = [Infinity, Infinity];

  update(value: string, num: number): void {
    const i: 0 | 1 | undefined = value === this.values[0] ? 0 : value === this.values[1] ? 1 : undefined;
    if (i !== undefined) {
      this.nums[i] = num;
      if (this.nums[0] > this.nums[1]) {
        this.values = [this.values[1], this.values[0]];
        this.nums = [this.nums[1], this.nums[0]];
      }
      return;
    }
    if (num < this.nums[0]) {
      this.values = [value, this.values[0]];
      this.nums = [num, this.nums[0]];
    } else if (num < this.nums[1]) {
      this.values[1] = value;
      this.nums[1] = num;
    }
  }

  clone(): CriticalPaths {
    const c = new CriticalPaths();
    c.values = [...this.values];
    c.nums = [...this.nums];
    return c;
  }
}

/** What PreFilter computes: per constraint, matching pods per domain and the emptiest domains. */
export class SpreadFilterState implements StateData {
  constructor(
    readonly constraints: readonly SpreadConstraint[],
    readonly matchNum: Map<string, number>[],
    readonly paths: CriticalPaths[],
    /** 1 when the incoming pod matches the constraint's own selector. */
    readonly selfMatch: readonly number[],
    readonly required: RequiredNodeAffinity,
  ) {}

  /** The global minimum of a constraint: 0 while fewer domains than minDomains exist. */
  minMatchNum(i: number): number {
    if (this.matchNum[i]!.size < this.constraints[i]!.minDomains) return 0;
    return this.paths[i]!.nums[0];
  }

  clone(): StateData {
    return new SpreadFilterState(
      this.constraints,
      this.matchNum.map((m) => new Map(m)),
      this.paths.map((p) => p.clone()),
      this.selfMatch,
      this.required,
    );
  }
}

/** Counts matching pods per domain over every node (upstream's calPreFilterState). */
export function computeFilterState(
  pod: PodInfo,
  constraints: readonly SpreadConstraint[],
  nodes: readonly NodeInfo[],
): SpreadFilterState {
  const required = new RequiredNodeAffinity(pod.pod);
  const tolerations = pod.pod.spec?.tolerations;
  const matchNum = constraints.map(() => new Map<string, number>());
  // Constraints whose inclusion policies admit every node need no per-node policy check.
  const everyNode = constraints.map(
    (c) => (c.nodeAffinityPolicy === 'Ignore' || required.unconstrained) && c.nodeTaintsPolicy === 'Ignore',
  );
  for (const node of nodes) {
    if (!nodeHasAllTopologyKeys(node.labels, constraints)) continue;
    for (let i = 0; i < constraints.length; i++) {
      const c = constraints[i]!;
      if (!everyNode[i] && !matchesInclusionPolicies(c, node, required, tolerations)) continue;
      const value = node.labels[c.topologyKey]!;
      const m = matchNum[i]!;
      const count = countMatchingPods(node, c.selector, pod.namespace);
      const current = m.get(value);
      if (current === undefined) m.set(value, count);
      else if (count !== 0) m.set(value, current + count);
    }
  }
  const paths = constraints.map((_, i) => {
    const p = new CriticalPaths();
    for (const [value, num] of matchNum[i]!) p.update(value, num);
    return p;
  });
  const selfMatch = constraints.map((c) => (c.selector.matches(pod.labels) ? 1 : 0));
  return new SpreadFilterState(constraints, matchNum, paths, selfMatch, required);
}

/** The Filter verdict: every hard constraint's skew with the pod placed here stays within maxSkew. */
export function filterSpread(s: SpreadFilterState, node: NodeInfo): Status | undefined {
  const cs = s.constraints;
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i]!;
    const value = node.labels[c.topologyKey];
    if (value === undefined) return missingLabel;
    const skew = (s.matchNum[i]!.get(value) ?? 0) + s.selfMatch[i]! - s.minMatchNum(i);
    if (skew > c.maxSkew) return skewRejected;
  }
  return undefined;
}

/** Adjusts the state for `changed` added to (+1) or removed from (−1) `node` (PreFilter extensions). */
export function updateWithPod(
  s: SpreadFilterState,
  changed: PodInfo,
  incoming: PodInfo,
  node: NodeInfo,
  delta: 1 | -1,
): void {
  if (changed.namespace !== incoming.namespace) return;
  if (!nodeHasAllTopologyKeys(node.labels, s.constraints)) return;
  const tolerations = incoming.pod.spec?.tolerations;
  for (let i = 0; i < s.constraints.length; i++) {
    const c = s.constraints[i]!;
    if (!c.selector.matches(changed.labels)) continue;
    if (!matchesInclusionPolicies(c, node, s.required, tolerations)) continue;
    const value = node.labels[c.topologyKey]!;
    const m = s.matchNum[i]!;
    const n = (m.get(value) ?? 0) + delta;
    m.set(value, n);
    s.paths[i]!.update(value, n);
  }
}
