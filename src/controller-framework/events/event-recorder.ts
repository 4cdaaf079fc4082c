import type { Event } from 'kubernetes-types/core/v1.js';
import type { Logger } from '../../base/logger.js';
import { formatRfc3339 } from '../../base/rfc3339.js';
import type { EventBroadcaster } from './event-broadcaster.js';
import { eventName } from './event-name.js';
import { goSprintf } from './go-sprintf.js';
import { referenceFor } from './object-reference.js';
import type { EventObject } from './object-reference.js';

/** The two event types the API accepts. */
export type EventType = 'Normal' | 'Warning';

/** What an EventRecorder is created with. */
export interface EventRecorderOptions {
  readonly broadcaster: EventBroadcaster;
  /** The reporting component, e.g. "deployment-controller" or "kubelet". */
  readonly component: string;
  /** The node or instance it runs on (source.host, reportingInstance). */
  readonly host?: string;
  /** Where events that cannot be reported are logged (default: silently dropped). */
  readonly log?: Logger;
}

/**
 * Records core/v1 Events about objects on behalf of one component (client-go's EventRecorder).
 * Calls return at once; writing, counting repeats and rate limiting happen in the broadcaster.
 */
export class EventRecorder {
  private readonly broadcaster: EventBroadcaster;
  private readonly component: string;
  private readonly host: string;
  private readonly log: Logger | undefined;

  constructor(options: EventRecorderOptions) {
    this.log = options.log;
    this.broadcaster = options.broadcaster;
    this.component = options.component;
    this.host = options.host ?? '';
  }

  /** Records an event about `object`; `messageFmt` takes Go fmt verbs filled from `args`. */
  event(
    object: EventObject,
    type: EventType,
    reason: string,
    messageFmt: string,
    ...args: readonly unknown[]
  ): void {
    this.generate(object, undefined, type, reason, goSprintf(messageFmt, args));
  }

  /** Like `event`, with annotations on the Event object itself. */
  annotatedEvent(
    object: EventObject,
    annotations: Readonly<Record<string, string>>,
    type: EventType,
    reason: string,
    messageFmt: string,
    ...args: readonly unknown[]
  ): void {
    this.generate(object, annotations, type, reason, goSprintf(messageFmt, args));
  }

  private generate(
    object: EventObject,
    annotations: Readonly<Record<string, string>> | undefined,
    type: string,
    reason: string,
    message: string,
  ): void {
    const ref = referenceFor(object);
    if (ref === undefined) {
      this.log?.error('could not construct a reference, will not report event', { reason, message });
      return;
    }
    // Callers from plain JavaScript can pass anything; the API would reject it anyway.
    if (type !== 'Normal' && type !== 'Warning') {
      this.log?.error('unsupported event type', { type, reason });
      return;
    }
    const now = this.broadcaster.clock.now();
    const timestamp = formatRfc3339(now);
    const event: Event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {
        name: eventName(ref.name ?? '', now),
        namespace: ref.namespace || 'default',
        ...(annotations ? { annotations: { ...annotations } } : {}),
      },
      involvedObject: ref,
      reason,
      message,
      firstTimestamp: timestamp,
      lastTimestamp: timestamp,
      count: 1,
      type,
      source: this.host ? { component: this.component, host: this.host } : { component: this.component },
      reportingComponent: this.component,
      reportingInstance: this.host,
    };
    this.broadcaster.record(event);
  }
}
