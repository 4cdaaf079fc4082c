import type { KubeObject } from '../object.js';
import type { GroupVersionKind } from '../scheme/resource-type.js';

/** How one served group/version/kind converts to and from the version its objects are stored in. */
export interface ConversionPair {
  readonly served: GroupVersionKind;
  readonly storageApiVersion: string;
  /** A new object in the storage version; the input is left untouched. */
  toStorage(object: KubeObject): KubeObject;
  /** A new object in the served version from a stored one; the input is left untouched. */
  fromStorage(object: KubeObject): KubeObject;
}

/** A deep copy with apiVersion and kind set, leading as they do in every object. */
export function retag(object: KubeObject, apiVersion: string, kind: string): KubeObject {
  const { apiVersion: _apiVersion, kind: _kind, ...rest } = structuredClone(object);
  return { apiVersion, kind, ...rest };
}

/** A deep copy of a wire object typed as the kind-specific interface the caller knows it to be. */
export function copyAs<T>(object: KubeObject): T {
  return structuredClone(object) as unknown as T;
}
