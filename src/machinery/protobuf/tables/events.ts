// Field tables built from the published protobuf tags (generated.proto) and JSON names
// (types.go json tags) of upstream 1.32; format: ../schema.ts. Fields are in struct order, which
// is the order upstream's JSON prints them in.
import type { MessagePackage } from '../schema.js';

/** events.k8s.io/v1 (k8s.io/api/events/v1). */
export const eventsV1: MessagePackage = {
  id: 'eventsv1',
  apiVersion: 'events.k8s.io/v1',
  kinds: ['Event'],
  messages: {
    Event: `1:metadata:metav1.ObjectMeta 2:eventTime:microtime 3:series:EventSeries 4:reportingController
      5:reportingInstance 6:action 7:reason 8:regarding:corev1.ObjectReference
      9:related:corev1.ObjectReference 10:note 11:type 12:deprecatedSource:corev1.EventSource
      13:deprecatedFirstTimestamp:time 14:deprecatedLastTimestamp:time 15:deprecatedCount:int32`,
    EventSeries: '1:count:int32! 2:lastObservedTime:microtime',
  },
};
