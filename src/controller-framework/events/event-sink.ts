import type { Event } from 'kubernetes-types/core/v1.js';

/** The fields a repeated event changes (client-go sends them as a strategic merge patch). */
export interface EventPatch {
  readonly count: number;
  readonly lastTimestamp: string;
  readonly message: string;
}

/**
 * Where recorded core/v1 Events are written. Failures are StatusErrors as the API returns them
 * (a NotFound from patch makes the recorder create the event afresh); any other error is taken
 * as the server being unreachable and retried.
 */
export interface EventSink {
  /** Creates `event` in its namespace; resolves with the stored event. */
  create(event: Event): Promise<Event>;
  /** Patches the existing event named `event.metadata.name`; resolves with the stored event. */
  patch(event: Event, patch: EventPatch): Promise<Event>;
}
