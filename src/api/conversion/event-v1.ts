import type { Event as CoreEvent } from 'kubernetes-types/core/v1.js';
import type { Event as EventsEvent } from 'kubernetes-types/events/v1.js';
import type { KubeObject } from '../object.js';
import type { ConversionPair } from './conversion-pair.js';

// pkg/apis/events/v1/conversion.go: events.k8s.io/v1 Events are core v1 Events under other names.
// Every field has exactly one counterpart, so both directions are renames and lossless.

/** [core v1 field, events.k8s.io/v1 field], in events.k8s.io's field order. */
const renames = [
  ['eventTime', 'eventTime'],
  ['series', 'series'],
  ['reportingComponent', 'reportingController'],
  ['reportingInstance', 'reportingInstance'],
  ['action', 'action'],
  ['reason', 'reason'],
  ['involvedObject', 'regarding'],
  ['related', 'related'],
  ['message', 'note'],
  ['type', 'type'],
  ['source', 'deprecatedSource'],
  ['firstTimestamp', 'deprecatedFirstTimestamp'],
  ['lastTimestamp', 'deprecatedLastTimestamp'],
  ['count', 'deprecatedCount'],
] as const satisfies ReadonlyArray<readonly [keyof CoreEvent, keyof EventsEvent]>;

/** Core v1's own field order, so converted core Events print like stored ones. */
const coreOrder = [
  'involvedObject',
  'reason',
  'message',
  'source',
  'firstTimestamp',
  'lastTimestamp',
  'count',
  'type',
  'eventTime',
  'series',
  'action',
  'related',
  'reportingComponent',
  'reportingInstance',
] as const satisfies ReadonlyArray<keyof CoreEvent>;

const eventsNameOf = new Map<string, string>(renames);

function convert(
  object: KubeObject,
  apiVersion: string,
  fields: ReadonlyArray<readonly [from: string, to: string]>,
): KubeObject {
  const source = structuredClone(object);
  const out: KubeObject = { apiVersion, kind: 'Event' };
  if (source.metadata !== undefined) out.metadata = source.metadata;
  for (const [from, to] of fields) if (source[from] !== undefined) out[to] = source[from];
  return out;
}

/** A stored core v1 Event as events.k8s.io/v1 shows it. */
function toEvents(object: KubeObject): KubeObject {
  return convert(object, 'events.k8s.io/v1', renames);
}

/** An events.k8s.io/v1 Event as core v1 stores it. */
function toCore(object: KubeObject): KubeObject {
  return convert(
    object,
    'v1',
    coreOrder.map((core) => [eventsNameOf.get(core) ?? core, core] as const),
  );
}

/** events.k8s.io/v1 Event, stored as a core v1 Event. */
export const eventsV1Pair: ConversionPair = {
  served: { group: 'events.k8s.io', version: 'v1', kind: 'Event' },
  storageApiVersion: 'v1',
  toStorage: toCore,
  fromStorage: toEvents,
};
