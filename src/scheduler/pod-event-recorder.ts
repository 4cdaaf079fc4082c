import type { EventRecorder } from '../controller-framework/index.js';
import type { PodEventRecorder } from './framework/handle.js';
import type { PodInfo } from './framework/pod-info.js';

/** A PodEventRecorder writing core/v1 Events through a controller-framework EventRecorder. */
export function podEventRecorder(recorder: EventRecorder): PodEventRecorder {
  return {
    event(pod: PodInfo, type, reason, message) {
      const meta = pod.pod.metadata;
      recorder.event(
        {
          kind: 'Pod',
          apiVersion: 'v1',
          name: pod.name,
          namespace: pod.namespace,
          ...(pod.uid ? { uid: pod.uid } : {}),
          ...(meta?.resourceVersion ? { resourceVersion: meta.resourceVersion } : {}),
        },
        type,
        reason,
        '%s',
        message,
      );
    },
  };
}
