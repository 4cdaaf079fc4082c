import { systemClock } from '../../base/clock.js';
import type { Clock } from '../../base/clock.js';
import { createLogger } from '../../base/logger.js';
import type { Logger } from '../../base/logger.js';
import { isStatusError } from '../../machinery/errors/status-error.js';
import { nextPhase } from './election-phase.js';
import type { ElectionEvent, ElectionPhase } from './election-phase.js';
import type { LeaderElectionRecord } from './leader-election-record.js';
import type { LeaseLock } from './lease-lock.js';

/** What the elector tells its owner. */
export interface LeaderCallbacks {
  /**
   * This replica became leader; `signal` aborts when it stops leading. With releaseOnCancel the
   * lease is released only after the returned promise settles, so the work has stopped first.
   */
  onStartedLeading(signal: AbortSignal): void | Promise<void>;
  /** Called once when `run` ends, whether or not this replica ever led (as upstream does). */
  onStoppedLeading?(): void;
  /** The observed holder changed to `identity` (this replica included). */
  onNewLeader?(identity: string): void;
}

/** What a LeaderElector is created with; durations are milliseconds with upstream's defaults. */
export interface LeaderElectorOptions {
  readonly lock: LeaseLock;
  /** This replica's identity, written as holderIdentity; must be unique among candidates. */
  readonly identity: string;
  readonly callbacks: LeaderCallbacks;
  /** How long others wait after the last observed change before taking over (default 15 s). */
  readonly leaseDurationMs?: number;
  /** How long the leader keeps retrying a failing renewal before it steps down (default 10 s). */
  readonly renewDeadlineMs?: number;
  /** Time between attempts (default 2 s; acquire attempts are jittered up to 2.2× more). */
  readonly retryPeriodMs?: number;
  /** On cancel, clear holderIdentity so a successor need not wait for expiry (default false). */
  readonly releaseOnCancel?: boolean;
  /** Observes every phase change (tests, metrics). */
  readonly onTransition?: (from: ElectionPhase, to: ElectionPhase, event: ElectionEvent) => void;
  readonly clock?: Clock;
  readonly log?: Logger;
  /** Source of jitter in [0, 1) (default Math.random); tests pass a constant. */
  readonly random?: () => number;
}

type Attempt = 'acquired' | 'heldByOther' | 'failed';

// wait.Jitter's factor for acquire retries: candidates spread out instead of polling in lockstep.
const jitterFactor = 1.2;

/**
 * Leader election on a coordination.k8s.io/v1 Lease with client-go's algorithm, as an explicit
 * state machine (see ElectionPhase). Validity is judged by the local clock since the record was
 * last seen to change, never by the holder's timestamps, so clock skew between replicas does not
 * matter. A leader that cannot renew steps down after renewDeadline, before others may take
 * over after leaseDuration, so leadership does not overlap while clocks run at similar rates.
 */
export class LeaderElector {
  private readonly lock: LeaseLock;
  private readonly identity: string;
  private readonly callbacks: LeaderCallbacks;
  private readonly leaseDurationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;
  private readonly releaseOnCancel: boolean;
  private readonly onTransition: LeaderElectorOptions['onTransition'];
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly random: () => number;
  private current: ElectionPhase = 'Candidate';
  private started = false;
  private observedRecord: LeaderElectionRecord | undefined;
  private observedRaw: string | undefined;
  private observedTime = 0;
  private reportedLeader = '';
  private leaderWork: Promise<void> = Promise.resolve();

  constructor(options: LeaderElectorOptions) {
    this.lock = options.lock;
    this.identity = options.identity;
    this.callbacks = options.callbacks;
    this.leaseDurationMs = options.leaseDurationMs ?? 15_000;
    this.renewDeadlineMs = options.renewDeadlineMs ?? 10_000;
    this.retryPeriodMs = options.retryPeriodMs ?? 2_000;
    this.releaseOnCancel = options.releaseOnCancel ?? false;
    this.onTransition = options.onTransition;
    this.clock = options.clock ?? systemClock;
    this.log = options.log ?? createLogger('leaderelection');
    this.random = options.random ?? Math.random;
    if (this.identity === '') throw new Error('leader election: identity is empty');
    if (!(this.retryPeriodMs > 0)) throw new Error('leader election: retryPeriod must be greater than zero');
    if (!(this.leaseDurationMs > this.renewDeadlineMs)) {
      throw new Error('leader election: leaseDuration must be greater than renewDeadline');
    }
    if (!(this.renewDeadlineMs > jitterFactor * this.retryPeriodMs)) {
      throw new Error('leader election: renewDeadline must be greater than retryPeriod*JitterFactor');
    }
  }

  /** The current phase of the state machine. */
  get phase(): ElectionPhase {
    return this.current;
  }

  /** True while this replica leads (phase Leader). */
  isLeader(): boolean {
    return this.current === 'Leader';
  }

  /** The holder named by the last observed record ('' when none). */
  getLeader(): string {
    return this.observedRecord?.holderIdentity ?? '';
  }

  /**
   * Campaigns until this replica leads, then renews until the deadline is missed (phase Lost) or
   * `signal` aborts (Released or Stopped). Resolves when the run is over; an elector runs once.
   */
  async run(signal: AbortSignal): Promise<void> {
    if (this.started) throw new Error('leader election: run may be called only once per elector');
    this.started = true;
    try {
      if (!(await this.acquire(signal))) return;
      if (!signal.aborted) await this.lead(signal);
      if (this.current !== 'Leader') return;
      if (!this.releaseOnCancel) return this.transition('cancelled');
      this.transition('release');
      await this.leaderWork;
      await this.release();
      this.transition('releaseDone');
    } finally {
      this.callOnStoppedLeading();
    }
  }

  // Runs onStartedLeading and renews until cancelled or the renew deadline is missed.
  private async lead(signal: AbortSignal): Promise<void> {
    const leading = new AbortController();
    const abortLeading = () => leading.abort(signal.reason);
    signal.addEventListener('abort', abortLeading, { once: true });
    this.startLeading(leading.signal);
    try {
      await this.renew(signal);
    } finally {
      // Stop the leader's work before the lease is given up, so a successor never overlaps it.
      signal.removeEventListener('abort', abortLeading);
      leading.abort(new Error('leadership ended'));
    }
  }

  // Resolves true once this replica holds the lease, false if cancelled first.
  private async acquire(signal: AbortSignal): Promise<boolean> {
    this.log.info('attempting to acquire leader lease', {
      lease: this.lock.describe(),
      identity: this.identity,
    });
    for (;;) {
      if (signal.aborted) break;
      const attempt = await this.tryAcquireOrRenew(signal);
      this.maybeReportTransition();
      this.transition(attempt);
      if (attempt === 'acquired') {
        this.log.info('successfully acquired lease', {
          lease: this.lock.describe(),
          identity: this.identity,
        });
        return true;
      }
      if (!(await this.sleep(this.retryPeriodMs * (1 + this.random() * jitterFactor), signal))) break;
    }
    this.transition('cancelled');
    return false;
  }

  // Renewal rounds every retryPeriod; within a round, retries every retryPeriod until renewDeadline.
  // The lease was just written, so the first round waits a period instead of renewing at once.
  private async renew(signal: AbortSignal): Promise<void> {
    while (await this.sleep(this.retryPeriodMs, signal)) {
      const deadline = new AbortController();
      const cancelDeadline = this.clock.after(this.renewDeadlineMs, () =>
        deadline.abort(new Error('renew deadline exceeded')),
      );
      const round = AbortSignal.any([signal, deadline.signal]);
      let renewed = false;
      while (!round.aborted) {
        if ((await this.tryAcquireOrRenew(round)) === 'acquired' && !round.aborted) {
          renewed = true;
          break;
        }
        if (!(await this.sleep(this.retryPeriodMs, round))) break;
      }
      cancelDeadline();
      this.maybeReportTransition();
      if (signal.aborted) return;
      if (!renewed) {
        this.log.info('failed to renew lease', { lease: this.lock.describe(), identity: this.identity });
        this.transition('renewDeadlineExceeded');
        return;
      }
      this.transition('renewed');
    }
  }

  // One attempt of client-go's tryAcquireOrRenew: create, take over or renew the lease.
  private async tryAcquireOrRenew(signal: AbortSignal): Promise<Attempt> {
    const now = this.clock.now();
    const desired: LeaderElectionRecord = {
      holderIdentity: this.identity,
      leaseDurationSeconds: Math.max(1, Math.floor(this.leaseDurationMs / 1000)),
      acquireTime: now,
      renewTime: now,
      leaderTransitions: 0,
    };

    // Fast path: the leader updates optimistically against the Lease it last wrote.
    if (this.holdsObservedRecord() && this.isLeaseValid(now)) {
      const observed = this.observedRecord!;
      const record = {
        ...desired,
        acquireTime: observed.acquireTime,
        leaderTransitions: observed.leaderTransitions,
      };
      try {
        await this.lock.update(record, signal);
        this.setObservedRecord(record);
        return 'acquired';
      } catch (err) {
        this.log.debug('optimistic lease update failed, falling back to a read', { err });
      }
    }

    let current;
    try {
      current = await this.lock.get(signal);
    } catch (err) {
      if (!isStatusError(err, 'NotFound')) {
        this.log.warn('error retrieving lease', { lease: this.lock.describe(), err });
        return 'failed';
      }
      try {
        await this.lock.create(desired, signal);
      } catch (createErr) {
        this.log.warn('error initially creating lease', { lease: this.lock.describe(), err: createErr });
        return 'failed';
      }
      this.setObservedRecord(desired);
      return 'acquired';
    }

    if (current.raw !== this.observedRaw) {
      this.setObservedRecord(current.record);
      this.observedRaw = current.raw;
    }
    if (current.record.holderIdentity !== '' && this.isLeaseValid(now) && !this.holdsObservedRecord()) {
      return 'heldByOther';
    }

    const record = this.holdsObservedRecord()
      ? {
          ...desired,
          acquireTime: current.record.acquireTime,
          leaderTransitions: current.record.leaderTransitions,
        }
      : { ...desired, leaderTransitions: current.record.leaderTransitions + 1 };
    try {
      await this.lock.update(record, signal);
    } catch (err) {
      this.log.warn('failed to update lease', { lease: this.lock.describe(), err });
      return 'failed';
    }
    this.setObservedRecord(record);
    return 'acquired';
  }

  // client-go's release: keep the transition count, clear the holder, shortest possible duration.
  private async release(): Promise<void> {
    if (!this.holdsObservedRecord()) return;
    const now = this.clock.now();
    const record: LeaderElectionRecord = {
      holderIdentity: '',
      leaseDurationSeconds: 1,
      acquireTime: now,
      renewTime: now,
      leaderTransitions: this.observedRecord!.leaderTransitions,
    };
    try {
      await this.lock.update(record);
      this.setObservedRecord(record);
      this.log.info('released lease', { lease: this.lock.describe(), identity: this.identity });
    } catch (err) {
      this.log.warn('failed to release lease', { lease: this.lock.describe(), err });
    }
  }

  // client-go's IsLeader: the record last observed names this replica, whatever the phase.
  private holdsObservedRecord(): boolean {
    return this.observedRecord?.holderIdentity === this.identity;
  }

  private isLeaseValid(now: number): boolean {
    const seconds = this.observedRecord?.leaseDurationSeconds ?? 0;
    return this.observedTime + seconds * 1000 > now;
  }

  private setObservedRecord(record: LeaderElectionRecord): void {
    this.observedRecord = record;
    this.observedTime = this.clock.now();
  }

  private maybeReportTransition(): void {
    const holder = this.getLeader();
    if (holder === this.reportedLeader) return;
    this.reportedLeader = holder;
    if (holder === '' || this.callbacks.onNewLeader === undefined) return;
    try {
      this.callbacks.onNewLeader(holder);
    } catch (err) {
      this.log.error('onNewLeader failed', { err });
    }
  }

  private startLeading(signal: AbortSignal): void {
    this.leaderWork = Promise.resolve()
      .then(() => this.callbacks.onStartedLeading(signal))
      .catch((err: unknown) => this.log.error('onStartedLeading failed', { err }));
  }

  private callOnStoppedLeading(): void {
    try {
      this.callbacks.onStoppedLeading?.();
    } catch (err) {
      this.log.error('onStoppedLeading failed', { err });
    }
  }

  private transition(event: ElectionEvent): void {
    const from = this.current;
    const to = nextPhase(from, event);
    this.current = to;
    if (to !== from) this.onTransition?.(from, to, event);
  }

  // Resolves false instead of throwing when the signal aborts the wait.
  private async sleep(ms: number, signal: AbortSignal): Promise<boolean> {
    try {
      await this.clock.sleep(ms, signal);
      return true;
    } catch {
      return false;
    }
  }
}
