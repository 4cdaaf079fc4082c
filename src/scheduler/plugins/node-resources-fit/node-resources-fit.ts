import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { ActionType } from '../../framework/cluster-event.js';
import { cachedStateReader, type CycleState, type StateData } from '../../framework/cycle-state.js';
import type {
  EnqueueExtensions,
  FilterPlugin,
  PreFilterPlugin,
  PreScorePlugin,
  ScorePlugin,
} from '../../framework/interfaces.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { newPodInfo, type PodInfo } from '../../framework/pod-info.js';
import { Resource } from '../../framework/resource.js';
import { Status } from '../../framework/status.js';
import { pluginNames } from '../names.js';
import { fitsRequest, type IgnoredResources } from './fits-request.js';
import {
  defaultScoredResources,
  ResourceAllocationScorer,
  type ResourceSpec,
} from './resource-allocation.js';
import {
  leastAllocatedScorer,
  mostAllocatedScorer,
  requestedToCapacityRatioScorer,
  type UtilizationShapePoint,
} from './scoring-strategies.js';

/** NodeResourcesFit's args (NodeResourcesFitArgs). */
export interface NodeResourcesFitArgs {
  readonly ignoredResources?: readonly string[];
  readonly ignoredResourceGroups?: readonly string[];
  readonly scoringStrategy?: {
    readonly type?: 'LeastAllocated' | 'MostAllocated' | 'RequestedToCapacityRatio';
    readonly resources?: readonly ResourceSpec[];
    readonly requestedToCapacityRatio?: { readonly shape?: readonly UtilizationShapePoint[] };
  };
}

const preScoreKey = `PreScore${pluginNames.nodeResourcesFit}`;

class PreScoreState implements StateData {
  constructor(readonly podRequests: readonly number[]) {}
  clone(): StateData {
    return this;
  }
}

// Most rejections carry the same one or two reasons: share those statuses.
const statusCache = new Map<string, Status>();

function rejection(reasons: string[], unresolvable: boolean): Status {
  const key = `${unresolvable ? 'U' : 'u'}${reasons.join('\n')}`;
  let s = statusCache.get(key);
  if (s === undefined) {
    s = unresolvable ? Status.unresolvable(...reasons) : Status.unschedulable(...reasons);
    if (statusCache.size < 1000) statusCache.set(key, s);
  }
  return s;
}

/** The Filter verdict for a pod requesting `request` on `node`. */
export function filterResources(
  request: Resource,
  node: NodeInfo,
  ignored?: IgnoredResources,
): Status | undefined {
  const insufficient = fitsRequest(request, node, ignored);
  if (insufficient === undefined || insufficient.length === 0) return undefined;
  return rejection(
    insufficient.map((r) => r.reason),
    insufficient.some((r) => r.unresolvable),
  );
}

/** Builds the scorer of a scoring strategy; throws on invalid args. */
export function scorerFor(args: NodeResourcesFitArgs): ResourceAllocationScorer {
  const strategy = args.scoringStrategy ?? {};
  const resources = (strategy.resources ?? defaultScoredResources).map((r) => ({
    name: r.name,
    weight: r.weight || 1,
  }));
  switch (strategy.type ?? 'LeastAllocated') {
    case 'LeastAllocated':
      return new ResourceAllocationScorer(resources, false, leastAllocatedScorer(resources));
    case 'MostAllocated':
      return new ResourceAllocationScorer(resources, false, mostAllocatedScorer(resources));
    case 'RequestedToCapacityRatio': {
      const shape = strategy.requestedToCapacityRatio?.shape ?? [];
      if (shape.length === 0) throw new Error('NodeResourcesFit: requestedToCapacityRatio.shape is required');
      return new ResourceAllocationScorer(resources, false, requestedToCapacityRatioScorer(resources, shape));
    }
    default:
      throw new Error(`NodeResourcesFit: scoring strategy ${String(strategy.type)} is not supported`);
  }
}

function fitsAllocatable(pod: Pod, node: Node): boolean {
  const info = newPodInfo(pod);
  const alloc = Resource.fromList(node.status?.allocatable as Record<string, string> | undefined);
  const r = info.requests;
  if (r.milliCpu > alloc.milliCpu || r.memory > alloc.memory || r.ephemeralStorage > alloc.ephemeralStorage)
    return false;
  if (r.scalar !== undefined) for (const [k, v] of r.scalar) if (v > alloc.getScalar(k)) return false;
  return true;
}

/** NodeResourcesFit: requests must fit the node's free allocatable; the strategy scores the rest. */
export function newNodeResourcesFit(
  rawArgs?: Readonly<Record<string, unknown>>,
): PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin & EnqueueExtensions {
  const args = (rawArgs ?? {}) as NodeResourcesFitArgs;
  const ignored: IgnoredResources = {
    names: new Set(args.ignoredResources ?? []),
    groups: new Set(args.ignoredResourceGroups ?? []),
  };
  const scorer = scorerFor(args);
  const readState = cachedStateReader<PreScoreState>(preScoreKey);
  return {
    name: pluginNames.nodeResourcesFit,
    preFilter: () => undefined,
    filter: (_s, pod, node) => filterResources(pod.requests, node, ignored),
    preScore(state: CycleState, pod: PodInfo) {
      state.write(preScoreKey, new PreScoreState(scorer.podRequests(pod)));
      return undefined;
    },
    score(state: CycleState, pod: PodInfo, node: NodeInfo) {
      const requests = readState(state)?.podRequests ?? scorer.podRequests(pod);
      return scorer.score(node, requests);
    },
    eventsToRegister: () => [
      {
        event: { resource: 'Pod', actionType: ActionType.Delete },
        hint: (_pod, oldObj) => ((oldObj as Pod | undefined)?.spec?.nodeName ? 'Queue' : 'QueueSkip'),
      },
      {
        event: {
          resource: 'Node',
          actionType:
            ActionType.Add |
            ActionType.UpdateNodeAllocatable |
            ActionType.UpdateNodeTaint |
            ActionType.UpdateNodeLabel,
        },
        hint: (pod, _old, newObj) =>
          newObj === undefined || fitsAllocatable(pod, newObj as Node) ? 'Queue' : 'QueueSkip',
      },
    ],
  };
}
