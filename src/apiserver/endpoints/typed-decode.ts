import { isPlainObject, type KubeObject } from '../../api/object.js';
import type { ServedResource } from './served-resource.js';

// ObjectMeta's collections are all `omitempty`: once decoded into upstream's typed struct and
// encoded again, an empty one is gone.
const omitEmptyMetadata = ['labels', 'annotations', 'finalizers', 'ownerReferences'];

/**
 * What decoding a written object into upstream's typed structs does beyond defaulting, applied to
 * the final object of a create, update, patch or apply: a core/v1 Secret's write-only `stringData`
 * is folded into `data` (base64, overwriting keys present in both) and dropped, as the conversion
 * to the internal type does; and empty metadata maps and lists (a label map emptied by
 * `kubectl label x-`) disappear, as Go's omitempty makes them.
 */
export function finishTypedDecode(served: ServedResource, object: KubeObject): void {
  const meta = object.metadata as Record<string, unknown> | undefined;
  if (isPlainObject(meta)) {
    for (const field of omitEmptyMetadata) {
      const value = meta[field];
      if (
        (Array.isArray(value) && value.length === 0) ||
        (isPlainObject(value) && Object.keys(value).length === 0)
      )
        delete meta[field];
    }
  }
  if (served.type.group === '' && served.type.kind === 'Secret') foldSecretStringData(object);
}

function foldSecretStringData(object: KubeObject): void {
  if (!('stringData' in object)) return;
  const stringData = object['stringData'];
  delete object['stringData'];
  if (!isPlainObject(stringData) || Object.keys(stringData).length === 0) return;
  const data = isPlainObject(object['data']) ? object['data'] : (object['data'] = {});
  for (const [key, value] of Object.entries(stringData)) {
    data[key] = Buffer.from(typeof value === 'string' ? value : '', 'utf8').toString('base64');
  }
}
