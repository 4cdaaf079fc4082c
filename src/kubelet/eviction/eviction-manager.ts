// The eviction manager (upstream eviction.managerImpl). Every 10 s it observes the node, works out
// which thresholds are met (soft ones only after their grace period, met ones until their minimum
// reclaim is recovered), reports pressure conditions (held for the transition period), first tries
// to reclaim node-level resources (dead containers, unused images), and only then evicts — at most
// one pod per round, the first in upstream's ranking that is not critical — and waits for it to be
// cleaned up before looking again.
import type { Pod, PodCondition } from 'kubernetes-types/core/v1.js';
import { systemClock, type Clock } from '../../base/clock.js';
import type { Logger } from '../../base/logger.js';
import { isCriticalPod } from '../static-pods/pod-source.js';
import { evictionMessage } from './eviction-message.js';
import { localStorageViolations } from './local-storage-eviction.js';
import { admitUnderPressure, type AdmitResult } from './pod-admission.js';
import { rankerFor, type PodStatsLookup } from './pod-ranking.js';
import { signalObservations, type SignalObservations } from './signal-observations.js';
import {
  signalResource,
  type EvictionSignal,
  type PressureCondition,
  type ReclaimedResource,
} from './signals.js';
import type { StatsProvider } from './stats-provider.js';
import { isHardThreshold, type Threshold } from './threshold-config.js';
import {
  conditionsLastObservedAt,
  conditionsObservedSince,
  mergeThresholds,
  nodeConditions,
  reclaimableThreshold,
  thresholdsFirstObservedAt,
  thresholdsMet,
  thresholdsMetGracePeriod,
  thresholdsUpdatedStats,
} from './threshold-tracking.js';

/** What the kubelet core must do to evict one pod. */
export interface EvictionRequest {
  readonly pod: Pod;
  /** Kill with this grace period (1 s for hard thresholds, 0 for local storage limits). */
  readonly gracePeriodSeconds: number;
  /** Set the pod's status to phase Failed with this reason ("Evicted") and message. */
  readonly reason: 'Evicted';
  readonly message: string;
  /** Add this condition (DisruptionTarget) to the status, when present. */
  readonly condition?: PodCondition;
  /** Annotations for the Warning "Evicted" event on the pod. */
  readonly eventAnnotations: Readonly<Record<string, string>>;
}

/** Node-level reclaim the eviction manager tries before evicting (container and image GC). */
export interface NodeReclaimer {
  deleteAllUnusedContainers(): Promise<void>;
  deleteUnusedImages(): Promise<void>;
}

/** Options of EvictionManager. */
export interface EvictionManagerOptions {
  /** From parseThresholdConfig. */
  readonly thresholds: readonly Threshold[];
  readonly stats: StatsProvider;
  /** The pods the kubelet runs that may be evicted. */
  readonly activePods: () => readonly Pod[];
  /** Marks the pod Failed/Evicted and kills it; resolves once it is killed. */
  readonly evictPod: (request: EvictionRequest) => Promise<void>;
  /** True once an evicted pod's resources are released (containers and volumes gone). */
  readonly podCleanedUp?: (pod: Pod) => boolean;
  readonly reclaimer?: NodeReclaimer;
  /** Emits an event on the Node (EvictionThresholdMet). */
  readonly recordNodeEvent?: (type: 'Normal' | 'Warning', reason: string, message: string) => void;
  /** --eviction-pressure-transition-period (default 5 min). */
  readonly pressureTransitionPeriodMs?: number;
  /** --eviction-max-pod-grace-period in seconds (default 0). */
  readonly maxPodGracePeriodSeconds?: number;
  /** How often to look (default 10 s). */
  readonly monitoringIntervalMs?: number;
  /** Enforce emptyDir sizeLimit and ephemeral-storage limits (default true, as upstream). */
  readonly localStorageCapacityIsolation?: boolean;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

const defaultTransitionMs = 5 * 60_000;
const defaultMonitoringMs = 10_000;
const cleanupTimeoutMs = 30_000;
const cleanupPollMs = 1000;

/** Watches node resources, reports pressure and evicts pods to relieve it. */
export class EvictionManager {
  private readonly clock: Clock;
  private conditions: PressureCondition[] = [];
  private firstObserved = new Map<string, { threshold: Threshold; at: number }>();
  private conditionsLastObserved = new Map<PressureCondition, number>();
  private metThresholds: Threshold[] = [];
  private lastObservations: SignalObservations = new Map();
  private stopController: AbortController | undefined;

  constructor(private readonly options: EvictionManagerOptions) {
    this.clock = options.clock ?? systemClock;
  }

  /** The pressure conditions currently reported. */
  nodeConditions(): readonly PressureCondition[] {
    return this.conditions;
  }

  /** True while MemoryPressure is reported. */
  isUnderMemoryPressure(): boolean {
    return this.conditions.includes('MemoryPressure');
  }

  /** True while DiskPressure is reported. */
  isUnderDiskPressure(): boolean {
    return this.conditions.includes('DiskPressure');
  }

  /** True while PIDPressure is reported. */
  isUnderPidPressure(): boolean {
    return this.conditions.includes('PIDPressure');
  }

  /** Whether a new pod may be admitted under the current pressure. */
  admit(pod: Pod): AdmitResult {
    return admitUnderPressure(pod, this.conditions);
  }

  /** Runs rounds until stop(): after an eviction it waits for cleanup, otherwise the monitoring interval. */
  start(): void {
    if (this.stopController !== undefined) return;
    const controller = new AbortController();
    this.stopController = controller;
    void this.loop(controller.signal);
  }

  /** Stops the loop. */
  stop(): void {
    this.stopController?.abort();
    this.stopController = undefined;
  }

  /** One round; returns the pods it evicted. */
  async synchronize(): Promise<Pod[]> {
    const { thresholds: configured, stats } = this.options;
    const localStorage = this.options.localStorageCapacityIsolation ?? true;
    if (configured.length === 0 && !localStorage) return [];
    const activePods = [...this.options.activePods()];
    const summary = await stats.summary();
    const observations = signalObservations(summary);
    const byUid = new Map(summary.pods.map((p) => [p.uid, p]));
    const statsFor: PodStatsLookup = (pod) => byUid.get(pod.metadata?.uid ?? '');

    let thresholds = thresholdsMet(configured, observations, false);
    if (this.metThresholds.length > 0)
      thresholds = mergeThresholds(thresholds, thresholdsMet(this.metThresholds, observations, true));
    const now = this.clock.now();
    const firstObserved = thresholdsFirstObservedAt(thresholds, this.firstObserved, now);
    const lastObserved = conditionsLastObservedAt(
      nodeConditions(thresholds),
      this.conditionsLastObserved,
      now,
    );
    this.conditions = conditionsObservedSince(
      lastObserved,
      this.options.pressureTransitionPeriodMs ?? defaultTransitionMs,
      now,
    );
    thresholds = thresholdsMetGracePeriod(firstObserved, now);
    this.firstObserved = firstObserved;
    this.conditionsLastObserved = lastObserved;
    this.metThresholds = thresholds;
    thresholds = thresholdsUpdatedStats(thresholds, observations, this.lastObservations);
    this.lastObservations = observations;

    if (localStorage) {
      const evicted: Pod[] = [];
      for (const v of localStorageViolations(activePods, statsFor))
        if (await this.evict(v.pod, 0, v.message, {}, undefined)) evicted.push(v.pod);
      if (evicted.length > 0) return evicted;
    }
    if (thresholds.length === 0) return [];
    const target = reclaimableThreshold(thresholds);
    if (target === undefined) return [];
    const resource = signalResource[target.signal];
    this.options.recordNodeEvent?.('Warning', 'EvictionThresholdMet', `Attempting to reclaim ${resource}`);
    const dedicatedImageFs = await stats.hasDedicatedImageFs();
    if (await this.reclaimNodeLevelResources(target.signal, resource, dedicatedImageFs)) return [];
    if (activePods.length === 0) return [];

    rankerFor(target.signal, dedicatedImageFs)(activePods, statsFor);
    for (const pod of activePods) {
      const grace = isHardThreshold(target) ? 1 : this.softGracePeriod(pod);
      const { message, annotations } = evictionMessage(
        resource,
        pod,
        statsFor(pod),
        thresholds,
        observations,
      );
      const condition: PodCondition = {
        type: 'DisruptionTarget',
        status: 'True',
        reason: 'TerminationByKubelet',
        message,
      };
      if (await this.evict(pod, grace, message, annotations, condition)) return [pod];
    }
    return [];
  }

  private softGracePeriod(pod: Pod): number {
    const max = this.options.maxPodGracePeriodSeconds ?? 0;
    const own = pod.spec?.terminationGracePeriodSeconds;
    return own === undefined ? max : Math.min(max, own);
  }

  // Node-level reclaim first: when it brings every threshold (with minimum reclaim) back, no pod
  // has to go. Without a dedicated imagefs images and containers share the node's disk.
  private async reclaimNodeLevelResources(
    signal: EvictionSignal,
    resource: ReclaimedResource,
    dedicatedImageFs: boolean,
  ): Promise<boolean> {
    const reclaimer = this.options.reclaimer;
    const disk = resource === 'ephemeral-storage' || resource === 'inodes';
    const worthIt = disk && (!dedicatedImageFs || signal.startsWith('imagefs'));
    if (reclaimer === undefined || !worthIt) return false;
    for (const step of [() => reclaimer.deleteAllUnusedContainers(), () => reclaimer.deleteUnusedImages()]) {
      await step().catch((err: unknown) =>
        this.options.logger?.info('reclaiming node resources failed', { resource, err }),
      );
    }
    const summary = await this.options.stats.summary().catch(() => undefined);
    if (summary === undefined) return false;
    const stillMet = thresholdsMet(this.options.thresholds, signalObservations(summary), true);
    if (stillMet.length > 0) return false;
    this.options.logger?.info('reduced resource pressure without evicting pods', { resource });
    return true;
  }

  private async evict(
    pod: Pod,
    gracePeriodSeconds: number,
    message: string,
    eventAnnotations: Record<string, string>,
    condition: PodCondition | undefined,
  ): Promise<boolean> {
    // A static pod would never come back, and critical pods keep the node itself working.
    if (isCriticalPod(pod)) {
      this.options.logger?.warn('cannot evict a critical pod', { pod: pod.metadata?.name });
      return false;
    }
    try {
      await this.options.evictPod({
        pod,
        gracePeriodSeconds,
        reason: 'Evicted',
        message,
        ...(condition !== undefined ? { condition } : {}),
        eventAnnotations,
      });
    } catch (err) {
      this.options.logger?.error('pod failed to evict', { pod: pod.metadata?.name, err });
    }
    return true;
  }

  private async loop(signal: AbortSignal): Promise<void> {
    const interval = this.options.monitoringIntervalMs ?? defaultMonitoringMs;
    while (!signal.aborted) {
      let evicted: Pod[] = [];
      try {
        evicted = await this.synchronize();
      } catch (err) {
        this.options.logger?.error('eviction round failed', { err });
      }
      try {
        if (evicted.length > 0) await this.waitForCleanup(evicted, signal);
        else await this.clock.sleep(interval, signal);
      } catch {
        return;
      }
    }
  }

  private async waitForCleanup(pods: readonly Pod[], signal: AbortSignal): Promise<void> {
    const cleanedUp = this.options.podCleanedUp;
    const deadline = this.clock.now() + cleanupTimeoutMs;
    for (;;) {
      await this.clock.sleep(cleanupPollMs, signal);
      if (cleanedUp === undefined || pods.every((p) => cleanedUp(p))) return;
      if (this.clock.now() >= deadline) {
        this.options.logger?.info('timed out waiting for evicted pods to be cleaned up');
        return;
      }
    }
  }
}
