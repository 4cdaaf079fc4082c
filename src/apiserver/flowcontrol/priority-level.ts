import type { PriorityLevelConfiguration } from 'kubernetes-types/flowcontrol/v1.js';
import type { Clock } from '../../base/clock.js';
import { SeatDemandIntegrator } from './seat-demand-integrator.js';
import { QueueSet, type QueuingConfig } from './queue-set.js';

/** Half-life of five minutes at one adjustment per 10 s: upstream's seat demand smoothing. */
const smoothingCoefficient = 0.977;
/** The share of a level's nominal limit one request may take (upstream's priorityLevelMaxSeatsPercent). */
const maxSeatsShare = 0.15;

/** The concurrency shares of a configuration, from whichever union member its type names. */
export function sharesOf(config: PriorityLevelConfiguration): {
  nominal: number;
  lendablePercent: number;
  borrowingLimitPercent: number | undefined;
} {
  const spec = config.spec;
  const member = spec?.type === 'Exempt' ? spec.exempt : spec?.limited;
  return {
    nominal: member?.nominalConcurrencyShares ?? 0,
    lendablePercent: member?.lendablePercent ?? 0,
    // Exempt levels have no borrowing limit: they may take any seat.
    borrowingLimitPercent: spec?.type === 'Exempt' ? undefined : spec?.limited?.borrowingLimitPercent,
  };
}

/** Seat demand over the last borrowing period, as the allocation reads it. */
export interface SeatDemandStats {
  readonly highWatermark: number;
  readonly smoothed: number;
}

/**
 * One priority level at run time: its configuration, its queues and its concurrency limits —
 * nominal (its share of the server's seats), lower (nominal less what it may lend), upper (nominal
 * plus what it may borrow) and current (what the last borrowing adjustment gave it).
 */
export class PriorityLevel {
  config: PriorityLevelConfiguration;
  readonly queues: QueueSet;
  nominalLimit = 0;
  lowerLimit = 0;
  upperLimit = 0;
  currentLimit = 0;
  /** The most seats one request of this level may be estimated at (0: the estimator's own cap). */
  maxSeats = 0;
  /** True once the configuration no longer has it: it serves what it holds and then goes. */
  quiescing = false;
  private readonly demand: SeatDemandIntegrator;
  private smoothedDemand = 0;

  constructor(config: PriorityLevelConfiguration, clock: Clock) {
    this.config = config;
    this.demand = new SeatDemandIntegrator(() => clock.now());
    this.queues = new QueueSet(clock, queuingOf(config), 0, (seats) => this.demand.set(seats));
  }

  get name(): string {
    return this.config.metadata?.name ?? '';
  }

  get exempt(): boolean {
    return this.config.spec?.type === 'Exempt';
  }

  /** Queues configured (0 for Reject, -1 for Exempt): more than one means flows are hashed. */
  get queueCount(): number {
    return queuingOf(this.config).queues;
  }

  /**
   * Takes a new configuration and the limits derived from the server's seats and the shares' sum.
   * The current limit is the borrowing adjustment's, which follows every reconfiguration.
   */
  reconfigure(config: PriorityLevelConfiguration, serverLimit: number, shareSum: number): void {
    this.config = config;
    const { nominal, lendablePercent, borrowingLimitPercent } = sharesOf(config);
    // Rounding up: the nominal limits may add up to a little more than the server's.
    this.nominalLimit = shareSum > 0 ? Math.ceil((serverLimit * nominal) / shareSum) : 0;
    const lendable = Math.round((this.nominalLimit * lendablePercent) / 100);
    const borrowable =
      borrowingLimitPercent === undefined
        ? serverLimit
        : Math.round((this.nominalLimit * borrowingLimitPercent) / 100);
    this.lowerLimit = this.nominalLimit - lendable;
    this.upperLimit = this.nominalLimit + borrowable;
    const queuing = queuingOf(config);
    this.maxSeats =
      queuing.queues > 0
        ? Math.max(
            1,
            Math.min(
              Math.ceil(this.nominalLimit * maxSeatsShare),
              Math.trunc(this.nominalLimit / queuing.handSize),
            ),
          )
        : 0;
    this.queues.configure(queuing);
  }

  /** Applies a limit from the borrowing adjustment. */
  setCurrentLimit(limit: number): void {
    this.currentLimit = limit;
    this.queues.setConcurrencyLimit(this.exempt ? Infinity : limit);
  }

  /** Closes the demand period and folds it into the smoothed demand (the borrowing input). */
  closeDemandPeriod(): SeatDemandStats {
    const results = this.demand.reset();
    if (results.durationSeconds > 0) {
      const envelope = results.average + results.deviation;
      this.smoothedDemand = Math.max(
        envelope,
        smoothingCoefficient * this.smoothedDemand + (1 - smoothingCoefficient) * envelope,
      );
    }
    return { highWatermark: Math.round(results.max), smoothed: this.smoothedDemand };
  }
}

/** The queuing of a configuration: Exempt never limits, Reject has no queues. */
export function queuingOf(config: PriorityLevelConfiguration): QueuingConfig {
  const spec = config.spec;
  if (spec?.type === 'Exempt') return { queues: -1, handSize: 0, queueLengthLimit: 0 };
  const queuing = spec?.limited?.limitResponse?.queuing;
  if (spec?.limited?.limitResponse?.type !== 'Queue' || queuing === undefined)
    return { queues: 0, handSize: 0, queueLengthLimit: 0 };
  return {
    queues: queuing.queues ?? 64,
    handSize: queuing.handSize ?? 8,
    queueLengthLimit: queuing.queueLengthLimit ?? 50,
  };
}
