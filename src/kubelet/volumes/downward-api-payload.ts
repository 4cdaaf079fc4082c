// The files of a downwardAPI volume (and of a projected downwardAPI source): pod metadata fields
// and container resource fields, each at its path with its mode.
import type { DownwardAPIVolumeFile, Pod } from 'kubernetes-types/core/v1.js';
import { posix } from 'node:path';
import { objectFieldValue } from '../container-env/object-field-path.js';
import { podResourceFieldValue, type ResourceQuantities } from '../container-env/resource-field-value.js';
import { AggregateMessageError, messageOf } from './aggregate-error.js';
import type { FileProjection } from './atomic-writer.js';

/** Collects every item's value; throws an aggregate of all failing items (upstream's CollectData). */
export function downwardApiPayload(
  items: readonly DownwardAPIVolumeFile[] | undefined,
  pod: Pod,
  nodeAllocatable: ResourceQuantities,
  defaultMode: number,
): Map<string, FileProjection> {
  const payload = new Map<string, FileProjection>();
  const errors: string[] = [];
  for (const item of items ?? []) {
    let value = '';
    try {
      if (item.fieldRef) value = objectFieldValue(pod, item.fieldRef.fieldPath);
      else if (item.resourceFieldRef)
        value = podResourceFieldValue(item.resourceFieldRef, pod, nodeAllocatable);
    } catch (err) {
      errors.push(messageOf(err));
    }
    payload.set(posix.normalize(item.path), {
      data: Buffer.from(value, 'utf8'),
      mode: item.mode ?? defaultMode,
    });
  }
  if (errors.length > 0) throw new AggregateMessageError(errors);
  return payload;
}
