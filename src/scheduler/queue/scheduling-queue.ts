import type { Pod } from 'kubernetes-types/core/v1.js';
import { systemClock, type Cancel, type Clock } from '../../base/clock.js';
import { createLogger, type Logger } from '../../base/logger.js';
import {
  eventMatches,
  wildcardEvents,
  type ClusterEvent,
  type ClusterEventWithHint,
  type QueueingHint,
} from '../framework/cluster-event.js';
import type { PodInfo } from '../framework/pod-info.js';
import { newQueuedPodInfo, type QueuedPodInfo } from '../framework/queued-pod-info.js';
import type { Status } from '../framework/status.js';
import { backoffDuration } from './backoff.js';
import { Heap } from './heap.js';
import { Nominator } from './nominator.js';

/** What the queue needs from a profile. */
export interface QueueProfile {
  runPreEnqueuePlugins(pod: PodInfo): Status | undefined;
  /** Per plugin, the events it registered (undefined: it reacts to every event). */
  eventsToRegister(): ReadonlyMap<string, readonly ClusterEventWithHint[] | undefined>;
}

/** The sub-queues a pending pod can be in, as the scheduler_pending_pods metric names them. */
export type QueueName = 'active' | 'backoff' | 'unschedulable' | 'gated';

/** What a SchedulingQueue is created with. */
export interface SchedulingQueueOptions {
  /** QueueSort's order (the same for every profile). */
  readonly less: (a: QueuedPodInfo, b: QueuedPodInfo) => boolean;
  /** Profiles by schedulerName. */
  readonly profiles: ReadonlyMap<string, QueueProfile>;
  /** podInitialBackoffSeconds (default 1 s). */
  readonly initialBackoffMs?: number;
  /** podMaxBackoffSeconds (default 10 s). */
  readonly maxBackoffMs?: number;
  /** How long a pod may sit in the unschedulable pool before it is retried anyway (default 5 min). */
  readonly maxInUnschedulableMs?: number;
  /** Told when a pod enters a sub-queue and why (metric scheduler_queue_incoming_pods_total). */
  readonly onIncoming?: (queue: QueueName, event: string) => void;
  readonly clock?: Clock;
  readonly log?: Logger;
}

interface RecordedEvent {
  readonly seq: number;
  readonly event: ClusterEvent;
  readonly oldObj: unknown;
  readonly newObj: unknown;
}

const podAdd = 'PodAdd';
const scheduleAttemptFailure = 'ScheduleAttemptFailure';
const backoffComplete = 'BackoffComplete';

function uidOf(q: QueuedPodInfo): string {
  return q.podInfo.uid;
}

/**
 * The scheduling queue (upstream's PriorityQueue): an active heap ordered by QueueSort, a backoff
 * heap ordered by backoff expiry, and a pool of unschedulable pods that wait until an event their
 * rejecting plugins registered for (judged by the plugins' queueing hints) or a 5-minute timeout
 * moves them. PreEnqueue plugins gate pods out of the active heap. Events that happen while a pod
 * is being scheduled are remembered, so a pod rejected on stale data is retried at once.
 */
export class SchedulingQueue {
  readonly nominator = new Nominator();
  private readonly active: Heap<QueuedPodInfo>;
  private readonly backoff: Heap<QueuedPodInfo>;
  private readonly unschedulable = new Map<string, QueuedPodInfo>();
  private readonly inFlight = new Map<string, { seq: number; podInfo: PodInfo }>();
  private events: RecordedEvent[] = [];
  private eventSeq = 0;
  private readonly profiles: ReadonlyMap<string, QueueProfile>;
  private readonly registrations = new Map<
    string,
    ReadonlyMap<string, readonly ClusterEventWithHint[] | undefined>
  >();
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly maxInUnschedulableMs: number;
  private readonly onIncoming: SchedulingQueueOptions['onIncoming'];
  private readonly clock: Clock;
  private readonly log: Logger;
  private waiters: (() => void)[] = [];
  private closed = false;
  private timers: Cancel[] = [];
  /** Incremented per pop; the scheduler's scheduling cycle number. */
  schedulingCycle = 0;

  constructor(options: SchedulingQueueOptions) {
    this.clock = options.clock ?? systemClock;
    this.log = options.log ?? createLogger('scheduler').child('queue');
    this.profiles = options.profiles;
    for (const [name, p] of options.profiles) this.registrations.set(name, p.eventsToRegister());
    this.initialBackoffMs = options.initialBackoffMs ?? 1000;
    this.maxBackoffMs = options.maxBackoffMs ?? 10_000;
    this.maxInUnschedulableMs = options.maxInUnschedulableMs ?? 5 * 60_000;
    this.onIncoming = options.onIncoming;
    this.active = new Heap(uidOf, options.less);
    this.backoff = new Heap(uidOf, (a, b) => this.backoffExpiry(a) < this.backoffExpiry(b));
  }

  /** Starts the periodic flushes: backoff every second, the unschedulable pool every 30 s. */
  run(signal: AbortSignal): void {
    const every = (ms: number, fn: () => void) => {
      const tick = () => {
        if (signal.aborted || this.closed) return;
        fn();
        this.timers.push(this.clock.after(ms, tick));
      };
      this.timers.push(this.clock.after(ms, tick));
    };
    every(1000, () => this.flushBackoffCompleted());
    every(30_000, () => this.flushUnschedulableLeftover());
    signal.addEventListener('abort', () => this.close(), { once: true });
  }

  /** Stops the timers and wakes every pop() with undefined. */
  close(): void {
    this.closed = true;
    for (const cancel of this.timers) cancel();
    this.timers = [];
    this.wake();
  }

  /** Pods per sub-queue. */
  pendingCounts(): Record<QueueName, number> {
    let gated = 0;
    for (const q of this.unschedulable.values()) if (q.gatingPlugin !== undefined) gated++;
    return {
      active: this.active.size,
      backoff: this.backoff.size,
      unschedulable: this.unschedulable.size - gated,
      gated,
    };
  }

  /** Where the pod with `uid` is waiting, if it is. */
  whereIs(uid: string): QueueName | 'inFlight' | undefined {
    if (this.active.has(uid)) return 'active';
    if (this.backoff.has(uid)) return 'backoff';
    const u = this.unschedulable.get(uid);
    if (u !== undefined) return u.gatingPlugin !== undefined ? 'gated' : 'unschedulable';
    if (this.inFlight.has(uid)) return 'inFlight';
    return undefined;
  }

  /** The queued entry of a pending pod (not one in flight). */
  get(uid: string): QueuedPodInfo | undefined {
    return this.active.get(uid) ?? this.backoff.get(uid) ?? this.unschedulable.get(uid);
  }

  /** A new pending pod: into the active heap unless a PreEnqueue plugin gates it. */
  add(podInfo: PodInfo): void {
    const q = newQueuedPodInfo(podInfo, this.clock.now());
    this.backoff.delete(podInfo.uid);
    this.unschedulable.delete(podInfo.uid);
    this.addToActive(q, podAdd);
    const nnn = podInfo.pod.status?.nominatedNodeName;
    if (nnn) this.nominator.add(podInfo, nnn);
  }

  /**
   * A pending pod changed. A change to anything but status moves it out of the unschedulable pool
   * (and re-runs PreEnqueue for a gated pod); otherwise its entry is just refreshed.
   */
  update(oldPod: Pod | undefined, podInfo: PodInfo): void {
    const uid = podInfo.uid;
    this.nominator.update(oldPod?.status?.nominatedNodeName, podInfo);
    const a = this.active.get(uid);
    if (a !== undefined) {
      a.podInfo = podInfo;
      this.active.add(a);
      return;
    }
    const b = this.backoff.get(uid);
    if (b !== undefined) {
      b.podInfo = podInfo;
      this.backoff.add(b);
      return;
    }
    const u = this.unschedulable.get(uid);
    if (u !== undefined) {
      u.podInfo = podInfo;
      if (oldPod !== undefined && !specOrMetaChanged(oldPod, podInfo.pod)) return;
      if (u.gatingPlugin !== undefined) {
        this.unschedulable.delete(uid);
        this.addToActive(u, 'PodUpdate');
        return;
      }
      this.unschedulable.delete(uid);
      this.requeue(u, 'Queue', 'PodUpdate');
      return;
    }
    const flying = this.inFlight.get(uid);
    if (flying !== undefined) {
      flying.podInfo = podInfo;
      // A change to a pod in flight is an event for that pod alone.
      this.recordEvent(
        { resource: 'UnscheduledPod', actionType: 0, label: 'PodUpdate' },
        oldPod,
        podInfo.pod,
      );
      return;
    }
    this.add(podInfo);
  }

  /** A pending pod was deleted (or got assigned). */
  delete(podInfo: PodInfo): void {
    const uid = podInfo.uid;
    this.nominator.delete(podInfo);
    this.active.delete(uid);
    this.backoff.delete(uid);
    this.unschedulable.delete(uid);
  }

  /** Takes the next pod without waiting; undefined when the active heap is empty. */
  tryPop(): QueuedPodInfo | undefined {
    const q = this.active.pop();
    if (q === undefined) return undefined;
    q.attempts++;
    this.schedulingCycle++;
    q.initialAttemptTimestamp ??= this.clock.now();
    this.inFlight.set(q.podInfo.uid, { seq: this.eventSeq, podInfo: q.podInfo });
    return q;
  }

  /** Waits for the next pod; undefined once the queue is closed or `signal` aborts. */
  async pop(signal?: AbortSignal): Promise<QueuedPodInfo | undefined> {
    for (;;) {
      if (this.closed || signal?.aborted) return undefined;
      const q = this.tryPop();
      if (q !== undefined) return q;
      await new Promise<void>((resolve) => {
        const onAbort = () => resolve();
        signal?.addEventListener('abort', onAbort, { once: true });
        this.waiters.push(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        });
      });
    }
  }

  /** The scheduling of the pod ended (bound, or handed back); forgets its in-flight events. */
  done(uid: string): void {
    if (!this.inFlight.delete(uid)) return;
    this.pruneEvents();
  }

  /**
   * A pod that could not be scheduled comes back: to the backoff or active heap when an event
   * during its attempt may have changed the verdict (or it failed with an error), to the
   * unschedulable pool otherwise.
   */
  addUnschedulableIfNotPresent(q: QueuedPodInfo): void {
    const uid = q.podInfo.uid;
    const flying = this.inFlight.get(uid);
    try {
      if (this.unschedulable.has(uid) || this.active.has(uid) || this.backoff.has(uid)) return;
      if (flying !== undefined) q.podInfo = flying.podInfo;
      q.timestamp = this.clock.now();
      const hint = this.hintForInFlight(q, flying?.seq);
      this.requeue(q, hint, scheduleAttemptFailure);
      const nnn = q.podInfo.pod.status?.nominatedNodeName;
      if (nnn && this.nominator.nominatedNodeOf(uid) === undefined) this.nominator.add(q.podInfo, nnn);
    } finally {
      this.done(uid);
    }
  }

  /** Moves the unschedulable pods `event` may help (as their plugins judge it) to backoff or active. */
  moveAllToActiveOrBackoff(
    event: ClusterEvent,
    oldObj: unknown,
    newObj: unknown,
    preCheck?: (pod: Pod) => boolean,
  ): void {
    if (this.inFlight.size > 0) this.recordEvent(event, oldObj, newObj);
    if (this.unschedulable.size === 0) return;
    const candidates: QueuedPodInfo[] = [];
    for (const q of this.unschedulable.values())
      if (q.gatingPlugin === undefined && (preCheck === undefined || preCheck(q.podInfo.pod)))
        candidates.push(q);
    this.movePods(candidates, event, oldObj, newObj);
  }

  /** Moves pods that waited in the unschedulable pool longer than the maximum. */
  flushUnschedulableLeftover(): void {
    const now = this.clock.now();
    const stale: QueuedPodInfo[] = [];
    for (const q of this.unschedulable.values())
      if (now - q.timestamp > this.maxInUnschedulableMs) stale.push(q);
    if (stale.length > 0) this.movePods(stale, wildcardEvents.unschedulableTimeout, undefined, undefined);
  }

  /** Moves pods whose backoff has expired to the active heap. */
  flushBackoffCompleted(): void {
    const now = this.clock.now();
    for (;;) {
      const top = this.backoff.peek();
      if (top === undefined || this.backoffExpiry(top) > now) return;
      this.backoff.pop();
      this.addToActive(top, backoffComplete);
    }
  }

  private movePods(
    pods: readonly QueuedPodInfo[],
    event: ClusterEvent,
    oldObj: unknown,
    newObj: unknown,
  ): void {
    for (const q of pods) {
      const hint = this.worthRequeuing(q, event, oldObj, newObj);
      if (hint === 'QueueSkip') continue;
      this.unschedulable.delete(q.podInfo.uid);
      this.requeue(q, hint, event.label);
    }
  }

  private requeue(q: QueuedPodInfo, hint: QueueingHint, event: string): void {
    if (hint === 'QueueSkip') {
      this.unschedulable.set(q.podInfo.uid, q);
      this.onIncoming?.('unschedulable', event);
      return;
    }
    if (this.isBackingOff(q)) {
      this.backoff.add(q);
      this.onIncoming?.('backoff', event);
      return;
    }
    this.addToActive(q, event);
  }

  private addToActive(q: QueuedPodInfo, event: string): void {
    const profile = this.profiles.get(q.podInfo.pod.spec?.schedulerName ?? 'default-scheduler');
    const gate = profile?.runPreEnqueuePlugins(q.podInfo);
    if (gate !== undefined && gate.code !== 'Success') {
      q.gatingPlugin = gate.plugin || 'PreEnqueue';
      this.unschedulable.set(q.podInfo.uid, q);
      this.onIncoming?.('gated', event);
      return;
    }
    q.gatingPlugin = undefined;
    this.active.add(q);
    this.onIncoming?.('active', event);
    this.wake();
  }

  private worthRequeuing(
    q: QueuedPodInfo,
    event: ClusterEvent,
    oldObj: unknown,
    newObj: unknown,
  ): QueueingHint {
    const rejectors = [...q.unschedulablePlugins, ...q.pendingPlugins];
    if (rejectors.length === 0 || event.resource === 'WildCard') return 'Queue';
    const registered = this.registrations.get(q.podInfo.pod.spec?.schedulerName ?? 'default-scheduler');
    for (const plugin of rejectors) {
      if (registered === undefined || !registered.has(plugin)) return 'Queue';
      const events = registered.get(plugin);
      if (events === undefined) return 'Queue';
      for (const reg of events) {
        if (!eventMatches(reg.event, event)) continue;
        if (reg.hint === undefined) return 'Queue';
        try {
          if (reg.hint(q.podInfo.pod, oldObj, newObj) === 'Queue') return 'Queue';
        } catch (err) {
          this.log.debug('queueing hint failed, requeueing', { plugin, err });
          return 'Queue';
        }
      }
    }
    return 'QueueSkip';
  }

  private hintForInFlight(q: QueuedPodInfo, sinceSeq: number | undefined): QueueingHint {
    if (q.unschedulablePlugins.size === 0 && q.pendingPlugins.size === 0) return 'Queue';
    if (sinceSeq === undefined) return 'QueueSkip';
    for (const e of this.events) {
      if (e.seq < sinceSeq) continue;
      if (e.event.resource === 'UnscheduledPod') {
        const pod = e.newObj as Pod | undefined;
        if (pod?.metadata?.uid === q.podInfo.uid && specOrMetaChanged(e.oldObj as Pod, pod)) return 'Queue';
        continue;
      }
      if (this.worthRequeuing(q, e.event, e.oldObj, e.newObj) === 'Queue') return 'Queue';
    }
    return 'QueueSkip';
  }

  private recordEvent(event: ClusterEvent, oldObj: unknown, newObj: unknown): void {
    this.events.push({ seq: this.eventSeq++, event, oldObj, newObj });
  }

  private pruneEvents(): void {
    if (this.inFlight.size === 0) {
      this.events = [];
      return;
    }
    let oldest = Infinity;
    for (const f of this.inFlight.values()) {
      oldest = f.seq;
      break;
    }
    let drop = 0;
    while (drop < this.events.length && this.events[drop]!.seq < oldest) drop++;
    if (drop > 1024 || drop === this.events.length) this.events = this.events.slice(drop);
  }

  private backoffExpiry(q: QueuedPodInfo): number {
    return q.timestamp + backoffDuration(q.attempts, this.initialBackoffMs, this.maxBackoffMs);
  }

  private isBackingOff(q: QueuedPodInfo): boolean {
    return this.backoffExpiry(q) > this.clock.now();
  }

  private wake(): void {
    const waiters = this.waiters;
    if (waiters.length === 0) return;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

/** True when anything but status (and bookkeeping metadata) changed (upstream's isPodUpdated). */
export function specOrMetaChanged(oldPod: Pod | undefined, newPod: Pod): boolean {
  if (oldPod === undefined) return true;
  const strip = (p: Pod) => {
    const { resourceVersion: _rv, generation: _g, managedFields: _mf, ...meta } = p.metadata ?? {};
    return JSON.stringify({ meta, spec: p.spec });
  };
  return strip(oldPod) !== strip(newPod);
}
