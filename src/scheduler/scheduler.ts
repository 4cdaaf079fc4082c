import type { Pod } from 'kubernetes-types/core/v1.js';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { systemClock, type Cancel, type Clock } from '../base/clock.js';
import { createLogger, type Logger } from '../base/logger.js';
import { Registry } from '../base/metrics/index.js';
import type { KubeClient } from '../client/index.js';
import { Cache } from './cache/cache.js';
import { Snapshot } from './cache/snapshot.js';
import type { SchedulerConfiguration } from './config/types.js';
import { clusterEvents } from './framework/cluster-event.js';
import { CycleState } from './framework/cycle-state.js';
import { FitError, newDiagnosis } from './framework/fit-error.js';
import { Framework } from './framework/framework.js';
import type { PodEventRecorder } from './framework/handle.js';
import type { NominatingInfo } from './framework/interfaces.js';
import type { ClusterListers } from './framework/listers.js';
import { NodeToStatus } from './framework/node-to-status.js';
import { newPodInfo, type PodInfo } from './framework/pod-info.js';
import type { QueuedPodInfo } from './framework/queued-pod-info.js';
import type { PluginRegistry } from './framework/registry.js';
import { Status, isSuccess } from './framework/status.js';
import { SchedulerMetrics, type AttemptResult } from './metrics.js';
import { inTreeRegistry } from './plugins/registry.js';
import { patchPodStatus, podScheduledPatch, truncateMessage } from './pod-status.js';
import { SchedulingQueue } from './queue/scheduling-queue.js';
import { ScheduleAlgorithm } from './schedule-pod.js';

/** What a Scheduler is created with. */
export interface SchedulerOptions {
  readonly config: SchedulerConfiguration;
  readonly listers: ClusterListers;
  /** The API client; bindings, status updates and preemption go through it. */
  readonly client?: KubeClient;
  /** Plugin factories (default: the in-tree plugins). */
  readonly registry?: PluginRegistry;
  /** An event recorder per profile (schedulerName). */
  readonly recorderFor?: (schedulerName: string) => PodEventRecorder;
  /** Where the metrics go (default: a registry of its own). */
  readonly metricsRegistry?: Registry;
  /** Binding cycles allowed at once before scheduling waits for one to end (default 128). */
  readonly bindConcurrency?: number;
  /** See CacheOptions.assumedPodTtlMs (default 0: never expire, as upstream 1.32). */
  readonly assumedPodTtlMs?: number;
  readonly clock?: Clock;
  readonly log?: Logger;
  readonly random?: () => number;
}

const silentRecorder: PodEventRecorder = { event: () => {} };

/** How long the scheduling loop may run before it lets the event loop handle I/O. */
const sliceMs = 5;

/**
 * The scheduler (upstream's Scheduler and scheduleOne): pops a pod, runs its profile's framework
 * on a fresh snapshot, assumes the chosen node in the cache, and binds asynchronously; failures go
 * back to the queue with a PodScheduled=False condition and a FailedScheduling event.
 */
export class Scheduler {
  readonly cache: Cache;
  readonly queue: SchedulingQueue;
  readonly snapshot = new Snapshot();
  readonly profiles = new Map<string, Framework>();
  readonly metrics: SchedulerMetrics;
  readonly metricsRegistry: Registry;
  readonly algorithm: ScheduleAlgorithm;
  private readonly listers: ClusterListers;
  private readonly client: KubeClient | undefined;
  private readonly recorders = new Map<string, PodEventRecorder>();
  private readonly bindConcurrency: number;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly bindings = new Set<Promise<void>>();
  private bindingAbort = new AbortController();
  private cleanupTimer: Cancel | undefined;

  constructor(options: SchedulerOptions) {
    this.clock = options.clock ?? systemClock;
    this.log = options.log ?? createLogger('scheduler');
    this.listers = options.listers;
    this.client = options.client;
    this.bindConcurrency = options.bindConcurrency ?? 128;
    this.metricsRegistry = options.metricsRegistry ?? new Registry();
    this.cache = new Cache({
      clock: this.clock,
      log: this.log.child('cache'),
      assumedPodTtlMs: options.assumedPodTtlMs ?? 0,
    });
    const registry = options.registry ?? inTreeRegistry();
    const config = options.config;
    // The queue is built after the frameworks; plugins ask it for nominations only in later cycles.
    const nominator = { nominatedPodsForNode: (n: string) => this.queue.nominator.nominatedPodsForNode(n) };
    this.metrics = new SchedulerMetrics(this.metricsRegistry, {
      pendingPods: () => this.queue.pendingCounts(),
      cacheSize: () => ({
        nodes: this.cache.nodeCount,
        pods: this.cache.podCount,
        assumedPods: this.cache.assumedPodCount,
      }),
    });
    for (const profile of config.profiles) {
      const recorder = options.recorderFor?.(profile.schedulerName) ?? silentRecorder;
      this.recorders.set(profile.schedulerName, recorder);
      this.profiles.set(
        profile.schedulerName,
        new Framework({
          profile,
          registry,
          snapshot: this.snapshot,
          listers: this.listers,
          ...(this.client !== undefined ? { client: this.client } : {}),
          nominator,
          recorder,
          metrics: this.metrics,
          clock: this.clock,
          log: this.log.child(profile.schedulerName),
        }),
      );
    }
    const frameworks = [...this.profiles.values()];
    const first = frameworks[0];
    if (first === undefined) throw new Error('at least one profile is required');
    for (const f of frameworks)
      if (f.queueSortName !== first.queueSortName)
        throw new Error('all profiles must use the same queue sort plugin');
    this.queue = new SchedulingQueue({
      less: (a, b) => first.less(a, b),
      profiles: this.profiles,
      initialBackoffMs: config.podInitialBackoffMs,
      maxBackoffMs: config.podMaxBackoffMs,
      onIncoming: (q, e) => this.metrics.queueIncoming(q, e),
      clock: this.clock,
      log: this.log.child('queue'),
    });
    this.algorithm = new ScheduleAlgorithm({
      snapshot: this.snapshot,
      percentageOfNodesToScore: config.percentageOfNodesToScore,
      ...(options.random !== undefined ? { random: options.random } : {}),
    });
  }

  /** The PodInfo of a pod. */
  podInfo(pod: Pod): PodInfo {
    return newPodInfo(pod);
  }

  /** True when one of the profiles schedules pods naming `schedulerName`. */
  responsibleFor(pod: Pod): boolean {
    return this.profiles.has(pod.spec?.schedulerName ?? 'default-scheduler');
  }

  /** Schedules pods until `signal` aborts; then waits for binding cycles in flight. */
  async run(signal: AbortSignal): Promise<void> {
    this.queue.run(signal);
    const cleanup = () => {
      this.cache.cleanupExpiredAssumedPods();
      this.cleanupTimer = this.clock.after(1000, cleanup);
    };
    this.cleanupTimer = this.clock.after(1000, cleanup);
    signal.addEventListener('abort', () => this.bindingAbort.abort(signal.reason), { once: true });
    let sliceStart = performance.now();
    try {
      while (!signal.aborted) {
        if (this.bindings.size >= this.bindConcurrency) {
          await Promise.race(this.bindings);
          continue;
        }
        const q = this.queue.tryPop() ?? (await this.queue.pop(signal));
        if (q === undefined) break;
        try {
          await this.scheduleOne(q);
        } catch (err) {
          // A bug in one cycle must not stop scheduling: the pod is retried after backoff.
          this.log.error('scheduling cycle failed', { pod: q.podInfo.key, err });
          this.queue.addUnschedulableIfNotPresent(q);
        }
        if (performance.now() - sliceStart > sliceMs) {
          await yieldToLoop();
          sliceStart = performance.now();
        }
      }
    } finally {
      this.cleanupTimer?.();
      this.queue.close();
      await Promise.allSettled([...this.bindings]);
    }
  }

  /** Waits for the binding cycles in flight (tests). */
  async drainBindings(): Promise<void> {
    while (this.bindings.size > 0) await Promise.allSettled([...this.bindings]);
  }

  /** One scheduling cycle for one pod; the binding cycle continues in the background. */
  async scheduleOne(q: QueuedPodInfo): Promise<void> {
    const podInfo = q.podInfo;
    const pod = podInfo.pod;
    const fwk = this.profiles.get(pod.spec?.schedulerName ?? 'default-scheduler');
    if (fwk === undefined) {
      this.log.error('profile not found for scheduler name', {
        pod: podInfo.key,
        schedulerName: pod.spec?.schedulerName,
      });
      this.queue.done(podInfo.uid);
      return;
    }
    if (podInfo.terminating || this.cache.isAssumedPod(podInfo.uid)) {
      if (podInfo.terminating)
        this.recorder(fwk).event(
          podInfo,
          'Warning',
          'FailedScheduling',
          `skip schedule deleting pod: ${podInfo.key}`,
        );
      this.queue.done(podInfo.uid);
      return;
    }
    const start = this.clock.now();
    const t0 = performance.now();
    this.cache.updateSnapshot(this.snapshot);
    const state = new CycleState();
    const outcome = this.algorithm.schedulePod(fwk, state, podInfo);
    if (outcome.kind !== 'scheduled') {
      let nominating: NominatingInfo | undefined = { mode: 'Override', nominatedNodeName: '' };
      let status: Status;
      if (outcome.kind === 'error') {
        status = outcome.status;
      } else {
        const fitError = outcome.fitError;
        if (fwk.hasPostFilterPlugins) {
          this.metrics.preemptionAttempt();
          const post = await fwk.runPostFilterPlugins(state, podInfo, fitError.diagnosis.nodeToStatus);
          fitError.diagnosis.postFilterMsg = post.status?.message() ?? '';
          nominating = post.nominatingInfo;
        } else {
          nominating = undefined;
        }
        q.unschedulablePlugins = fitError.diagnosis.unschedulablePlugins;
        q.pendingPlugins = fitError.diagnosis.pendingPlugins;
        status = new Status('Unschedulable', [fitError.message()]);
      }
      this.attemptDone(fwk, status.isRejected() ? 'unschedulable' : 'error', t0);
      this.handleFailure(fwk, q, status, nominating);
      return;
    }
    const host = outcome.host;
    const assumed = this.assumedPodInfo(podInfo, host);
    this.cache.assumePod(assumed, host);
    this.queue.nominator.delete(podInfo);
    const reserved = fwk.runReservePluginsReserve(state, assumed, host);
    if (!isSuccess(reserved)) {
      fwk.runReservePluginsUnreserve(state, assumed, host);
      this.cache.forgetPod(assumed);
      this.failOnNode(fwk, q, host, reserved!, t0);
      return;
    }
    const permit = fwk.runPermitPlugins(state, assumed, host);
    if (permit !== undefined && permit.code !== 'Wait') {
      fwk.runReservePluginsUnreserve(state, assumed, host);
      this.cache.forgetPod(assumed);
      this.failOnNode(fwk, q, host, permit, t0);
      return;
    }
    const binding = this.bindingCycle(fwk, state, q, assumed, host, start, t0)
      .catch((err: unknown) => {
        // Plugins' failures are statuses; anything thrown here is a bug, kept from stopping the loop.
        this.log.error('binding cycle failed', { pod: assumed.key, err });
        this.cache.forgetPod(assumed);
        this.queue.done(assumed.uid);
      })
      .finally(() => this.bindings.delete(binding));
    this.bindings.add(binding);
  }

  private async bindingCycle(
    fwk: Framework,
    state: CycleState,
    q: QueuedPodInfo,
    assumed: PodInfo,
    host: string,
    start: number,
    t0: number,
  ): Promise<void> {
    const signal = this.bindingAbort.signal;
    let status = await fwk.waitOnPermit(assumed);
    if (isSuccess(status)) status = await fwk.runPreBindPlugins(state, assumed, host, signal);
    if (isSuccess(status)) status = await fwk.runBindPlugins(state, assumed, host, signal);
    if (!isSuccess(status)) {
      fwk.runReservePluginsUnreserve(state, assumed, host);
      this.cache.forgetPod(assumed);
      // The assumed pod's resources are free again: pods rejected for want of them may fit now.
      this.queue.moveAllToActiveOrBackoff(
        clusterEvents.assignedPodDelete,
        assumed.pod,
        undefined,
        (p) => p.metadata?.uid !== assumed.uid,
      );
      if (status!.isRejected()) this.failOnNode(fwk, q, host, status!, t0);
      else {
        this.attemptDone(fwk, 'error', t0);
        this.handleFailure(fwk, q, status!, undefined);
      }
      return;
    }
    this.cache.finishBinding(assumed);
    this.attemptDone(fwk, 'scheduled', t0);
    this.metrics.podScheduled(q.attempts, (this.clock.now() - (q.initialAttemptTimestamp ?? start)) / 1000);
    this.recorder(fwk).event(
      assumed,
      'Normal',
      'Scheduled',
      `Successfully assigned ${assumed.key} to ${host}`,
    );
    fwk.runPostBindPlugins(state, assumed, host);
    this.queue.done(assumed.uid);
  }

  /** A Reserve, Permit or bind rejection on the chosen node: reported as "0/1 nodes are available". */
  private failOnNode(fwk: Framework, q: QueuedPodInfo, host: string, status: Status, t0: number): void {
    const statuses = new NodeToStatus();
    statuses.set(host, status);
    const diagnosis = newDiagnosis(statuses);
    if (status.plugin !== '') diagnosis.unschedulablePlugins.add(status.plugin);
    q.unschedulablePlugins = diagnosis.unschedulablePlugins;
    q.pendingPlugins = diagnosis.pendingPlugins;
    const rejected = status.isRejected();
    const wrapped = rejected ? new Status(status.code, [new FitError(1, diagnosis).message()]) : status;
    this.attemptDone(fwk, rejected ? 'unschedulable' : 'error', t0);
    this.handleFailure(fwk, q, wrapped, { mode: 'Override', nominatedNodeName: '' });
  }

  /**
   * Upstream's handleSchedulingFailure: back to the queue (unless the pod is gone or bound
   * meanwhile), the nomination recorded, a FailedScheduling event, and PodScheduled=False.
   */
  private handleFailure(
    fwk: Framework,
    q: QueuedPodInfo,
    status: Status,
    nominating: NominatingInfo | undefined,
  ): void {
    const podInfo = q.podInfo;
    const reason = status.isRejected() ? 'Unschedulable' : 'SchedulerError';
    const message = status.message();
    if (status.code === 'Error')
      this.log.error('error scheduling pod; retrying', { pod: podInfo.key, err: message });
    else this.log.debug('unable to schedule pod; waiting', { pod: podInfo.key, reason: message });
    const current = this.listers.pods.get(podInfo.namespace, podInfo.name);
    let latest = podInfo;
    if (current === undefined || current.metadata?.uid !== podInfo.uid) {
      this.queue.done(podInfo.uid);
    } else if (current.spec?.nodeName) {
      this.queue.done(podInfo.uid);
    } else {
      latest = this.podInfo(current);
      q.podInfo = latest;
      this.queue.addUnschedulableIfNotPresent(q);
    }
    if (nominating?.mode === 'Override') this.queue.nominator.add(latest, nominating.nominatedNodeName);
    if (current === undefined || current.metadata?.uid !== podInfo.uid) return;
    this.recorder(fwk).event(latest, 'Warning', 'FailedScheduling', truncateMessage(message));
    const patch = podScheduledPatch(
      current,
      { status: 'False', reason, message },
      nominating,
      this.clock.now(),
    );
    if (patch !== undefined && this.client !== undefined) {
      patchPodStatus(this.client, current, patch).catch((err: unknown) =>
        this.log.warn('could not update the pod condition', { pod: podInfo.key, err }),
      );
    }
  }

  private assumedPodInfo(podInfo: PodInfo, host: string): PodInfo {
    const pod = podInfo.pod;
    return { ...podInfo, pod: { ...pod, spec: { ...pod.spec!, nodeName: host } } };
  }

  private attemptDone(fwk: Framework, result: AttemptResult, t0: number): void {
    this.metrics.attempt(result, fwk.profileName, (performance.now() - t0) / 1000);
  }

  private recorder(fwk: Framework): PodEventRecorder {
    return this.recorders.get(fwk.profileName) ?? silentRecorder;
  }
}
