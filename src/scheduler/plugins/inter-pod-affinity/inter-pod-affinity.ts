import type { Pod } from 'kubernetes-types/core/v1.js';
import { affinityTermMatches } from '../../framework/affinity-term.js';
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
import { newPodInfo, type PodInfo } from '../../framework/pod-info.js';
import { Status, skipStatus } from '../../framework/status.js';
import { pluginNames } from '../names.js';
import type { AffinityFilterState } from './filtering.js';
import { computeAffinityFilterState, filterAffinity } from './filtering.js';
import { mergeTermNamespaces, namespaceLabels } from './namespaces.js';
import { AffinityScoreState, normalizeAffinity, processExistingPod, scoreAffinity } from './scoring.js';
import { TopologyCounts } from './topology-counts.js';

/** InterPodAffinity's args (InterPodAffinityArgs). */
export interface InterPodAffinityArgs {
  /** Score weight of existing pods' required affinity toward the incoming pod (default 1, 0–100). */
  readonly hardPodAffinityWeight?: number;
  readonly ignorePreferredTermsOfExistingPods?: boolean;
}

const preFilterKey = `PreFilter${pluginNames.interPodAffinity}`;
const preScoreKey = `PreScore${pluginNames.interPodAffinity}`;

/** InterPodAffinity: required pod (anti-)affinity filters, preferred terms score. */
export function newInterPodAffinity(
  rawArgs: Readonly<Record<string, unknown>> | undefined,
  handle: Handle,
): PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin & EnqueueExtensions {
  const args = (rawArgs ?? {}) as InterPodAffinityArgs;
  const hardWeight = args.hardPodAffinityWeight ?? 1;
  if (hardWeight < 0 || hardWeight > 100)
    throw new Error('InterPodAffinity: hardPodAffinityWeight must be in the range 0-100');
  const ignoreExisting = args.ignorePreferredTermsOfExistingPods ?? false;
  const namespaces = handle.listers.namespaces;

  const readScoreState = cachedStateReader<AffinityScoreState>(preScoreKey);
  const extensions = {
    addPod(state: CycleState, _incoming: PodInfo, added: PodInfo, node: NodeInfo) {
      state.read<AffinityFilterState>(preFilterKey)?.updateWithPod(added, node, 1);
      return undefined;
    },
    removePod(state: CycleState, _incoming: PodInfo, removed: PodInfo, node: NodeInfo) {
      state.read<AffinityFilterState>(preFilterKey)?.updateWithPod(removed, node, -1);
      return undefined;
    },
  };

  const related = (pod: Pod, other: Pod | undefined): boolean => {
    if (other === undefined) return false;
    const a = newPodInfo(pod);
    const b = newPodInfo(other);
    const terms = [
      ...a.requiredAffinityTerms,
      ...a.requiredAntiAffinityTerms,
      ...a.preferredAffinityTerms,
      ...a.preferredAntiAffinityTerms,
    ];
    if (terms.some((t) => affinityTermMatches(t, b, undefined))) return true;
    const theirs = [...b.requiredAntiAffinityTerms, ...b.requiredAffinityTerms];
    return theirs.some((t) => affinityTermMatches(t, a, namespaceLabels(a.namespace, namespaces)));
  };

  return {
    name: pluginNames.interPodAffinity,
    preFilter(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]) {
      if (pod.parseError !== undefined)
        return { status: Status.unresolvable(`parsing pod: ${pod.parseError.message}`) };
      const affinityTerms = pod.requiredAffinityTerms.map((t) => mergeTermNamespaces(t, namespaces));
      const antiTerms = pod.requiredAntiAffinityTerms.map((t) => mergeTermNamespaces(t, namespaces));
      const nsLabels = namespaceLabels(pod.namespace, namespaces);
      const s = computeAffinityFilterState(
        pod,
        affinityTerms,
        antiTerms,
        nsLabels,
        nodes,
        handle.snapshot.havePodsWithRequiredAntiAffinityList(),
      );
      if (s.existingAntiAffinity.size === 0 && affinityTerms.length === 0 && antiTerms.length === 0)
        return { status: skipStatus };
      state.write(preFilterKey, s);
      return undefined;
    },
    preFilterExtensions: () => extensions,
    filter(state: CycleState, _pod: PodInfo, node: NodeInfo) {
      const s = state.read<AffinityFilterState>(preFilterKey);
      if (s === undefined)
        return Status.fromError(new Error(`reading "${preFilterKey}" from cycleState: not found`));
      return filterAffinity(s, node);
    },
    preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]) {
      if (nodes.length === 0) return skipStatus;
      const hasConstraints =
        pod.preferredAffinityTerms.length > 0 || pod.preferredAntiAffinityTerms.length > 0;
      if (ignoreExisting && !hasConstraints) return skipStatus;
      const candidates = hasConstraints ? handle.snapshot.list() : handle.snapshot.havePodsWithAffinityList();
      if (candidates.length === 0) return skipStatus;
      const inputs = {
        pod,
        preferredAffinity: pod.preferredAffinityTerms.map((t) => mergeTermNamespaces(t, namespaces)),
        preferredAntiAffinity: pod.preferredAntiAffinityTerms.map((t) => mergeTermNamespaces(t, namespaces)),
        namespaceLabels: namespaceLabels(pod.namespace, namespaces),
        hardPodAffinityWeight: hardWeight,
        ignorePreferredTermsOfExistingPods: ignoreExisting,
      };
      const scores = new TopologyCounts();
      for (const node of candidates) {
        const pods = hasConstraints ? node.pods : node.podsWithAffinity;
        for (const existing of pods) {
          // Pods with only required anti-affinity add nothing unless the incoming pod has preferences.
          if (
            !hasConstraints &&
            (hardWeight === 0 || existing.requiredAffinityTerms.length === 0) &&
            (ignoreExisting ||
              (existing.preferredAffinityTerms.length === 0 &&
                existing.preferredAntiAffinityTerms.length === 0))
          )
            continue;
          processExistingPod(scores, inputs, existing, node);
        }
      }
      if (scores.size === 0) return skipStatus;
      state.write(preScoreKey, new AffinityScoreState(scores));
      return undefined;
    },
    score(state: CycleState, _pod: PodInfo, node: NodeInfo) {
      const s = readScoreState(state);
      if (s === undefined) throw new Error(`reading "${preScoreKey}" from cycleState: not found`);
      return scoreAffinity(s, node);
    },
    normalizeScore(state: CycleState, _pod: PodInfo, scores: number[]) {
      if (state.read<AffinityScoreState>(preScoreKey) !== undefined) normalizeAffinity(scores);
      return undefined;
    },
    eventsToRegister: () => [
      {
        event: {
          resource: 'Pod',
          actionType: ActionType.Add | ActionType.UpdatePodLabel | ActionType.Delete,
        },
        hint: (pod, oldObj, newObj) =>
          related(pod, newObj as Pod | undefined) || related(pod, oldObj as Pod | undefined)
            ? 'Queue'
            : 'QueueSkip',
      },
      { event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeLabel } },
    ],
  };
}
