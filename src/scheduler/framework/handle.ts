import type { Clock } from '../../base/clock.js';
import type { Logger } from '../../base/logger.js';
import type { KubeClient } from '../../client/index.js';
import type { CycleState } from './cycle-state.js';
import type { ClusterListers } from './listers.js';
import type { NodeInfo } from './node-info.js';
import type { PodInfo } from './pod-info.js';
import type { Status } from './status.js';

/** The cluster as of the cycle's snapshot (upstream's SharedLister / NodeInfoLister). */
export interface NodeInfoLister {
  /** Every node, zones interleaved (the order nodes are tried in). */
  list(): readonly NodeInfo[];
  /** Nodes with at least one pod that has (anti-)affinity terms. */
  havePodsWithAffinityList(): readonly NodeInfo[];
  /** Nodes with at least one pod that has required anti-affinity terms. */
  havePodsWithRequiredAntiAffinityList(): readonly NodeInfo[];
  get(nodeName: string): NodeInfo | undefined;
  /** True when some pod uses the claim "namespace/name". */
  isPVCUsedByPods(key: string): boolean;
  /** On how many nodes an image (by any of its names) is present. */
  imageNumNodes(image: string): number;
}

/** Pods nominated to run on nodes after preemption. */
export interface NominatedPodsView {
  nominatedPodsForNode(nodeName: string): readonly PodInfo[];
}

/** A pod waiting in Permit. */
export interface WaitingPodView {
  readonly podInfo: PodInfo;
  /** Turns the wait into a rejection. */
  reject(plugin: string, message: string): void;
  /** Lets the pod through for `plugin`. */
  allow(plugin: string): void;
}

/** The minimum an event recorder offers plugins (core/v1 Events about pods). */
export interface PodEventRecorder {
  event(pod: PodInfo, type: 'Normal' | 'Warning', reason: string, message: string): void;
}

/** What plugins get from the framework (upstream's framework.Handle). */
export interface Handle {
  /** The snapshot of the cycle in progress. */
  readonly snapshot: NodeInfoLister;
  readonly listers: ClusterListers;
  /** The API client; undefined in unit tests that make no calls. */
  readonly client: KubeClient | undefined;
  readonly nominator: NominatedPodsView;
  readonly recorder: PodEventRecorder;
  readonly clock: Clock;
  readonly log: Logger;
  /** The profile's schedulerName. */
  readonly profileName: string;
  /** Filters with pods of equal or higher priority nominated to the node counted (preemption's check). */
  runFilterPluginsWithNominatedPods(state: CycleState, pod: PodInfo, node: NodeInfo): Status | undefined;
  runPreFilterExtensionAddPod(
    state: CycleState,
    pod: PodInfo,
    toAdd: PodInfo,
    node: NodeInfo,
  ): Status | undefined;
  runPreFilterExtensionRemovePod(
    state: CycleState,
    pod: PodInfo,
    toRemove: PodInfo,
    node: NodeInfo,
  ): Status | undefined;
  getWaitingPod(uid: string): WaitingPodView | undefined;
}
