import type { Event } from 'kubernetes-types/core/v1.js';
import { systemClock } from '../../base/clock.js';
import type { Clock } from '../../base/clock.js';
import { createLogger } from '../../base/logger.js';
import type { Logger } from '../../base/logger.js';
import { isStatusError } from '../../machinery/errors/status-error.js';
import { EventCorrelator } from './event-correlator.js';
import type { EventCorrelatorOptions } from './event-correlator.js';
import { EventRecorder } from './event-recorder.js';
import type { EventPatch, EventSink } from './event-sink.js';

/** What an EventBroadcaster is created with; the limits default to client-go's. */
export interface EventBroadcasterOptions {
  readonly sink: EventSink;
  /** Aggregation and spam-filter settings (client-go's defaults when absent). */
  readonly correlator?: Omit<EventCorrelatorOptions, 'clock'>;
  /** Events waiting to be written beyond which new ones are dropped (1000). */
  readonly maxQueued?: number;
  /** Attempts per event while the server is unreachable (12). */
  readonly maxTries?: number;
  /** Wait between attempts in milliseconds (10 s; the first wait is a random fraction of it). */
  readonly retrySleepMs?: number;
  readonly clock?: Clock;
  readonly log?: Logger;
  /** Source of randomness in [0, 1) for the first retry wait (default Math.random). */
  readonly random?: () => number;
}

/**
 * Writes the events of every recorder made from it to the sink, one at a time and in order,
 * through one EventCorrelator (client-go's EventBroadcaster with StartRecordingToSink).
 * Recording never blocks the caller: when the backlog is full, events are dropped.
 */
export class EventBroadcaster {
  /** The clock recorders timestamp events with. */
  readonly clock: Clock;
  private readonly sink: EventSink;
  private readonly correlator: EventCorrelator;
  private readonly log: Logger;
  private readonly maxQueued: number;
  private readonly maxTries: number;
  private readonly retrySleepMs: number;
  private readonly random: () => number;
  private readonly backlog: Event[] = [];
  private readonly stopping = new AbortController();
  private draining: Promise<void> | undefined;

  constructor(options: EventBroadcasterOptions) {
    this.sink = options.sink;
    this.clock = options.clock ?? systemClock;
    this.correlator = new EventCorrelator({ ...options.correlator, clock: this.clock });
    this.log = options.log ?? createLogger('events');
    this.maxQueued = options.maxQueued ?? 1000;
    this.maxTries = options.maxTries ?? 12;
    this.retrySleepMs = options.retrySleepMs ?? 10_000;
    this.random = options.random ?? Math.random;
  }

  /** A recorder that reports as `component` (source.component, reportingComponent) on `host`. */
  newRecorder(source: { readonly component: string; readonly host?: string }): EventRecorder {
    return new EventRecorder({ broadcaster: this, log: this.log, ...source });
  }

  /** Queues `event` for writing; dropped when the backlog is full or after shutdown. */
  record(event: Event): void {
    if (this.stopping.signal.aborted) return;
    if (this.backlog.length >= this.maxQueued) {
      this.log.warn('event backlog full, dropping event', {
        reason: event.reason,
        object: event.involvedObject.name,
      });
      return;
    }
    this.backlog.push(event);
    this.draining ??= this.drain();
  }

  /** Resolves once every event recorded so far has been written or given up on. */
  flush(): Promise<void> {
    return this.draining ?? Promise.resolve();
  }

  /** Stops accepting events, abandons retry waits, and resolves when the writer is idle. */
  async shutdown(): Promise<void> {
    this.stopping.abort();
    await this.flush();
  }

  private async drain(): Promise<void> {
    try {
      for (let event = this.backlog.shift(); event !== undefined; event = this.backlog.shift()) {
        await this.recordToSink(event);
      }
    } finally {
      this.draining = undefined;
    }
  }

  private async recordToSink(event: Event): Promise<void> {
    this.log.debug('event occurred', {
      object: `${event.involvedObject.namespace ?? ''}/${event.involvedObject.name ?? ''}`,
      kind: event.involvedObject.kind,
      type: event.type,
      reason: event.reason,
      message: event.message,
    });
    const result = this.correlator.correlate(event);
    if (result.skip) return;
    for (let tries = 1; ; tries++) {
      if (await this.write(result.event, result.patch)) return;
      if (tries >= this.maxTries) {
        this.log.error('unable to write event, giving up', { name: result.event.metadata.name, tries });
        return;
      }
      // A random first wait keeps many clients from retrying in lockstep after an outage.
      const wait = tries === 1 ? this.retrySleepMs * this.random() : this.retrySleepMs;
      try {
        await this.clock.sleep(wait, this.stopping.signal);
      } catch {
        return;
      }
    }
  }

  // True when done with the event (written, or rejected by the server); false to retry.
  private async write(event: Event, patch: EventPatch | undefined): Promise<boolean> {
    const update = patch !== undefined && (event.count ?? 0) > 1;
    let stored: Event | undefined;
    let error: unknown;
    if (update) {
      try {
        stored = await this.sink.patch(event, patch);
      } catch (err) {
        error = err;
      }
    }
    // The stored event may have been deleted (events expire after an hour): create it anew.
    if (!update || (isStatusError(error) && error.code === 404)) {
      error = undefined;
      const { resourceVersion: _rv, ...metadata } = event.metadata;
      try {
        stored = await this.sink.create({ ...event, metadata });
      } catch (err) {
        error = err;
      }
    }
    if (error === undefined && stored !== undefined) {
      this.correlator.updateState(stored);
      return true;
    }
    if (isStatusError(error)) {
      const fields = { name: event.metadata.name, err: error };
      if (isStatusError(error, 'AlreadyExists'))
        this.log.debug('server rejected event (will not retry)', fields);
      else this.log.error('server rejected event (will not retry)', fields);
      return true;
    }
    this.log.error('unable to write event (may retry after sleeping)', {
      name: event.metadata.name,
      err: error,
    });
    return false;
  }
}
