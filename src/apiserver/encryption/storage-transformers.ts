import type { ResourceType } from '../../api/scheme/resource-type.js';
import type { StorageTransformer } from './encrypting-backend.js';
import type { EncryptionTransformers } from './encryption-config.js';

/**
 * The storage prefixes the configuration covers, each with its transformer. Resources that share
 * a prefix (core and events.k8s.io events, several versions of one resource) share the transformer
 * of the first type listed, as upstream's cohabiting resources share the core group's storage.
 */
export function storageTransformers(
  types: readonly ResourceType[],
  encryption: EncryptionTransformers,
): StorageTransformer[] {
  const seen = new Set<string>();
  const out: StorageTransformer[] = [];
  for (const type of types) {
    if (seen.has(type.storagePrefix)) continue;
    seen.add(type.storagePrefix);
    const gr = { group: type.group, resource: type.resource };
    if (encryption.covers(gr))
      out.push({ prefix: type.storagePrefix, transformer: encryption.transformerFor(gr) });
  }
  return out;
}
