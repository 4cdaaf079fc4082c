// The JSON of an object this server just wrote, for the response: its stored bytes with the
// resourceVersion spliced in cost a copy, where serializing the object again costs a full walk.
import type { KubeObject } from '../../api/object.js';
import { spliceResourceVersion } from '../watch-cache/splice-resource-version.js';

const storedForms = new WeakMap<KubeObject, { readonly value: Uint8Array; readonly revision: number }>();

/** Remembers that `object` (read-only from now on) is `value`, stored at `revision`. */
export function rememberStoredForm(object: KubeObject, value: Uint8Array, revision: number): void {
  storedForms.set(object, { value, revision });
}

/** The compact JSON of an object remembered by rememberStoredForm, or undefined for any other. */
export function writtenJson(object: KubeObject): Buffer | undefined {
  const stored = storedForms.get(object);
  return stored && spliceResourceVersion(stored.value, stored.revision);
}
