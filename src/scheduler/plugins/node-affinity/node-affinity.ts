import type { Node, NodeAffinity as NodeAffinitySpec, Pod } from 'kubernetes-types/core/v1.js';
import {
  NodeSelectorMatcher,
  PreferredNodeAffinity,
  RequiredNodeAffinity,
} from '../../corev1/node-selector.js';
import { ActionType } from '../../framework/cluster-event.js';
import { cachedStateReader, type CycleState, type StateData } from '../../framework/cycle-state.js';
import type {
  EnqueueExtensions,
  FilterPlugin,
  PreFilterPlugin,
  PreFilterResult,
  PreScorePlugin,
  ScorePlugin,
} from '../../framework/interfaces.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { defaultNormalizeScore, maxNodeScore } from '../../framework/normalize-score.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { Status, skipStatus } from '../../framework/status.js';
import { pluginNames } from '../names.js';

/** The reason for a node that fails the pod's nodeSelector or required node affinity. */
export const errReasonPod = "node(s) didn't match Pod's node affinity/selector";
/** The reason for a node that fails the profile's addedAffinity. */
export const errReasonEnforced = "node(s) didn't match scheduler-enforced node affinity";
/** The PreFilter rejection when the terms pin node names that cannot all hold. */
export const errReasonConflict = 'pod affinity terms conflict';

const podMismatch = Status.unresolvable(errReasonPod);
const enforcedMismatch = Status.unresolvable(errReasonEnforced);
const preFilterKey = `PreFilter${pluginNames.nodeAffinity}`;
const preScoreKey = `PreScore${pluginNames.nodeAffinity}`;

class PreFilterState implements StateData {
  constructor(readonly required: RequiredNodeAffinity) {}
  clone(): StateData {
    return this;
  }
}

class PreScoreState implements StateData {
  constructor(readonly preferred: PreferredNodeAffinity) {}
  clone(): StateData {
    return this;
  }
}

/** NodeAffinity's args. */
export interface NodeAffinityArgs {
  /** Affinity every pod of the profile must also satisfy (required) or prefers (preferred). */
  readonly addedAffinity?: NodeAffinitySpec;
}

/**
 * The nodes the required terms pin by metadata.name (In): per term the intersection of its name
 * requirements, across terms the union. undefined when some term does not pin names (any node may do).
 */
export function nodeNamesFromAffinity(pod: Pod): Set<string> | undefined {
  const terms =
    pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms === undefined || terms.length === 0) return undefined;
  let all: Set<string> | undefined;
  for (const t of terms) {
    let names: Set<string> | undefined;
    for (const r of t.matchFields ?? []) {
      if (r.key !== 'metadata.name' || r.operator !== 'In') continue;
      const s = new Set(r.values ?? []);
      names = names === undefined ? s : new Set([...names].filter((n) => s.has(n)));
    }
    if (names === undefined) return undefined;
    all ??= new Set();
    for (const n of names) all.add(n);
  }
  return all;
}

/** NodeAffinity: nodeSelector and node affinity, required (Filter) and preferred (Score). */
export function newNodeAffinity(
  rawArgs?: Readonly<Record<string, unknown>>,
): PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin & EnqueueExtensions {
  const args = (rawArgs ?? {}) as NodeAffinityArgs;
  const addedTerms = args.addedAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  const added = addedTerms !== undefined ? new NodeSelectorMatcher(addedTerms) : undefined;
  const readScoreState = cachedStateReader<PreScoreState>(preScoreKey);
  const preferredOf = (pod: Pod) =>
    new PreferredNodeAffinity([
      ...(args.addedAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []),
      ...(pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []),
    ]);
  return {
    name: pluginNames.nodeAffinity,
    preFilter(state: CycleState, pod: PodInfo): PreFilterResult | undefined {
      const spec = pod.pod.spec;
      const required = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
      if (required === undefined && added === undefined && spec?.nodeSelector === undefined)
        return { status: skipStatus };
      state.write(preFilterKey, new PreFilterState(new RequiredNodeAffinity(pod.pod)));
      if (required === undefined || (required.nodeSelectorTerms ?? []).length === 0) return undefined;
      const names = nodeNamesFromAffinity(pod.pod);
      if (names === undefined) return undefined;
      if (names.size === 0) return { status: Status.unresolvable(errReasonConflict) };
      return { nodeNames: names };
    },
    filter(state: CycleState, pod: PodInfo, node: NodeInfo) {
      if (added !== undefined && !added.matches(node.labels, node.name)) return enforcedMismatch;
      const s = state.read<PreFilterState>(preFilterKey);
      const required = s?.required ?? new RequiredNodeAffinity(pod.pod);
      return required.matches(node.labels, node.name) ? undefined : podMismatch;
    },
    preScore(state: CycleState, pod: PodInfo) {
      const preferred = preferredOf(pod.pod);
      if (preferred.empty) return skipStatus;
      state.write(preScoreKey, new PreScoreState(preferred));
      return undefined;
    },
    score(state: CycleState, pod: PodInfo, node: NodeInfo) {
      const preferred = readScoreState(state)?.preferred ?? preferredOf(pod.pod);
      return preferred.score(node.labels, node.name);
    },
    normalizeScore(_s, _p, scores: number[]) {
      defaultNormalizeScore(maxNodeScore, false, scores);
      return undefined;
    },
    eventsToRegister: () => [
      {
        event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeLabel },
        hint: (pod, _old, newObj) => {
          const node = newObj as Node | undefined;
          if (node === undefined) return 'Queue';
          const labels = node.metadata?.labels;
          const name = node.metadata?.name ?? '';
          if (added !== undefined && !added.matches(labels, name)) return 'QueueSkip';
          return new RequiredNodeAffinity(pod).matches(labels, name) ? 'Queue' : 'QueueSkip';
        },
      },
    ],
  };
}
