import type { ApiObject } from '../client/index.js';

/** The cache key of an object: "namespace/name", or "name" for cluster-scoped objects. */
export function objectKey(object: ApiObject): string {
  const meta = object.metadata;
  const name = meta?.name;
  if (name === undefined || name === '') throw new TypeError('Cannot key an object without metadata.name');
  return meta?.namespace ? `${meta.namespace}/${name}` : name;
}

/** The cache key for a namespace and name ("" namespace for cluster-scoped objects). */
export function keyFor(namespace: string, name: string): string {
  return namespace === '' ? name : `${namespace}/${name}`;
}

/** Splits a cache key into namespace ("" when cluster-scoped) and name. */
export function splitKey(key: string): { namespace: string; name: string } {
  const slash = key.indexOf('/');
  return slash < 0
    ? { namespace: '', name: key }
    : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}
