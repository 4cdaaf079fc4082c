// One serialized worker per pod (upstream's podWorkers): every reason to look at a pod — an
// informer update, a PLEG change, a probe result, a backoff ending — wakes its worker, and the
// worker runs one step at a time, coalescing wake-ups that arrive meanwhile. A pod moves through
// admitted → syncing → (finished) → terminating (deleted, evicted, removed from its source) →
// terminated → removed (gone from its source: every trace cleaned up).
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Cancel, Clock } from '../base/clock.js';
import type { Logger } from '../base/logger.js';
import type { AdmitResult } from './eviction/pod-admission.js';
import { PodSyncState } from './kuberuntime/pod-sync-state.js';
import { effectiveGracePeriod } from './pod-grace-period.js';
import type { KubeletPodStatus } from './pod-status.js';
import type { PodSyncer } from './pod-syncer.js';
import { isStaticPod } from './static-pods/pod-source.js';

/** Settings of PodWorkers. */
export interface PodWorkersOptions {
  readonly syncer: PodSyncer;
  readonly clock: Clock;
  readonly log: Logger;
  /** Admission of a pod seen for the first time (the eviction manager's, under pressure). */
  readonly admit?: (pod: Pod) => AdmitResult;
  /** How long after a failed step it is retried (default 2 s). */
  readonly retryMs?: number;
}

/** A termination the kubelet itself asks for (eviction). */
export interface KillRequest {
  /** Shortens the grace period (the eviction manager's 1 s for hard thresholds, 0 for local storage). */
  readonly gracePeriodSeconds?: number;
  /** Applied to the pod's status once its containers stopped (phase Failed, reason Evicted, ...). */
  readonly statusFn?: (status: KubeletPodStatus) => KubeletPodStatus;
}

interface Worker {
  pod: Pod;
  readonly state: PodSyncState;
  running: boolean;
  again: boolean;
  /** Every container is done for good and the terminal status was reported. */
  finished: boolean;
  /** Termination was asked for (deleted, evicted, gone from its source). */
  terminating: boolean;
  /** The grace period termination uses (0 until termination is asked for); it only shrinks. */
  graceSeconds: number;
  statusFns: ((status: KubeletPodStatus) => KubeletPodStatus)[];
  evicted: boolean;
  /** Killed, terminal status reported, volumes torn down. */
  terminated: boolean;
  /** The API shows the pod deleting: its final status is followed by the delete with grace 0. */
  apiDeleting: boolean;
  /** That final write (with the delete) was queued. */
  apiDeleteQueued: boolean;
  /** Gone from its source (the API, or the manifest directory). */
  removed: boolean;
  timer: Cancel | undefined;
  timerAt: number;
  done: Promise<void>;
  waiters: (() => void)[];
}

function isTerminalPhase(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** The pod workers of one kubelet; also the GC's view of which pods' leftovers may go. */
export class PodWorkers {
  private readonly o: PodWorkersOptions;
  private readonly workers = new Map<string, Worker>();
  private closed = false;
  /** Every pod source listed its pods once: a UID without a worker is then known to be gone. */
  sourcesSynced = false;
  /** Steps run so far. */
  steps = 0;

  constructor(options: PodWorkersOptions) {
    this.o = options;
  }

  /** Number of pods with a worker. */
  get size(): number {
    return this.workers.size;
  }

  /** The uids of pods with a worker. */
  uids(): string[] {
    return [...this.workers.keys()];
  }

  /** The pods that may still run or are stopping (upstream filterOutInactivePods). */
  activePods(): Pod[] {
    const out: Pod[] = [];
    for (const w of this.workers.values())
      if (!w.removed && !w.terminated && (!w.finished || w.terminating)) out.push(w.pod);
    return out;
  }

  /** True once the pod's containers were stopped for good and its volumes torn down (or it is unknown). */
  isTerminated(uid: string): boolean {
    const w = this.workers.get(uid);
    return w === undefined || w.terminated;
  }

  /** The pod (static or from the API) with a worker under this UID. */
  pod(uid: string): Pod | undefined {
    return this.workers.get(uid)?.pod;
  }

  /** Everything of the pod may be removed: evicted, or deleted and terminated (upstream ShouldPodContentBeRemoved). */
  shouldPodContentBeRemoved(uid: string): boolean {
    const w = this.workers.get(uid);
    if (w === undefined) return this.sourcesSynced;
    return (w.evicted && w.terminated) || ((w.apiDeleting || w.removed) && w.terminated);
  }

  /** The pod's containers and sandboxes may be removed: it is done running (upstream ShouldPodRuntimeBeRemoved). */
  shouldPodRuntimeBeRemoved(uid: string): boolean {
    const w = this.workers.get(uid);
    if (w === undefined) return this.sourcesSynced;
    return w.terminated || w.finished;
  }

  /** A pod for this node was added or changed (from the API, or a static pod from a manifest). */
  onPod(pod: Pod): void {
    const uid = pod.metadata?.uid ?? '';
    let w = this.workers.get(uid);
    if (w === undefined) {
      w = this.newWorker(pod);
      this.workers.set(uid, w);
      if (!w.finished && pod.metadata?.deletionTimestamp === undefined) this.admit(w);
    }
    w.pod = pod;
    if (pod.metadata?.deletionTimestamp && !isStaticPod(pod)) {
      w.apiDeleting = true;
      this.requestTermination(w, pod.metadata.deletionGracePeriodSeconds ?? undefined);
    }
    this.wake(uid);
  }

  /**
   * A pod is gone from its source. An API pod that vanished without this kubelet finishing it was
   * force-deleted (grace 0): it is killed within the minimum grace. A static pod removed from its
   * manifest stops with its own grace period.
   */
  onPodDeleted(pod: Pod): void {
    const uid = pod.metadata?.uid ?? '';
    const w = this.workers.get(uid);
    if (w === undefined) return;
    w.pod = pod;
    w.removed = true;
    this.requestTermination(w, isStaticPod(pod) ? undefined : 0);
    this.wake(uid);
  }

  /**
   * Terminates a pod for the kubelet's own reasons (eviction): resolves once its containers are
   * stopped and its terminal status set, or at once for a pod without a worker.
   */
  kill(uid: string, request: KillRequest = {}): Promise<void> {
    const w = this.workers.get(uid);
    if (w === undefined || w.terminated) return Promise.resolve();
    const done = new Promise<void>((resolve) => w.waiters.push(resolve));
    w.evicted = true;
    if (request.statusFn !== undefined) w.statusFns.push(request.statusFn);
    this.requestTermination(w, undefined, request.gracePeriodSeconds);
    this.wake(uid);
    return done;
  }

  /** Asks the pod's worker for a step (soon, or at `at`). */
  wake(uid: string, at?: number): void {
    const w = this.workers.get(uid);
    if (w === undefined || this.closed) return;
    if (at !== undefined && at > this.o.clock.now()) {
      if (at >= w.timerAt) return;
      w.timer?.();
      w.timerAt = at;
      w.timer = this.o.clock.after(at - this.o.clock.now(), () => {
        w.timer = undefined;
        w.timerAt = Infinity;
        this.wake(uid);
      });
      return;
    }
    if (w.running) {
      w.again = true;
      return;
    }
    w.running = true;
    w.done = this.run(uid, w);
  }

  /** Wakes every worker (the periodic resync). */
  wakeAll(): void {
    for (const uid of this.workers.keys()) this.wake(uid);
  }

  /** Resolves once every worker is idle. */
  async idle(): Promise<void> {
    for (;;) {
      const busy = [...this.workers.values()].filter((w) => w.running);
      if (busy.length === 0) return;
      await Promise.all(busy.map((w) => w.done));
    }
  }

  /** Stops taking wake-ups; steps in flight finish. */
  close(): void {
    this.closed = true;
    for (const w of this.workers.values()) {
      w.timer?.();
      for (const resolve of w.waiters.splice(0)) resolve();
    }
  }

  private newWorker(pod: Pod): Worker {
    // A pod the API already shows finished (seen again after a kubelet restart) needs no sync,
    // only the bookkeeping of its deletion later.
    return {
      pod,
      state: new PodSyncState(),
      running: false,
      again: false,
      finished: isTerminalPhase(pod),
      terminating: false,
      graceSeconds: 0,
      statusFns: [],
      evicted: false,
      terminated: false,
      apiDeleting: false,
      apiDeleteQueued: false,
      removed: false,
      timer: undefined,
      timerAt: Infinity,
      done: Promise.resolve(),
      waiters: [],
    };
  }

  private admit(w: Worker): void {
    const verdict = this.o.admit?.(w.pod);
    if (verdict === undefined || verdict.admit) return;
    // Rejected pods never start; their Failed status says why (upstream rejectPod).
    w.finished = true;
    this.o.syncer.reject(w.pod, verdict.reason, verdict.message);
  }

  private requestTermination(w: Worker, apiSeconds?: number, overrideSeconds?: number): void {
    const grace = effectiveGracePeriod(w.pod, {
      current: w.graceSeconds,
      ...(apiSeconds !== undefined ? { apiSeconds } : {}),
      ...(overrideSeconds !== undefined ? { overrideSeconds } : {}),
    });
    w.graceSeconds = grace.seconds;
    w.terminating = true;
  }

  private async run(uid: string, w: Worker): Promise<void> {
    try {
      do {
        w.again = false;
        if (this.closed) return;
        w.state.wakeAt = undefined;
        try {
          await this.step(uid, w);
        } catch (err) {
          this.o.log.warn('pod sync failed; retrying', { pod: this.name(w.pod), err });
          w.state.wakeBy(this.o.clock.now() + (this.o.retryMs ?? 2_000));
        }
        this.steps++;
        if (this.workers.get(uid) === w && w.state.wakeAt !== undefined) this.wake(uid, w.state.wakeAt);
      } while (w.again);
    } finally {
      w.running = false;
    }
  }

  private async step(uid: string, w: Worker): Promise<void> {
    const { syncer } = this.o;
    const pod = w.pod;
    const staticPod = isStaticPod(pod);
    if (w.removed) {
      if (!w.terminated && !w.finished)
        await syncer.terminate(pod, w.state, {
          gracePeriodSeconds: w.graceSeconds,
          statusFns: w.statusFns,
          // A static pod's status still reaches its mirror; an API pod has nowhere to report to.
          writeStatus: staticPod,
          deleteFromApi: false,
        });
      this.markTerminated(w);
      await syncer.cleanUp(pod, w.state);
      w.timer?.();
      this.workers.delete(uid);
      return;
    }
    const needsApiDelete = w.apiDeleting && !w.apiDeleteQueued;
    if ((w.terminating && !w.terminated) || needsApiDelete) {
      await syncer.terminate(pod, w.state, {
        gracePeriodSeconds: w.graceSeconds,
        statusFns: w.statusFns,
        writeStatus: true,
        deleteFromApi: w.apiDeleting,
      });
      if (w.apiDeleting) w.apiDeleteQueued = true;
      this.markTerminated(w);
      return;
    }
    if (w.finished || w.terminated) return;
    w.finished = await syncer.sync(pod, w.state);
  }

  private markTerminated(w: Worker): void {
    w.terminated = true;
    for (const resolve of w.waiters.splice(0)) resolve();
  }

  private name(pod: Pod): string {
    return `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
  }
}
