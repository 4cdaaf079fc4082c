import type { Node, Taint, Toleration } from 'kubernetes-types/core/v1.js';
import { findUntoleratedTaint, isDoNotScheduleTaint, tolerationsTolerateTaint } from '../../corev1/taints.js';
import { ActionType } from '../../framework/cluster-event.js';
import { cachedStateReader, type CycleState, type StateData } from '../../framework/cycle-state.js';
import type {
  EnqueueExtensions,
  FilterPlugin,
  PreScorePlugin,
  ScorePlugin,
} from '../../framework/interfaces.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { defaultNormalizeScore, maxNodeScore } from '../../framework/normalize-score.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { Status } from '../../framework/status.js';
import { pluginNames } from '../names.js';

const preScoreKey = `PreScore${pluginNames.taintToleration}`;

class PreScoreState implements StateData {
  constructor(readonly tolerations: readonly Toleration[]) {}
  clone(): StateData {
    return this;
  }
}

// Rejections differ only by taint, and a few taints recur on many nodes: share their statuses.
const rejections = new Map<string, Status>();

/** The Filter verdict: the first NoSchedule/NoExecute taint the pod does not tolerate rejects the node. */
export function filterTaints(
  taints: readonly Taint[],
  tolerations: readonly Toleration[] | undefined,
): Status | undefined {
  if (taints.length === 0) return undefined;
  const taint = findUntoleratedTaint(taints, tolerations, isDoNotScheduleTaint);
  if (taint === undefined) return undefined;
  const reason = `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
  let s = rejections.get(reason);
  if (s === undefined) {
    s = Status.unresolvable(reason);
    if (rejections.size < 1000) rejections.set(reason, s);
  }
  return s;
}

/** The tolerations that count for PreferNoSchedule taints (effect empty or PreferNoSchedule). */
export function preferNoScheduleTolerations(tolerations: readonly Toleration[] | undefined): Toleration[] {
  return (tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
}

/** The raw score: how many PreferNoSchedule taints of the node the pod does not tolerate. */
export function countIntolerableTaints(taints: readonly Taint[], tolerations: readonly Toleration[]): number {
  let n = 0;
  for (const t of taints)
    if (t.effect === 'PreferNoSchedule' && !tolerationsTolerateTaint(tolerations, t)) n++;
  return n;
}

/** TaintToleration: taints NoSchedule/NoExecute reject, PreferNoSchedule lowers the score. */
export function newTaintToleration(): FilterPlugin & PreScorePlugin & ScorePlugin & EnqueueExtensions {
  const readState = cachedStateReader<PreScoreState>(preScoreKey);
  return {
    name: pluginNames.taintToleration,
    filter: (_s, pod, node) => filterTaints(node.taints, pod.pod.spec?.tolerations),
    preScore(state: CycleState, pod: PodInfo) {
      state.write(preScoreKey, new PreScoreState(preferNoScheduleTolerations(pod.pod.spec?.tolerations)));
      return undefined;
    },
    score(state: CycleState, pod: PodInfo, node: NodeInfo) {
      if (node.taints.length === 0) return 0;
      const tolerations =
        readState(state)?.tolerations ?? preferNoScheduleTolerations(pod.pod.spec?.tolerations);
      return countIntolerableTaints(node.taints, tolerations);
    },
    normalizeScore(_s, _p, scores: number[]) {
      defaultNormalizeScore(maxNodeScore, true, scores);
      return undefined;
    },
    eventsToRegister: () => [
      {
        event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeTaint },
        hint: (pod, _old, newObj) =>
          filterTaints((newObj as Node | undefined)?.spec?.taints ?? [], pod.spec?.tolerations) === undefined
            ? 'Queue'
            : 'QueueSkip',
      },
      { event: { resource: 'UnscheduledPod', actionType: ActionType.UpdatePodTolerations } },
    ],
  };
}
