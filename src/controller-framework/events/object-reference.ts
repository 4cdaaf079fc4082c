import type { ObjectReference } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../api/object.js';
import { isPlainObject } from '../../api/object.js';

/** What an event can be about: an API object, or a reference (e.g. with a fieldPath to a container). */
export type EventObject = KubeObject | ObjectReference;

/**
 * The reference an Event's involvedObject carries (client-go's reference.GetReference), or
 * undefined when the object lacks apiVersion, kind or name and so cannot be referred to.
 */
export function referenceFor(object: EventObject): ObjectReference | undefined {
  if (!('metadata' in object) || !isPlainObject(object.metadata)) {
    const ref = object as ObjectReference;
    return ref.kind && ref.apiVersion && ref.name ? { ...ref } : undefined;
  }
  const { apiVersion, kind, metadata } = object as KubeObject;
  if (!apiVersion || !kind || !metadata?.name) return undefined;
  return {
    kind,
    apiVersion,
    name: metadata.name,
    ...(metadata.namespace ? { namespace: metadata.namespace } : {}),
    ...(metadata.uid ? { uid: metadata.uid } : {}),
    ...(metadata.resourceVersion ? { resourceVersion: metadata.resourceVersion } : {}),
  };
}
