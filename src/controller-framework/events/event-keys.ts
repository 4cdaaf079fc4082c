import type { Event } from 'kubernetes-types/core/v1.js';

// The keys are plain concatenations without separators, exactly as client-go builds them, so
// the same events collide (and are counted) the same way.

/** Identifies identical events: source, involved object, type, reason and message. */
export function eventKey(event: Event): string {
  const o = event.involvedObject;
  return [
    event.source?.component,
    event.source?.host,
    o.kind,
    o.namespace,
    o.name,
    o.fieldPath,
    o.uid,
    o.apiVersion,
    event.type,
    event.reason,
    event.message,
  ].join('');
}

/** Identifies a source and object for the spam filter (any type, reason or message). */
export function spamKey(event: Event): string {
  const o = event.involvedObject;
  return [event.source?.component, event.source?.host, o.kind, o.namespace, o.name, o.uid, o.apiVersion].join(
    '',
  );
}

/**
 * Groups similar events (client-go's EventAggregatorByReasonFunc): the aggregate key is everything
 * but the message, the local key is the message.
 */
export function aggregateKeys(event: Event): { aggregateKey: string; localKey: string } {
  const o = event.involvedObject;
  const aggregateKey = [
    event.source?.component,
    event.source?.host,
    o.kind,
    o.namespace,
    o.name,
    o.uid,
    o.apiVersion,
    event.type,
    event.reason,
    event.reportingComponent,
    event.reportingInstance,
  ].join('');
  return { aggregateKey, localKey: event.message ?? '' };
}
