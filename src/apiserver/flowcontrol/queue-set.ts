import type { Cancel, Clock } from '../../base/clock.js';
import { ShuffleShardDealer } from './shuffle-shard-dealer.js';
import { maxSeats, type WorkEstimate } from './work-estimate.js';

/**
 * A priority level's queuing: `queues` > 0 queues requests (shuffle-sharded by flow, at most
 * `queueLengthLimit` each); 0 rejects what does not fit at once (limitResponse Reject); -1 never
 * limits (the Exempt type).
 */
export interface QueuingConfig {
  readonly queues: number;
  readonly handSize: number;
  readonly queueLengthLimit: number;
}

/** Why a request was turned away (upstream's `reason` label of rejected_requests_total). */
export type RejectReason = 'queue-full' | 'concurrency-limit' | 'time-out' | 'cancelled';

/** Admission to execute: call `finish` exactly once when the request's work is done. */
export interface Ticket {
  readonly kind: 'execute';
  readonly queuedMs: number;
  finish(): void;
}

/** A request turned away: the caller answers 429. */
export interface Rejection {
  readonly kind: 'reject';
  readonly reason: RejectReason;
  readonly queuedMs: number;
}

/** What `start` decided right away, or will decide once the request leaves its queue. */
export type StartResult =
  Ticket | Rejection | { readonly kind: 'queued'; readonly decision: Promise<Ticket | Rejection> };

/** A request presented to a queue set. */
export interface QueueSetRequest {
  readonly estimate: WorkEstimate;
  /** The flow's hash (flowHash), which picks its hand of queues. */
  readonly hash: bigint;
  /** How long it may wait in a queue before it is rejected with reason time-out. */
  readonly waitLimitMs: number;
  /**
   * Subscribes to the client going away, returning the unsubscribe; called only if the request
   * has to wait. Cancelling while queued rejects it with reason cancelled.
   */
  readonly onCancel?: (cancel: () => void) => () => void;
}

/** The nominal time a request runs for, before it is measured: upstream's estimate, 3 ms. */
const estimatedServiceMs = 3;

interface Waiting {
  readonly queue: Queue;
  readonly seats: number;
  readonly initialSeats: number;
  readonly additionalLatencyMs: number;
  /** Seat-seconds: initial seats × the estimated service time, plus the final phase's work. */
  readonly totalWork: number;
  /** Virtual time at arrival. */
  readonly arrivalR: number;
  readonly arrivedAt: number;
  settle(result: Ticket | Rejection): void;
  cancelTimer: Cancel;
  detach(): void;
}

class Queue {
  readonly waiting: Waiting[] = [];
  waitingWork = 0;
  waitingSeats = 0;
  executing = 0;
  seatsInUse = 0;
  /** Virtual time at which this queue's next request is due, in seat-seconds. */
  nextDispatchR = 0;

  get idle(): boolean {
    return this.waiting.length === 0 && this.executing === 0;
  }
}

/**
 * Fair queuing for one priority level, after upstream's queueset: requests wait in shuffle-sharded
 * queues and are dispatched, while seats are free, from the queue whose oldest request would finish
 * first in virtual time. Virtual time advances, per active queue, at the rate the level's seats are
 * shared among them, so each active flow gets an equal share of the concurrency whatever its rate.
 */
export class QueueSet {
  private config: QueuingConfig;
  private dealer: ShuffleShardDealer | undefined;
  private queues: Queue[] = [];
  private concurrencyLimit: number;
  private currentR = 0;
  private lastSync: number;
  private robinIndex = -1;
  private enqueues = 0;
  private seatsInUse = 0;
  private seatsWaiting = 0;
  private requestsWaiting = 0;
  private requestsExecuting = 0;
  /** Totals since the queue set was made, for the debug dump (upstream's QueueSetDump). */
  readonly totals = { dispatched: 0, rejected: 0, timedOut: 0, cancelled: 0 };

  constructor(
    private readonly clock: Clock,
    config: QueuingConfig,
    concurrencyLimit: number,
    /** Told seats in use plus seats waiting whenever that changes (the level's seat demand). */
    private readonly onSeatDemand: (seats: number) => void = () => {},
  ) {
    this.config = config;
    this.concurrencyLimit = concurrencyLimit;
    this.lastSync = clock.now();
    this.configure(config);
  }

  /** Requests queued now. */
  get waitingCount(): number {
    return this.requestsWaiting;
  }

  /** Requests executing now (not those in their final phase, whose seats stay taken a moment longer). */
  get executingCount(): number {
    return this.requestsExecuting;
  }

  /** Seats held by executing requests. */
  get seatsInUseCount(): number {
    return this.seatsInUse;
  }

  /** Queues with requests waiting. */
  get activeQueueCount(): number {
    let active = 0;
    for (const queue of this.queues) if (queue.waiting.length > 0) active++;
    return active;
  }

  /** True when nothing waits or executes. */
  get idle(): boolean {
    return this.requestsWaiting === 0 && this.requestsExecuting === 0;
  }

  /** Takes a new queuing configuration; queues beyond a reduced count go once they are empty. */
  configure(config: QueuingConfig): void {
    this.syncTime();
    this.config = config;
    this.dealer = config.queues > 0 ? new ShuffleShardDealer(config.queues, config.handSize) : undefined;
    while (this.queues.length < Math.max(0, config.queues)) this.queues.push(new Queue());
    for (let i = this.queues.length - 1; i >= Math.max(0, config.queues); i--) {
      if (this.queues[i]!.idle) this.removeQueue(i);
    }
    this.dispatchAsMuchAsPossible();
  }

  /** Takes a new concurrency limit (seats), dispatching more if it grew. */
  setConcurrencyLimit(limit: number): void {
    this.syncTime();
    this.concurrencyLimit = limit;
    this.dispatchAsMuchAsPossible();
  }

  /** Presents a request: it executes now, waits in a queue, or is rejected. */
  start(request: QueueSetRequest): StartResult {
    this.syncTime();
    const seats = maxSeats(request.estimate);
    if (this.config.queues < 0 || (this.config.queues === 0 && this.canAccommodate(seats)))
      return this.executeUnqueued(request.estimate);
    if (this.config.queues === 0) return this.reject('concurrency-limit');
    const queue = this.queues[this.shuffleShard(request.hash)]!;
    if (this.seatsInUse >= this.concurrencyLimit && queue.waiting.length >= this.config.queueLengthLimit)
      return this.reject('queue-full');
    let immediate: Ticket | Rejection | undefined;
    let resolve!: (result: Ticket | Rejection) => void;
    const decision = new Promise<Ticket | Rejection>((r) => (resolve = r));
    const waiting = this.enqueue(queue, request, seats, (result) => {
      immediate = result;
      resolve(result);
    });
    this.dispatchAsMuchAsPossible();
    // Dispatched at once (seats were free): the caller need not wait for a turn of the event loop,
    // and no wait limit or cancellation needs watching.
    if (immediate !== undefined) return immediate;
    waiting.cancelTimer = this.clock.after(request.waitLimitMs, () => this.giveUp(waiting, 'time-out'));
    if (request.onCancel !== undefined)
      waiting.detach = request.onCancel(() => this.giveUp(waiting, 'cancelled'));
    return { kind: 'queued', decision };
  }

  private reject(reason: RejectReason): Rejection {
    this.totals.rejected++;
    return { kind: 'reject', reason, queuedMs: 0 };
  }

  private executeUnqueued(estimate: WorkEstimate): Ticket {
    const seats = maxSeats(estimate);
    this.totals.dispatched++;
    this.requestsExecuting++;
    this.seatsInUse += seats;
    this.noteDemand();
    return this.ticket(
      undefined,
      seats,
      estimate.initialSeats,
      estimate.additionalLatencyMs,
      this.clock.now(),
      0,
    );
  }

  private enqueue(
    queue: Queue,
    request: QueueSetRequest,
    seats: number,
    settle: (result: Ticket | Rejection) => void,
  ): Waiting {
    const now = this.clock.now();
    if (queue.idle) queue.nextDispatchR = this.currentR;
    const { estimate } = request;
    const waiting: Waiting = {
      queue,
      seats,
      initialSeats: estimate.initialSeats,
      additionalLatencyMs: estimate.additionalLatencyMs,
      totalWork:
        (estimate.initialSeats * estimatedServiceMs) / 1000 +
        (estimate.finalSeats * estimate.additionalLatencyMs) / 1000,
      arrivalR: this.currentR,
      arrivedAt: now,
      settle,
      cancelTimer: () => {},
      detach: () => {},
    };
    queue.waiting.push(waiting);
    queue.waitingWork += waiting.totalWork;
    queue.waitingSeats += seats;
    this.requestsWaiting++;
    this.seatsWaiting += seats;
    this.noteDemand();
    this.boundNextDispatch(queue);
    return waiting;
  }

  /** Removes a request still waiting (its wait limit passed, or its client left) and rejects it. */
  private giveUp(waiting: Waiting, reason: RejectReason): void {
    const queue = waiting.queue;
    const at = queue.waiting.indexOf(waiting);
    if (at < 0) return;
    this.syncTime();
    queue.waiting.splice(at, 1);
    this.leaveWaiting(waiting);
    this.boundNextDispatch(queue);
    this.totals.rejected++;
    if (reason === 'time-out') this.totals.timedOut++;
    else this.totals.cancelled++;
    waiting.settle({ kind: 'reject', reason, queuedMs: this.clock.now() - waiting.arrivedAt });
    this.removeIfSurplus(queue);
  }

  private leaveWaiting(waiting: Waiting): void {
    waiting.queue.waitingWork -= waiting.totalWork;
    waiting.queue.waitingSeats -= waiting.seats;
    this.requestsWaiting--;
    this.seatsWaiting -= waiting.seats;
    waiting.cancelTimer();
    waiting.detach();
    this.noteDemand();
  }

  private dispatchAsMuchAsPossible(): void {
    while (this.requestsWaiting > 0 && this.seatsInUse < this.concurrencyLimit && this.dispatchOne());
  }

  /** Starts the oldest request of the queue with the earliest virtual finish, if its seats fit. */
  private dispatchOne(): boolean {
    let best: Queue | undefined;
    let bestIndex = -1;
    let bestFinish = Infinity;
    const n = this.queues.length;
    for (let step = 0; step < n; step++) {
      this.robinIndex = (this.robinIndex + 1) % n;
      const queue = this.queues[this.robinIndex]!;
      const oldest = queue.waiting[0];
      if (oldest === undefined) continue;
      const finish = queue.nextDispatchR + oldest.totalWork;
      if (finish < bestFinish) {
        bestFinish = finish;
        best = queue;
        bestIndex = this.robinIndex;
      }
    }
    if (best === undefined) return false;
    const request = best.waiting[0]!;
    if (!this.canAccommodate(request.seats)) return false;
    best.waiting.shift();
    this.robinIndex = bestIndex;
    this.leaveWaiting(request);
    this.totals.dispatched++;
    this.requestsExecuting++;
    this.seatsInUse += request.seats;
    best.executing++;
    best.seatsInUse += request.seats;
    best.nextDispatchR += request.totalWork;
    this.boundNextDispatch(best);
    this.noteDemand();
    const now = this.clock.now();
    request.settle(
      this.ticket(
        best,
        request.seats,
        request.initialSeats,
        request.additionalLatencyMs,
        now,
        now - request.arrivedAt,
      ),
    );
    return true;
  }

  private ticket(
    queue: Queue | undefined,
    seats: number,
    initialSeats: number,
    additionalLatencyMs: number,
    startedAt: number,
    queuedMs: number,
  ): Ticket {
    let finished = false;
    return {
      kind: 'execute',
      queuedMs,
      finish: () => {
        if (finished) return;
        finished = true;
        this.syncTime();
        const ranMs = this.clock.now() - startedAt;
        this.requestsExecuting--;
        if (queue !== undefined) {
          queue.executing--;
          // Correct the queue's virtual time by how far the real run beat (or exceeded) the estimate.
          queue.nextDispatchR -= (initialSeats * (estimatedServiceMs - ranMs)) / 1000;
          this.boundNextDispatch(queue);
        }
        const release = () => {
          this.syncTime();
          this.seatsInUse -= seats;
          if (queue !== undefined) {
            queue.seatsInUse -= seats;
            this.removeIfSurplus(queue);
          }
          this.noteDemand();
          this.dispatchAsMuchAsPossible();
        };
        // A write's seats stay taken while its watch notifications are still going out.
        if (additionalLatencyMs > 0) this.clock.after(additionalLatencyMs, release);
        else release();
      },
    };
  }

  private canAccommodate(seats: number): boolean {
    if (this.config.queues < 0) return true;
    // A request wider than the whole limit runs alone rather than never.
    if (seats > this.concurrencyLimit) return this.requestsExecuting === 0;
    return this.seatsInUse + seats <= this.concurrencyLimit;
  }

  /** The queue of the request's hand with the least work waiting, starting at a rotating offset. */
  private shuffleShard(hash: bigint): number {
    const hand = this.dealer!.deal(hash);
    const offset = this.enqueues++ % hand.length;
    let best = hand[offset]!;
    let bestWork = Infinity;
    for (let i = 0; i < hand.length; i++) {
      const index = hand[(offset + i) % hand.length]!;
      const work = this.queues[index]!.waitingWork;
      if (work < bestWork) {
        bestWork = work;
        best = index;
      }
    }
    return best;
  }

  /** A queue's next dispatch is never earlier than its oldest request's arrival. */
  private boundNextDispatch(queue: Queue): void {
    const oldest = queue.waiting[0];
    if (oldest !== undefined && queue.nextDispatchR < oldest.arrivalR) queue.nextDispatchR = oldest.arrivalR;
  }

  /** Drops an emptied queue that a smaller configuration no longer wants. */
  private removeIfSurplus(queue: Queue): void {
    if (this.queues.length <= Math.max(0, this.config.queues) || !queue.idle || queue.seatsInUse > 0) return;
    const index = this.queues.indexOf(queue);
    if (index >= Math.max(0, this.config.queues)) this.removeQueue(index);
  }

  private removeQueue(index: number): void {
    this.queues.splice(index, 1);
    if (this.robinIndex >= index) this.robinIndex--;
  }

  /** Advances virtual time: each active queue's share of the seats, per real second. */
  private syncTime(): void {
    const now = this.clock.now();
    const elapsedSeconds = (now - this.lastSync) / 1000;
    this.lastSync = now;
    if (elapsedSeconds <= 0) return;
    let active = 0;
    let requested = 0;
    for (const queue of this.queues) {
      requested += queue.seatsInUse + queue.waitingSeats;
      if (!queue.idle) active++;
    }
    if (active === 0) return;
    this.currentR += (Math.min(requested, this.concurrencyLimit) / active) * elapsedSeconds;
  }

  private noteDemand(): void {
    this.onSeatDemand(this.seatsInUse + this.seatsWaiting);
  }
}
