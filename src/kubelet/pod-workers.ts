// One serialized worker per pod (upstream's podWorkers): every reason to look at a pod — an
// informer update, a PLEG change, a probe result, a backoff ending — wakes its worker, and the
// worker runs one step at a time, coalescing wake-ups that arrive meanwhile. A pod moves through
// syncing → (finished) → terminating (deleted) → removed (gone from the API).
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Cancel, Clock } from '../base/clock.js';
import type { Logger } from '../base/logger.js';
import { PodSyncState } from './kuberuntime/pod-sync-state.js';
import type { PodSyncer } from './pod-syncer.js';

/** Settings of PodWorkers. */
export interface PodWorkersOptions {
  readonly syncer: PodSyncer;
  readonly clock: Clock;
  readonly log: Logger;
  /** How long after a failed step it is retried (default 2 s). */
  readonly retryMs?: number;
}

interface Worker {
  pod: Pod;
  readonly state: PodSyncState;
  running: boolean;
  again: boolean;
  /** Every container is done for good and the terminal status was reported. */
  finished: boolean;
  /** Killed after its deletion; only removal is left. */
  terminated: boolean;
  /** Gone from the API. */
  removed: boolean;
  timer: Cancel | undefined;
  timerAt: number;
  done: Promise<void>;
}

function isTerminalPhase(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** The pod workers of one kubelet. */
export class PodWorkers {
  private readonly o: PodWorkersOptions;
  private readonly workers = new Map<string, Worker>();
  private closed = false;
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

  /** A pod bound to this node was added or changed. */
  onPod(pod: Pod): void {
    const uid = pod.metadata?.uid ?? '';
    let w = this.workers.get(uid);
    if (w === undefined) {
      // A pod the API already shows finished (seen again after a kubelet restart) needs no sync,
      // only the bookkeeping of its deletion later.
      w = {
        pod,
        state: new PodSyncState(),
        running: false,
        again: false,
        finished: isTerminalPhase(pod) && pod.metadata?.deletionTimestamp === undefined,
        terminated: false,
        removed: false,
        timer: undefined,
        timerAt: Infinity,
        done: Promise.resolve(),
      };
      this.workers.set(uid, w);
    }
    w.pod = pod;
    this.wake(uid);
  }

  /** A pod is gone from the API. */
  onPodDeleted(pod: Pod): void {
    const w = this.workers.get(pod.metadata?.uid ?? '');
    if (w === undefined) return;
    w.removed = true;
    this.wake(pod.metadata?.uid ?? '');
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
    for (const w of this.workers.values()) w.timer?.();
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
    if (w.removed) {
      await syncer.cleanUp(pod, w.state);
      w.timer?.();
      this.workers.delete(uid);
      return;
    }
    if (pod.metadata?.deletionTimestamp) {
      if (w.terminated) return;
      await syncer.terminate(pod, w.state);
      w.terminated = true;
      return;
    }
    if (w.finished) return;
    w.finished = await syncer.sync(pod, w.state);
  }

  private name(pod: Pod): string {
    return `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
  }
}
