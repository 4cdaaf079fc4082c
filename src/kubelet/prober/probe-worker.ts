import type { Container, ContainerStatus, Pod, PodStatus } from 'kubernetes-types/core/v1.js';
import type { Clock } from '../../base/clock.js';
import { parseRfc3339 } from '../../base/rfc3339.js';
import type { TimerQueue } from '../timer-queue.js';
import type { PodStatusProvider } from './pod-status-provider.js';
import { probeOf, type ProbeKind } from './probe-kind.js';
import { probeTiming, type ProbeTiming } from './probe-timing.js';
import type { Prober } from './prober.js';
import type { ProbeResult, ResultsManager } from './results-manager.js';

/** What a worker shares with its manager. */
export interface ProbeWorkerContext {
  readonly clock: Clock;
  /** The manager's one timer for every worker's next tick. */
  readonly timers: TimerQueue<ProbeWorker>;
  readonly prober: Pick<Prober, 'probe'>;
  readonly statuses: PodStatusProvider;
  /** When the manager started: workers created within one period of it start at a random offset. */
  readonly startedAt: number;
  /** A number in [0, 1) for that offset. */
  readonly random: () => number;
  /** Called once when the worker has stopped and cleaned up. */
  readonly onExit: (worker: ProbeWorker) => void;
}

// Before the first probe of a new container: readiness counts as not ready, liveness as alive (no
// restart), startup as not known yet (not started, but no restart either).
const initialResults: Readonly<Record<ProbeKind, ProbeResult>> = {
  readiness: 'failure',
  liveness: 'success',
  startup: 'unknown',
};

function findStatus(
  statuses: readonly ContainerStatus[] | undefined,
  name: string,
): ContainerStatus | undefined {
  return statuses?.find((s) => s.name === name && s.containerID !== undefined && s.containerID !== '');
}

function startedAtMs(status: ContainerStatus): number | undefined {
  const text = status.state?.running?.startedAt;
  if (text === undefined) return undefined;
  try {
    return parseRfc3339(text).getTime();
  } catch {
    return undefined;
  }
}

/**
 * Probes one container with one probe kind every periodSeconds (upstream's probe worker): it follows
 * the container through restarts via the pod status, waits out initialDelaySeconds, lets only the
 * startup probe run until the container has started (and only the others after), counts
 * consecutive results against the thresholds before publishing one, and after a liveness or
 * startup failure holds off until a new container replaces the failed one.
 */
export class ProbeWorker {
  /** "<podUid>/<container>/<kind>". */
  readonly key: string;
  private readonly timing: ProbeTiming;
  private containerId: string | undefined;
  // Go's zero value for a result is Success, so the first success counts as a continued run.
  private lastResult: 'success' | 'failure' = 'success';
  private resultRun = 0;
  private onHold = false;
  private ticking = false;
  private triggeredEarly = false;
  private nextTickAt = 0;
  private running = false;
  private pending = false;
  private stopped = false;
  private finished = false;
  private readonly abort = new AbortController();

  constructor(
    private readonly context: ProbeWorkerContext,
    private readonly results: ResultsManager,
    readonly pod: Pod,
    readonly container: Container,
    readonly kind: ProbeKind,
  ) {
    const spec = probeOf(container, kind);
    if (spec === undefined) throw new Error(`container ${container.name} has no ${kind} probe`);
    this.timing = probeTiming(spec);
    this.key = `${pod.metadata?.uid ?? ''}/${container.name}/${kind}`;
  }

  private get podUid(): string {
    return this.pod.metadata?.uid ?? '';
  }

  private get periodMs(): number {
    return this.timing.periodSeconds * 1000;
  }

  /** Schedules the first probe: now, or at a random point of the first period right after a (re)start. */
  start(): void {
    const now = this.context.clock.now();
    const recent = this.periodMs > now - this.context.startedAt;
    this.context.timers.schedule(this, now + (recent ? this.context.random() * this.periodMs : 0));
  }

  /** The manager's timer queue calls this at each tick. */
  onDue(now: number): void {
    if (this.stopped) return;
    if (!this.ticking) {
      this.ticking = true;
      this.nextTickAt = now + this.periodMs;
    } else {
      // Like a Go ticker, ticks missed while the event loop was busy are dropped, not queued.
      do this.nextTickAt += this.periodMs;
      while (this.nextTickAt <= now);
    }
    this.context.timers.schedule(this, this.nextTickAt);
    this.run();
    if (this.triggeredEarly) {
      this.triggeredEarly = false;
      this.pending = true;
    }
  }

  /** Asks for a probe now (readiness, when the status shows it unknown); coalesces with one in flight. */
  trigger(): void {
    if (this.stopped) return;
    if (!this.ticking) {
      this.triggeredEarly = true;
      return;
    }
    // Deferred: callers are computing a pod status and must not see results change under them.
    queueMicrotask(() => {
      if (!this.stopped) this.run();
    });
  }

  /** Stops probing; an in-flight probe is aborted and the worker cleans up once it returns. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.abort.abort(new Error('probe worker stopped'));
    this.context.timers.cancel(this);
    if (!this.running) this.finish();
  }

  private run(): void {
    if (this.running) {
      this.pending = true;
      return;
    }
    this.running = true;
    void this.loop();
  }

  private async loop(): Promise<void> {
    let keepGoing = true;
    do {
      this.pending = false;
      try {
        keepGoing = await this.doProbe();
      } catch {
        // Upstream recovers a crashing probe and keeps the worker alive.
        keepGoing = true;
      }
    } while (keepGoing && this.pending && !this.stopped);
    this.running = false;
    if (!keepGoing || this.stopped) this.finish();
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.stopped = true;
    this.context.timers.cancel(this);
    if (this.containerId !== undefined) this.results.remove(this.containerId);
    this.context.onExit(this);
  }

  /** One probe; false when the worker should exit. */
  private async doProbe(): Promise<boolean> {
    const status: PodStatus | undefined = this.context.statuses.podStatus(this.podUid);
    if (status === undefined) return true;
    if (status.phase === 'Failed' || status.phase === 'Succeeded') return false;
    const c =
      findStatus(status.containerStatuses, this.container.name) ??
      findStatus(status.initContainerStatuses, this.container.name);
    if (c === undefined) return true;

    const id = c.containerID!;
    if (id !== this.containerId) {
      if (this.containerId !== undefined) this.results.remove(this.containerId);
      this.containerId = id;
      this.results.set(id, initialResults[this.kind], this.podUid);
      this.onHold = false;
    }
    if (this.onHold) return true;

    if (c.state?.running === undefined) {
      this.results.set(id, 'failure', this.podUid);
      // Keep watching unless this container will never run again.
      return c.state?.terminated === undefined || this.pod.spec?.restartPolicy !== 'Never';
    }

    if (this.pod.metadata?.deletionTimestamp !== undefined && this.kind !== 'readiness') {
      // A pod being deleted is not restarted for failing liveness or startup: end quietly.
      this.results.set(id, 'success', this.podUid);
      return false;
    }

    const startedAt = startedAtMs(c);
    if (startedAt !== undefined) {
      const elapsedSeconds = Math.trunc((this.context.clock.now() - startedAt) / 1000);
      if (elapsedSeconds < this.timing.initialDelaySeconds) return true;
    }

    // The startup probe runs until the container has started; the others only afterwards. The
    // startup worker keeps ticking so it probes again after a restart.
    if (c.started === true ? this.kind === 'startup' : this.kind !== 'startup') return true;

    const result = await this.context.prober.probe(
      this.kind,
      { pod: this.pod, container: this.container, containerId: id, podIp: status.podIP ?? '' },
      this.abort.signal,
    );
    if (result === undefined || this.stopped) return true;

    if (this.lastResult === result) {
      this.resultRun++;
    } else {
      this.lastResult = result;
      this.resultRun = 1;
    }
    const threshold = result === 'failure' ? this.timing.failureThreshold : this.timing.successThreshold;
    if (this.resultRun < threshold) return true;

    this.results.set(id, result, this.podUid);
    if (this.kind !== 'readiness' && result === 'failure') {
      // The container will be restarted: stop probing it until a new container shows up.
      this.onHold = true;
      this.resultRun = 0;
    }
    return true;
  }
}
