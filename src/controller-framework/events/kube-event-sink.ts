import type { Event } from 'kubernetes-types/core/v1.js';
import type { KubeClient } from '../../client/kube-client.js';
import type { EventPatch, EventSink } from './event-sink.js';

const events = { group: '', version: 'v1', resource: 'events', namespaced: true, kind: 'Event' };

/** The EventSink recorders write through, over a KubeClient (client-go's EventSinkImpl). */
export function kubeEventSink(client: KubeClient): EventSink {
  const resource = client.resource<Event>(events);
  return {
    create: (event) => resource.create(event),
    patch: (event: Event, patch: EventPatch) =>
      resource
        .namespace(event.metadata.namespace ?? 'default')
        .patch(event.metadata.name ?? '', 'strategic', patch),
  };
}
