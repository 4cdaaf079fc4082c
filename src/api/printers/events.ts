import type { Event as CoreEvent } from 'kubernetes-types/core/v1.js';
import type { Event as EventsV1Event } from 'kubernetes-types/events/v1.js';
import type { KubeObject } from '../object.js';
import { column, nameOf, printer, typed } from './columns.js';
import { parseTimestamp, translateTimestampSince } from './duration.js';
import { fieldDocs } from './field-docs.js';

/**
 * The core/v1 view of an event. events.k8s.io/v1 serves the same stored object under other field
 * names; upstream prints both through the internal (core-shaped) type, so both map onto this.
 */
export function coreEvent(obj: KubeObject): CoreEvent {
  if (obj.apiVersion !== 'events.k8s.io/v1') return typed<CoreEvent>(obj);
  const e = typed<EventsV1Event>(obj);
  return {
    metadata: e.metadata ?? {},
    involvedObject: e.regarding ?? {},
    message: e.note,
    reason: e.reason,
    type: e.type,
    source: e.deprecatedSource,
    firstTimestamp: e.deprecatedFirstTimestamp,
    lastTimestamp: e.deprecatedLastTimestamp,
    count: e.deprecatedCount,
    eventTime: e.eventTime,
    series: e.series,
    reportingComponent: e.reportingController,
    reportingInstance: e.reportingInstance,
  };
}

function eventCells(e: CoreEvent, now: Date): [string, string, number] {
  // Events from the events.k8s.io API carry eventTime instead of firstTimestamp and a series
  // instead of a count; upstream falls back along that chain.
  const first =
    parseTimestamp(e.firstTimestamp) !== undefined
      ? translateTimestampSince(e.firstTimestamp, now)
      : translateTimestampSince(e.eventTime, now);
  let last =
    parseTimestamp(e.lastTimestamp) !== undefined ? translateTimestampSince(e.lastTimestamp, now) : first;
  let count = e.count ?? 0;
  if (e.series) {
    last = translateTimestampSince(e.series.lastObservedTime, now);
    count = e.series.count ?? 0;
  } else if (count === 0) {
    count = 1; // singleton events have no count in the new API
  }
  return [first, last, count];
}

function eventSource(e: CoreEvent): string {
  const component = e.source?.component || e.reportingComponent || '';
  const instance = e.source?.host || e.reportingInstance || '';
  return instance ? `${component}, ${instance}` : component;
}

/** core/v1 and events.k8s.io/v1 Event: Last Seen, Type, Reason, Object, Message; wide Subobject, Source, First Seen, Count, Name. */
export const eventPrinter = printer<CoreEvent>(
  [
    column('Last Seen', 'string', fieldDocs['core/v1.Event.lastTimestamp']),
    column('Type', 'string', fieldDocs['core/v1.Event.type']),
    column('Reason', 'string', fieldDocs['core/v1.Event.reason']),
    column('Object', 'string', fieldDocs['core/v1.Event.involvedObject']),
    column('Subobject', 'string', fieldDocs['core/v1.ObjectReference.fieldPath'], { wide: true }),
    column('Source', 'string', fieldDocs['core/v1.Event.source'], { wide: true }),
    column('Message', 'string', fieldDocs['core/v1.Event.message']),
    column('First Seen', 'string', fieldDocs['core/v1.Event.firstTimestamp'], { wide: true }),
    column('Count', 'string', fieldDocs['core/v1.Event.count'], { wide: true }),
    column('Name', 'string', fieldDocs['meta/v1.ObjectMeta.name'], { wide: true, format: 'name' }),
  ],
  (e, now) => {
    const [first, last, count] = eventCells(e, now);
    const kind = (e.involvedObject?.kind ?? '').toLowerCase();
    const target = e.involvedObject?.name ? `${kind}/${e.involvedObject.name}` : kind;
    return [
      last,
      e.type ?? '',
      e.reason ?? '',
      target,
      e.involvedObject?.fieldPath ?? '',
      eventSource(e),
      (e.message ?? '').trim(),
      first,
      count,
      nameOf(e),
    ];
  },
  coreEvent,
);
