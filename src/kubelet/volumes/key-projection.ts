// The files of configMap and secret volumes (and of their projected forms): every key under its
// own name with defaultMode, or only the listed items at their paths with their own modes; a
// listed key that is missing fails the volume unless the source is optional.
import type { ConfigMap, KeyToPath, Secret } from 'kubernetes-types/core/v1.js';
import { secretBytes } from '../container-env/config-objects.js';
import type { FileProjection } from './atomic-writer.js';

/** The mode of volume files when the pod spec names none (the API's default, 0644). */
export const defaultVolumeFileMode = 0o644;

function project(
  data: ReadonlyMap<string, Uint8Array>,
  items: readonly KeyToPath[] | undefined,
  defaultMode: number,
  optional: boolean,
  missingKey: (key: string) => string,
): Map<string, FileProjection> {
  const payload = new Map<string, FileProjection>();
  if (items === undefined || items.length === 0) {
    for (const [key, bytes] of data) payload.set(key, { data: bytes, mode: defaultMode });
    return payload;
  }
  for (const item of items) {
    const bytes = data.get(item.key);
    if (bytes === undefined) {
      if (optional) continue;
      throw new Error(missingKey(item.key));
    }
    payload.set(item.path, { data: bytes, mode: item.mode ?? defaultMode });
  }
  return payload;
}

/** The files of a configMap source (`data` as UTF-8, `binaryData` decoded). */
export function configMapPayload(
  configMap: ConfigMap,
  items: readonly KeyToPath[] | undefined,
  defaultMode: number,
  optional: boolean,
): Map<string, FileProjection> {
  const data = new Map<string, Uint8Array>();
  for (const [k, v] of Object.entries(configMap.data ?? {})) data.set(k, Buffer.from(v, 'utf8'));
  // A key in both maps is rejected by validation; upstream prefers `data` when looking one up.
  for (const [k, v] of Object.entries(configMap.binaryData ?? {})) {
    if (!data.has(k)) data.set(k, Buffer.from(v, 'base64'));
  }
  return project(
    data,
    items,
    defaultMode,
    optional,
    (key) => `configmap references non-existent config key: ${key}`,
  );
}

/** The files of a secret source. */
export function secretPayload(
  secret: Secret,
  items: readonly KeyToPath[] | undefined,
  defaultMode: number,
  optional: boolean,
): Map<string, FileProjection> {
  return project(
    secretBytes(secret),
    items,
    defaultMode,
    optional,
    (key) => `references non-existent secret key: ${key}`,
  );
}
