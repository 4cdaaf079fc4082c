import type { ClusterEventWithHint } from './cluster-event.js';
import type { CycleState } from './cycle-state.js';
import type { NodeInfo } from './node-info.js';
import type { NodeToStatus } from './node-to-status.js';
import type { PodInfo } from './pod-info.js';
import type { QueuedPodInfo } from './queued-pod-info.js';
import type { Status } from './status.js';

// One small interface per extension point (upstream's framework/interface.go). A plugin implements
// any subset; the framework finds them by their methods. `undefined` as a Status means Success.

/** Every plugin has a name, unique within a profile. */
export interface Plugin {
  readonly name: string;
}

/** Decides whether a pod may enter the active queue at all (e.g. scheduling gates). */
export interface PreEnqueuePlugin extends Plugin {
  preEnqueue(pod: PodInfo): Status | undefined;
}

/** Orders the active queue; exactly one per profile, the same in every profile. */
export interface QueueSortPlugin extends Plugin {
  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean;
}

/** Names the cluster events after which a pod this plugin rejected is worth retrying. */
export interface EnqueueExtensions {
  eventsToRegister(): readonly ClusterEventWithHint[];
}

/** What PreFilter returns: a status (Skip, a rejection) and/or the only nodes worth filtering. */
export interface PreFilterResult {
  readonly status?: Status;
  /** Only these nodes can fit; undefined means all nodes. */
  readonly nodeNames?: ReadonlySet<string>;
}

/** Keeps PreFilter state right when pods are added to or removed from a node in a what-if. */
export interface PreFilterExtensions {
  addPod(state: CycleState, podToSchedule: PodInfo, podToAdd: PodInfo, node: NodeInfo): Status | undefined;
  removePod(
    state: CycleState,
    podToSchedule: PodInfo,
    podToRemove: PodInfo,
    node: NodeInfo,
  ): Status | undefined;
}

/** Computes per-pod state once before the per-node Filter calls. */
export interface PreFilterPlugin extends Plugin {
  preFilter(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): PreFilterResult | undefined;
  preFilterExtensions?(): PreFilterExtensions | undefined;
}

/** Decides whether the pod fits one node; called for many nodes, so it must not allocate. */
export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status | undefined;
}

/** How to change the pod's nominated node: override with a name ("" clears), or leave it. */
export interface NominatingInfo {
  readonly mode: 'Override' | 'Noop';
  readonly nominatedNodeName: string;
}

/** What a PostFilter plugin returns. */
export interface PostFilterOutcome {
  readonly nominatingInfo?: NominatingInfo;
  readonly status: Status | undefined;
}

/** Runs when no node fits, to make one fit later (preemption). */
export interface PostFilterPlugin extends Plugin {
  postFilter(state: CycleState, pod: PodInfo, statuses: NodeToStatus): Promise<PostFilterOutcome>;
}

/** Computes per-pod scoring state once before the per-node Score calls. */
export interface PreScorePlugin extends Plugin {
  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status | undefined;
}

/** Ranks a feasible node; scores are normalized to 0–100 and weighted across plugins. */
export interface ScorePlugin extends Plugin {
  /** The raw score; throw for an internal error. */
  score(state: CycleState, pod: PodInfo, node: NodeInfo): number;
  /** Rescales `scores` (aligned with `nodes`) in place to 0–100. */
  normalizeScore?(
    state: CycleState,
    pod: PodInfo,
    scores: number[],
    nodes: readonly NodeInfo[],
  ): Status | undefined;
}

/** Claims resources for the chosen node before binding, and gives them back on failure. */
export interface ReservePlugin extends Plugin {
  reserve(state: CycleState, pod: PodInfo, nodeName: string): Status | undefined;
  unreserve(state: CycleState, pod: PodInfo, nodeName: string): void;
}

/** What Permit returns; a Wait status holds the binding for up to `timeoutMs`. */
export interface PermitOutcome {
  readonly status: Status | undefined;
  readonly timeoutMs?: number;
}

/** Approves, rejects or delays the binding. */
export interface PermitPlugin extends Plugin {
  permit(state: CycleState, pod: PodInfo, nodeName: string): PermitOutcome;
}

/** Prepares the binding (e.g. binds volumes) in the binding cycle. */
export interface PreBindPlugin extends Plugin {
  preBind(
    state: CycleState,
    pod: PodInfo,
    nodeName: string,
    signal: AbortSignal,
  ): Promise<Status | undefined>;
}

/** Binds the pod to the node; Skip passes the pod to the next binder. */
export interface BindPlugin extends Plugin {
  bind(state: CycleState, pod: PodInfo, nodeName: string, signal: AbortSignal): Promise<Status | undefined>;
}

/** Told about a successful binding. */
export interface PostBindPlugin extends Plugin {
  postBind(state: CycleState, pod: PodInfo, nodeName: string): void;
}

/** Any plugin: the name plus whichever extension points it implements. */
export type AnyPlugin = Plugin &
  Partial<
    PreEnqueuePlugin &
      QueueSortPlugin &
      EnqueueExtensions &
      PreFilterPlugin &
      FilterPlugin &
      PostFilterPlugin &
      PreScorePlugin &
      ScorePlugin &
      ReservePlugin &
      PermitPlugin &
      PreBindPlugin &
      BindPlugin &
      PostBindPlugin
  >;
