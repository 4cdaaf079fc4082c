import type { FlowSchema, PriorityLevelConfiguration } from 'kubernetes-types/flowcontrol/v1.js';
import { BoundedMemo } from '../../base/bounded-memo.js';
import type { Clock } from '../../base/clock.js';
import type { Logger } from '../../base/logger.js';
import type { CounterChild, GaugeChild, HistogramChild } from '../../base/metrics/index.js';
import { allocateConcurrency, type AllocationItem } from './concurrency-allocation.js';
import type { FlowControlMetrics } from './flowcontrol-metrics.js';
import { matchesFlowSchema, type RequestDigest } from './flow-schema-rules.js';
import { mandatoryFlowSchemas, mandatoryPriorityLevels } from './bootstrap-configuration.js';
import { PriorityLevel, sharesOf } from './priority-level.js';
import type { Rejection, RejectReason, Ticket } from './queue-set.js';
import { RetryAfterTracker } from './retry-after.js';
import { flowHash } from './shuffle-shard-dealer.js';
import { maxSeats, type WorkEstimate } from './work-estimate.js';

/** Which FlowSchema and priority level a request fell into (their UIDs go out as response headers). */
export interface Classification {
  readonly flowSchema: string;
  readonly flowSchemaUid: string;
  readonly priorityLevel: string;
  readonly priorityLevelUid: string;
}

/** The request may run; `finish` once it is done. */
export interface Admitted {
  readonly kind: 'execute';
  readonly classification: Classification;
  finish(): void;
}

/** The request is refused with 429 and this Retry-After. */
export interface Refused {
  readonly kind: 'reject';
  readonly classification: Classification;
  readonly reason: RejectReason;
  readonly retryAfterSeconds: number;
}

/** A FlowSchema whose Dangling condition no longer says what is true. */
export interface DanglingUpdate {
  readonly name: string;
  readonly dangling: boolean;
  readonly priorityLevel: string;
}

/** Settings of the dispatcher. */
export interface PriorityAndFairnessOptions {
  readonly clock: Clock;
  /** The server's seats: upstream's --max-requests-inflight + --max-mutating-requests-inflight (600). */
  readonly serverConcurrencyLimit: number;
  /** The longest a request waits in a queue: a quarter of the request timeout (15 s). */
  readonly requestWaitLimitMs: number;
  readonly metrics: FlowControlMetrics;
  readonly log: Logger;
}

/** The metric series a request of one flow schema and level updates. */
interface FlowMetrics {
  readonly inQueue: GaugeChild;
  readonly waitedExecuted: HistogramChild;
  readonly waitedRejected: HistogramChild;
  readonly dispatched: CounterChild;
  readonly executing: GaugeChild;
  readonly executingSeats: GaugeChild;
}

/** How often seats are lent and borrowed between levels. */
export const borrowingPeriodMs = 10_000;

/**
 * API Priority and Fairness, upstream's default request limiting: each request is classified by
 * the first matching FlowSchema (lowest matchingPrecedence, then name) into a priority level and a
 * flow; the level's seats are its share of the server's concurrency, and what does not fit waits in
 * the level's fair queues instead of being refused, up to the queue limits and the wait limit.
 */
export class PriorityAndFairness {
  private flowSchemas: FlowSchema[] = [];
  private readonly levels = new Map<string, PriorityLevel>();
  private readonly retryAfter: RetryAfterTracker;
  private readonly hashes = new BoundedMemo<bigint>(4096);
  private readonly series = new Map<string, FlowMetrics>();

  constructor(private readonly options: PriorityAndFairnessOptions) {
    this.retryAfter = new RetryAfterTracker(() => options.clock.now());
  }

  /**
   * Takes the current FlowSchemas and PriorityLevelConfigurations. A FlowSchema naming a missing
   * level is skipped (and reported dangling); the mandatory exempt and catch-all objects stand in
   * when they are missing. Returns the FlowSchemas whose Dangling condition must change.
   */
  configure(
    flowSchemas: readonly FlowSchema[],
    levels: readonly PriorityLevelConfiguration[],
  ): DanglingUpdate[] {
    const stored = new Set(levels.map((pl) => pl.metadata?.name ?? ''));
    const wanted = new Map(levels.map((pl) => [pl.metadata?.name ?? '', pl]));
    for (const pl of mandatoryPriorityLevels) {
      const name = pl.metadata?.name ?? '';
      if (!wanted.has(name)) wanted.set(name, pl);
    }
    const updates: DanglingUpdate[] = [];
    const usable: FlowSchema[] = [];
    for (const fs of flowSchemas) {
      const plName = fs.spec?.priorityLevelConfiguration.name ?? '';
      const dangling = !stored.has(plName);
      if (danglingChanged(fs, dangling, plName))
        updates.push({ name: fs.metadata?.name ?? '', dangling, priorityLevel: plName });
      if (!dangling) usable.push(fs);
    }
    for (const fs of mandatoryFlowSchemas) {
      if (!usable.some((u) => u.metadata?.name === fs.metadata?.name)) usable.push(fs);
    }
    // Ties in precedence go by name, compared as Go compares strings (code units, not locale).
    usable.sort((a, b) => {
      const byPrecedence = (a.spec?.matchingPrecedence ?? 1000) - (b.spec?.matchingPrecedence ?? 1000);
      if (byPrecedence !== 0) return byPrecedence;
      const [p, q] = [a.metadata?.name ?? '', b.metadata?.name ?? ''];
      return p < q ? -1 : p > q ? 1 : 0;
    });
    this.flowSchemas = usable;

    // Levels no longer configured drain first; only idle ones are dropped.
    for (const [name, level] of this.levels) {
      if (wanted.has(name)) continue;
      if (level.queues.idle) this.levels.delete(name);
      else level.quiescing = true;
    }
    const all = [
      ...wanted.values(),
      ...[...this.levels.values()].filter((l) => l.quiescing).map((l) => l.config),
    ];
    const shareSum = all.reduce((sum, pl) => sum + sharesOf(pl).nominal, 0);
    for (const pl of all) {
      const name = pl.metadata?.name ?? '';
      let level = this.levels.get(name);
      if (level === undefined) this.levels.set(name, (level = new PriorityLevel(pl, this.options.clock)));
      level.reconfigure(pl, this.options.serverConcurrencyLimit, shareSum);
      level.quiescing = !wanted.has(name);
      const labels = [name] as const;
      this.options.metrics.nominalLimit.labels(...labels).set(level.nominalLimit);
      this.options.metrics.lowerLimit.labels(...labels).set(level.lowerLimit);
      this.options.metrics.upperLimit.labels(...labels).set(level.upperLimit);
    }
    this.adjustBorrowing();
    return updates;
  }

  /** The priority levels in use, including those draining after their removal. */
  get priorityLevels(): PriorityLevel[] {
    return [...this.levels.values()];
  }

  /** Classifies a request: the first matching FlowSchema and its level. */
  classify(digest: RequestDigest): { flowSchema: FlowSchema; level: PriorityLevel } {
    let chosen = this.flowSchemas.find((fs) => matchesFlowSchema(digest, fs));
    // Every user is in system:authenticated or system:unauthenticated, which catch-all matches.
    chosen ??= this.flowSchemas.find((fs) => fs.metadata?.name === 'catch-all')!;
    return { flowSchema: chosen, level: this.levels.get(chosen.spec!.priorityLevelConfiguration.name)! };
  }

  /**
   * Admits a request (or refuses it), waiting for a seat if its level is full. `estimate` is
   * consulted once the request is classified; `onCancel` subscribes to the client going away
   * (see QueueSetRequest).
   */
  async admit(
    digest: RequestDigest,
    estimate: (maxSeats: number) => WorkEstimate,
    onCancel?: (cancel: () => void) => () => void,
  ): Promise<Admitted | Refused> {
    const { flowSchema, level } = this.classify(digest);
    const fsName = flowSchema.metadata?.name ?? '';
    const classification: Classification = {
      flowSchema: fsName,
      flowSchemaUid: flowSchema.metadata?.uid ?? '',
      priorityLevel: level.name,
      priorityLevelUid: level.config.metadata?.uid ?? '',
    };
    let hash = 0n;
    if (level.queueCount > 1) {
      const distinguisher = distinguisherOf(digest, flowSchema);
      hash = this.hashes.get(`${fsName}\0${distinguisher}`, () => flowHash(fsName, distinguisher));
    }
    const work = estimate(level.maxSeats);
    const metrics = this.flowMetrics(fsName, level.name);
    const started = level.queues.start({
      estimate: work,
      hash,
      waitLimitMs: this.options.requestWaitLimitMs,
      onCancel,
    });
    let decided: Ticket | Rejection;
    if (started.kind === 'queued') {
      metrics.inQueue.inc();
      try {
        decided = await started.decision;
      } finally {
        metrics.inQueue.dec();
      }
    } else decided = started;
    (decided.kind === 'execute' ? metrics.waitedExecuted : metrics.waitedRejected).observe(
      decided.queuedMs / 1000,
    );
    if (decided.kind === 'reject') {
      this.options.metrics.rejected.labels(fsName, level.name, decided.reason).inc();
      this.retryAfter.recordDropped(level.name);
      return {
        kind: 'reject',
        classification,
        reason: decided.reason,
        retryAfterSeconds: this.retryAfter.retryAfter(level.name),
      };
    }
    metrics.dispatched.inc();
    const held = maxSeats(work);
    metrics.executing.inc();
    metrics.executingSeats.inc(held);
    const ticket = decided;
    let finished = false;
    return {
      kind: 'execute',
      classification,
      finish: () => {
        if (finished) return;
        finished = true;
        metrics.executing.dec();
        metrics.executingSeats.dec(held);
        ticket.finish();
        if (level.quiescing && level.queues.idle) this.levels.delete(level.name);
      },
    };
  }

  /** The metric series of one flow schema and level, looked up once rather than per request. */
  private flowMetrics(flowSchema: string, level: string): FlowMetrics {
    const key = `${flowSchema}\0${level}`;
    let series = this.series.get(key);
    if (series === undefined) {
      const m = this.options.metrics;
      series = {
        inQueue: m.inQueue.labels(flowSchema, level),
        waitedExecuted: m.waitDuration.labels('true', flowSchema, level),
        waitedRejected: m.waitDuration.labels('false', flowSchema, level),
        dispatched: m.dispatched.labels(flowSchema, level),
        executing: m.executing.labels(flowSchema, level),
        executingSeats: m.executingSeats.labels(flowSchema, level),
      };
      this.series.set(key, series);
    }
    return series;
  }

  /**
   * Lends and borrows seats between the limited levels by their recent demand (upstream's
   * periodic adjustment): each gets at least min(nominal, its peak demand) and at least its lower
   * limit, and the rest of the server's seats go in proportion to smoothed demand within the
   * upper limits. Runs every borrowingPeriodMs and after each reconfiguration.
   */
  adjustBorrowing(): void {
    const levels = [...this.levels.values()];
    const nominalSum = levels.reduce((sum, l) => sum + l.nominalLimit, 0);
    let remaining = nominalSum;
    let lowerSum = 0;
    let minCurrentSum = 0;
    const limited: { level: PriorityLevel; minCurrent: number; item: AllocationItem }[] = [];
    for (const level of levels) {
      const stats = level.closeDemandPeriod();
      if (level.exempt) {
        const minCurrent = Math.max(level.lowerLimit, stats.highWatermark);
        remaining -= minCurrent;
        level.setCurrentLimit(minCurrent);
        this.options.metrics.currentLimit.labels(level.name).set(minCurrent);
        continue;
      }
      const minCurrent = Math.max(level.lowerLimit, Math.min(level.nominalLimit, stats.highWatermark));
      limited.push({
        level,
        minCurrent,
        item: {
          lowerBound: minCurrent,
          upperBound: level.upperLimit,
          target: Math.max(minCurrent, stats.smoothed),
        },
      });
      lowerSum += level.lowerLimit;
      minCurrentSum += minCurrent;
    }
    let allocations: number[] | undefined;
    let shareFrac = 0;
    if (remaining > lowerSum && remaining <= minCurrentSum)
      shareFrac = (remaining - lowerSum) / (minCurrentSum - lowerSum);
    else if (remaining > minCurrentSum) {
      try {
        allocations = allocateConcurrency(
          nominalSum,
          limited.map((l) => l.item),
        ).allocations;
      } catch (err) {
        this.options.log.error('cannot derive new concurrency limits', { err });
        allocations = limited.map((l) => l.level.currentLimit);
      }
    }
    limited.forEach(({ level, minCurrent }, i) => {
      let limit: number;
      if (remaining <= lowerSum) limit = level.lowerLimit;
      else if (allocations === undefined)
        limit = level.lowerLimit + Math.round((minCurrent - level.lowerLimit) * shareFrac);
      else limit = Math.round(allocations[i]!);
      level.setCurrentLimit(limit);
      this.options.metrics.currentLimit.labels(level.name).set(limit);
    });
  }
}

/** ByUser: the user's name; ByNamespace: the request's namespace; no method: one flow. */
function distinguisherOf(digest: RequestDigest, fs: FlowSchema): string {
  switch (fs.spec?.distinguisherMethod?.type) {
    case 'ByUser':
      return digest.user.name;
    case 'ByNamespace':
      return digest.info.namespace;
    default:
      return '';
  }
}

function danglingChanged(fs: FlowSchema, dangling: boolean, plName: string): boolean {
  const condition = fs.status?.conditions?.find((c) => c.type === 'Dangling');
  const want = danglingCondition(dangling, plName);
  return (
    condition?.status !== want.status ||
    condition.reason !== want.reason ||
    condition.message !== want.message
  );
}

/** The Dangling condition upstream's config consumer maintains on every FlowSchema. */
export function danglingCondition(
  dangling: boolean,
  plName: string,
): { type: 'Dangling'; status: 'True' | 'False'; reason: string; message: string } {
  return dangling
    ? {
        type: 'Dangling',
        status: 'True',
        reason: 'NotFound',
        message: `This FlowSchema references the PriorityLevelConfiguration object named "${plName}" but there is no such object`,
      }
    : {
        type: 'Dangling',
        status: 'False',
        reason: 'Found',
        message: `This FlowSchema references the PriorityLevelConfiguration object named "${plName}" and it exists`,
      };
}
