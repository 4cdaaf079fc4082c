import type { ResourceType } from '../../api/scheme/resource-type.js';

/** The storage key of one object: <storagePrefix><namespace>/<name>, or <storagePrefix><name> when cluster-scoped. */
export function objectKey(type: ResourceType, namespace: string, name: string): string {
  return type.namespaced ? `${type.storagePrefix}${namespace}/${name}` : `${type.storagePrefix}${name}`;
}

/** The key prefix of a list: one namespace's objects, or every object of the resource. */
export function listPrefix(type: ResourceType, namespace: string): string {
  return type.namespaced && namespace !== '' ? `${type.storagePrefix}${namespace}/` : type.storagePrefix;
}
