import type { Node, Pod, TopologySpreadConstraint } from 'kubernetes-types/core/v1.js';
import { BoundedMemo } from '../../../base/bounded-memo.js';
import { ActionType } from '../../framework/cluster-event.js';
import { cachedStateReader, type CycleState } from '../../framework/cycle-state.js';
import type { Handle } from '../../framework/handle.js';
import type {
  EnqueueExtensions,
  FilterPlugin,
  PreFilterPlugin,
  PreScorePlugin,
  ScorePlugin,
} from '../../framework/interfaces.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { Status, skipStatus } from '../../framework/status.js';
import { pluginNames } from '../names.js';
import { constraintsFor, type SpreadConstraint } from './constraints.js';
import { defaultSelector } from './default-selector.js';
import type { DomainCounts } from './domain-counts.js';
import { computeFilterState, filterSpread, updateWithPod, type SpreadFilterState } from './filtering.js';
import { computeScoreState, normalizeSpread, scoreSpread, type SpreadScoreState } from './scoring.js';

/** PodTopologySpread's args (PodTopologySpreadArgs). */
export interface PodTopologySpreadArgs {
  /** System (default): upstream's built-in defaults; List: `defaultConstraints`. */
  readonly defaultingType?: 'System' | 'List';
  readonly defaultConstraints?: readonly TopologySpreadConstraint[];
}

/** The built-in cluster defaults: spread by host (maxSkew 3) and zone (maxSkew 5), softly. */
export const systemDefaultConstraints: readonly TopologySpreadConstraint[] = [
  { topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 3 },
  { topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 5 },
];

const preFilterKey = `PreFilter${pluginNames.podTopologySpread}`;
const preScoreKey = `PreScore${pluginNames.podTopologySpread}`;

/** PodTopologySpread: hard constraints filter, soft constraints (and cluster defaults) score. */
export function newPodTopologySpread(
  rawArgs: Readonly<Record<string, unknown>> | undefined,
  handle: Handle,
): PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin & EnqueueExtensions {
  const args = (rawArgs ?? {}) as PodTopologySpreadArgs;
  const systemDefaulted = (args.defaultingType ?? 'System') === 'System';
  if (systemDefaulted && (args.defaultConstraints ?? []).length > 0)
    throw new Error('PodTopologySpread: defaultConstraints must be empty when defaultingType is System');
  const defaults = systemDefaulted ? systemDefaultConstraints : (args.defaultConstraints ?? []);
  const selectorOf = (pod: Pod) => defaultSelector(pod, handle.listers);
  const constraints = (pod: PodInfo, action: 'DoNotSchedule' | 'ScheduleAnyway'): SpreadConstraint[] =>
    constraintsFor(pod.pod, pod.labels, action, defaults, selectorOf);

  const readScoreState = cachedStateReader<SpreadScoreState>(preScoreKey);
  // Per-domain pod totals by constraint and selector, carried between cycles (a few workloads at once).
  const domainCounts = new BoundedMemo<DomainCounts>(64);
  const extensions = {
    addPod(state: CycleState, incoming: PodInfo, added: PodInfo, node: NodeInfo) {
      const s = state.read<SpreadFilterState>(preFilterKey);
      if (s !== undefined) updateWithPod(s, added, incoming, node, 1);
      return undefined;
    },
    removePod(state: CycleState, incoming: PodInfo, removed: PodInfo, node: NodeInfo) {
      const s = state.read<SpreadFilterState>(preFilterKey);
      if (s !== undefined) updateWithPod(s, removed, incoming, node, -1);
      return undefined;
    },
  };

  const matchesAnyConstraint = (pod: Pod, other: Pod | undefined): boolean => {
    if (other === undefined || other.metadata?.namespace !== pod.metadata?.namespace) return false;
    const labels = pod.metadata?.labels ?? {};
    const cs = [
      ...constraintsFor(pod, labels, 'DoNotSchedule', defaults, selectorOf),
      ...constraintsFor(pod, labels, 'ScheduleAnyway', defaults, selectorOf),
    ];
    return cs.some((c) => c.selector.matches(other.metadata?.labels ?? {}));
  };

  return {
    name: pluginNames.podTopologySpread,
    preFilter(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]) {
      let cs: SpreadConstraint[];
      try {
        cs = constraints(pod, 'DoNotSchedule');
      } catch (err) {
        return { status: Status.fromError(new Error(`get constraints from pod: ${(err as Error).message}`)) };
      }
      if (cs.length === 0) return { status: skipStatus };
      state.write(preFilterKey, computeFilterState(pod, cs, nodes));
      return undefined;
    },
    preFilterExtensions: () => extensions,
    filter(state: CycleState, _pod: PodInfo, node: NodeInfo) {
      const s = state.read<SpreadFilterState>(preFilterKey);
      if (s === undefined)
        return Status.fromError(new Error(`reading "${preFilterKey}" from cycleState: not found`));
      return filterSpread(s, node);
    },
    preScore(state: CycleState, pod: PodInfo, filtered: readonly NodeInfo[]) {
      const all = handle.snapshot.list();
      if (all.length === 0) return skipStatus;
      let cs: SpreadConstraint[];
      try {
        cs = constraints(pod, 'ScheduleAnyway');
      } catch (err) {
        return Status.fromError(err);
      }
      if (cs.length === 0) return skipStatus;
      const requireAll = (pod.pod.spec?.topologySpreadConstraints ?? []).length > 0 || !systemDefaulted;
      state.write(preScoreKey, computeScoreState(pod, cs, filtered, all, requireAll, domainCounts));
      return undefined;
    },
    score(state: CycleState, _pod: PodInfo, node: NodeInfo) {
      const s = readScoreState(state);
      if (s === undefined) throw new Error(`reading "${preScoreKey}" from cycleState: not found`);
      return scoreSpread(s, node);
    },
    normalizeScore(state: CycleState, _pod: PodInfo, scores: number[], nodes: readonly NodeInfo[]) {
      const s = state.read<SpreadScoreState>(preScoreKey);
      if (s !== undefined) normalizeSpread(s, scores, nodes);
      return undefined;
    },
    eventsToRegister: () => [
      {
        event: {
          resource: 'Pod',
          actionType: ActionType.Add | ActionType.UpdatePodLabel | ActionType.Delete,
        },
        hint: (pod, oldObj, newObj) =>
          matchesAnyConstraint(pod, newObj as Pod | undefined) ||
          matchesAnyConstraint(pod, oldObj as Pod | undefined)
            ? 'Queue'
            : 'QueueSkip',
      },
      {
        event: {
          resource: 'Node',
          actionType:
            ActionType.Add | ActionType.Delete | ActionType.UpdateNodeLabel | ActionType.UpdateNodeTaint,
        },
        hint: (pod, oldObj, newObj) => {
          const keys = (pod.spec?.topologySpreadConstraints ?? []).map((c) => c.topologyKey);
          if (keys.length === 0) return 'Queue';
          const has = (n: unknown) => {
            const labels = (n as Node | undefined)?.metadata?.labels;
            return labels !== undefined && keys.every((k) => Object.hasOwn(labels, k));
          };
          return has(newObj) || has(oldObj) ? 'Queue' : 'QueueSkip';
        },
      },
    ],
  };
}
