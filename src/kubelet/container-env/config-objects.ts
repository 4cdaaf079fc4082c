// Where the kubelet reads the ConfigMaps and Secrets a pod refers to. Upstream's managers report a
// missing object in the singular (`configmap "x" not found`, `secret "x" not found`) and those words
// reach users through FailedMount events and CreateContainerConfigError, so we report it the same.
import type { ConfigMap, Secret } from 'kubernetes-types/core/v1.js';
import type { KubeClient } from '../../client/index.js';
import { isStatusError, notFound } from '../../machinery/errors/index.js';

/** Reads ConfigMaps and Secrets; a missing object rejects with a NotFound StatusError. */
export interface ConfigObjectSource {
  /** One ConfigMap of `namespace`. */
  configMap(namespace: string, name: string, signal?: AbortSignal): Promise<ConfigMap>;
  /** One Secret of `namespace` (data base64-encoded, as on the wire). */
  secret(namespace: string, name: string, signal?: AbortSignal): Promise<Secret>;
}

const configMapsType = { group: '', version: 'v1', resource: 'configmaps' };
const secretsType = { group: '', version: 'v1', resource: 'secrets' };

async function getOrNotFound<T>(get: () => Promise<T>, singular: string, name: string): Promise<T> {
  try {
    return await get();
  } catch (err) {
    if (isStatusError(err, 'NotFound')) throw notFound({ group: '', resource: singular }, name);
    throw err;
  }
}

/** Reads straight from the API server with `client` (the node's identity may read what its pods use). */
export function apiConfigObjects(client: KubeClient): ConfigObjectSource {
  return {
    configMap: (namespace, name, signal) =>
      getOrNotFound(
        () => client.resource<ConfigMap>(configMapsType).namespace(namespace).get(name, { signal }),
        'configmap',
        name,
      ),
    secret: (namespace, name, signal) =>
      getOrNotFound(
        () => client.resource<Secret>(secretsType).namespace(namespace).get(name, { signal }),
        'secret',
        name,
      ),
  };
}

/** The bytes of every key of a Secret (its data is base64 on the wire). */
export function secretBytes(secret: Secret): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const [k, v] of Object.entries(secret.data ?? {})) out.set(k, Buffer.from(v, 'base64'));
  return out;
}
