import type { Snapshot } from './cache/snapshot.js';
import { CycleState } from './framework/cycle-state.js';
import { FitError, newDiagnosis, type Diagnosis } from './framework/fit-error.js';
import type { Framework } from './framework/framework.js';
import type { NodeInfo } from './framework/node-info.js';
import { NodeToStatus } from './framework/node-to-status.js';
import type { PodInfo } from './framework/pod-info.js';
import { Status } from './framework/status.js';

/** Below this many nodes every node is evaluated. */
export const minFeasibleNodesToFind = 100;
/** The adaptive percentage never goes below this. */
export const minFeasibleNodesPercentageToFind = 5;
/** The message when the cluster has no nodes at all. */
export const errNoNodesAvailable = 'no nodes available to schedule pods';

/**
 * How many feasible nodes to find before scoring (upstream's numFeasibleNodesToFind): all of them
 * below 100 nodes; otherwise the configured percentage, or 50 % − nodes/125 (at least 5 %) when
 * it is 0; never fewer than 100.
 */
export function numFeasibleNodesToFind(
  profilePercentage: number | undefined,
  globalPercentage: number,
  numAllNodes: number,
): number {
  if (numAllNodes < minFeasibleNodesToFind) return numAllNodes;
  let percentage = profilePercentage ?? globalPercentage;
  if (percentage === 0) {
    percentage = 50 - Math.trunc(numAllNodes / 125);
    if (percentage < minFeasibleNodesPercentageToFind) percentage = minFeasibleNodesPercentageToFind;
  }
  const n = Math.trunc((numAllNodes * percentage) / 100);
  return n < minFeasibleNodesToFind ? minFeasibleNodesToFind : n;
}

/** The outcome of schedulePod. */
export type ScheduleOutcome =
  | {
      readonly kind: 'scheduled';
      readonly host: string;
      readonly evaluatedNodes: number;
      readonly feasibleNodes: number;
    }
  | { readonly kind: 'unfit'; readonly fitError: FitError }
  | { readonly kind: 'error'; readonly status: Status };

/** What the algorithm is created with. */
export interface ScheduleAlgorithmOptions {
  readonly snapshot: Snapshot;
  /** The configuration's percentageOfNodesToScore (0: adaptive). */
  readonly percentageOfNodesToScore: number;
  /** Tie-breaking randomness in [0, 1) (default Math.random). */
  readonly random?: () => number;
}

/**
 * Upstream's schedulePod and its helpers: PreFilter, the nominated node first, Filter over the
 * nodes from a rotating start index until enough feasible nodes are found, then PreScore, Score
 * and a random pick among the best. Runs synchronously on the snapshot.
 */
export class ScheduleAlgorithm {
  /** Where the next cycle starts looking, so every node gets its turn. */
  nextStartNodeIndex = 0;
  private readonly snapshot: Snapshot;
  private readonly percentage: number;
  private readonly random: () => number;

  constructor(options: ScheduleAlgorithmOptions) {
    this.snapshot = options.snapshot;
    this.percentage = options.percentageOfNodesToScore;
    this.random = options.random ?? Math.random;
  }

  /** Picks a node for the pod, or explains why none fits. */
  schedulePod(fwk: Framework, state: CycleState, pod: PodInfo): ScheduleOutcome {
    if (this.snapshot.numNodes === 0)
      return { kind: 'error', status: Status.unresolvable(errNoNodesAvailable) };
    const found = this.findNodesThatFitPod(fwk, state, pod);
    if (found instanceof Status) return { kind: 'error', status: found };
    const { feasible, diagnosis } = found;
    if (feasible.length === 0)
      return { kind: 'unfit', fitError: new FitError(this.snapshot.numNodes, diagnosis) };
    const evaluated = feasible.length + diagnosis.nodeToStatus.size;
    if (feasible.length === 1)
      return { kind: 'scheduled', host: feasible[0]!.name, evaluatedNodes: evaluated, feasibleNodes: 1 };
    const scores = this.prioritizeNodes(fwk, state, pod, feasible);
    if (scores instanceof Status) return { kind: 'error', status: scores };
    return {
      kind: 'scheduled',
      host: this.selectHost(feasible, scores),
      evaluatedNodes: evaluated,
      feasibleNodes: feasible.length,
    };
  }

  /** PreFilter, then Filter: the feasible nodes and why the others failed. */
  findNodesThatFitPod(
    fwk: Framework,
    state: CycleState,
    pod: PodInfo,
  ): { feasible: NodeInfo[]; diagnosis: Diagnosis } | Status {
    const diagnosis = newDiagnosis(new NodeToStatus());
    const allNodes = this.snapshot.list();
    const pre = fwk.runPreFilterPlugins(state, pod, allNodes);
    if (pre.status !== undefined) {
      if (!pre.status.isRejected()) return pre.status;
      diagnosis.nodeToStatus.setAbsentNodesStatus(pre.status);
      diagnosis.preFilterMsg = pre.status.message();
      addPluginStatus(diagnosis, pre.status);
      return { feasible: [], diagnosis };
    }
    const nominated = pod.pod.status?.nominatedNodeName;
    if (nominated) {
      const node = this.snapshot.get(nominated);
      if (node !== undefined) {
        const feasible = this.findNodesThatPassFilters(fwk, state, pod, diagnosis, [node], false);
        if (feasible instanceof Status) return feasible;
        if (feasible.length > 0) return { feasible, diagnosis };
      }
    }
    let nodes: readonly NodeInfo[] = allNodes;
    if (pre.nodeNames !== undefined) {
      const narrowed: NodeInfo[] = [];
      for (const name of pre.nodeNames) {
        const n = this.snapshot.get(name);
        if (n !== undefined) narrowed.push(n);
      }
      nodes = narrowed;
      const plugins = [...pre.narrowedBy].sort().join(' ');
      diagnosis.nodeToStatus.setAbsentNodesStatus(
        Status.unresolvable(`node(s) didn't satisfy plugin(s) [${plugins}]`),
      );
    }
    const feasible = this.findNodesThatPassFilters(fwk, state, pod, diagnosis, nodes, true);
    if (feasible instanceof Status) return feasible;
    return { feasible, diagnosis };
  }

  /**
   * Filters nodes from nextStartNodeIndex on until enough are feasible; records the failing
   * statuses in the diagnosis and, when `rotate`, advances the start index past what it examined.
   */
  findNodesThatPassFilters(
    fwk: Framework,
    state: CycleState,
    pod: PodInfo,
    diagnosis: Diagnosis,
    nodes: readonly NodeInfo[],
    rotate: boolean,
  ): NodeInfo[] | Status {
    const n = nodes.length;
    const toFind = numFeasibleNodesToFind(fwk.percentageOfNodesToScore, this.percentage, n);
    const feasible: NodeInfo[] = [];
    const start = rotate ? this.nextStartNodeIndex : 0;
    let examined = 0;
    if (!fwk.hasFilterPlugins) {
      for (let i = 0; i < n && feasible.length < toFind; i++) feasible.push(nodes[(start + i) % n]!);
      examined = feasible.length;
    } else {
      const statuses = diagnosis.nodeToStatus;
      for (let i = 0; i < n && feasible.length < toFind; i++) {
        const node = nodes[(start + i) % n]!;
        examined++;
        const s = fwk.runFilterPluginsWithNominatedPods(state, pod, node);
        if (s === undefined || s.code === 'Success') {
          feasible.push(node);
          continue;
        }
        if (s.code === 'Error') return s;
        statuses.set(node.name, s);
        addPluginStatus(diagnosis, s);
      }
    }
    const all = this.snapshot.numNodes;
    if (rotate && all > 0) this.nextStartNodeIndex = (this.nextStartNodeIndex + examined) % all;
    return feasible;
  }

  /** PreScore and Score: the weighted total of every feasible node, or score 1 each without plugins. */
  prioritizeNodes(
    fwk: Framework,
    state: CycleState,
    pod: PodInfo,
    nodes: readonly NodeInfo[],
  ): number[] | Status {
    if (!fwk.hasScorePlugins) return nodes.map(() => 1);
    const pre = fwk.runPreScorePlugins(state, pod, nodes);
    if (pre !== undefined) return pre;
    return fwk.runScorePlugins(state, pod, nodes);
  }

  /** The node with the highest total; ties are broken uniformly at random (reservoir sampling). */
  selectHost(nodes: readonly NodeInfo[], scores: readonly number[]): string {
    let best = 0;
    let max = scores[0]!;
    let count = 1;
    for (let i = 1; i < nodes.length; i++) {
      const s = scores[i]!;
      if (s > max) {
        max = s;
        best = i;
        count = 1;
      } else if (s === max) {
        count++;
        if (Math.floor(this.random() * count) === 0) best = i;
      }
    }
    return nodes[best]!.name;
  }
}

function addPluginStatus(d: Diagnosis, s: Status): void {
  if (s.plugin === '') return;
  if (s.code === 'Pending') d.pendingPlugins.add(s.plugin);
  else if (s.isRejected()) d.unschedulablePlugins.add(s.plugin);
}

/** A fresh CycleState (one per attempt). */
export function newCycleState(): CycleState {
  return new CycleState();
}
