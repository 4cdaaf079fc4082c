import type { KubeObject } from '../../api/object.js';
import type { KeyValue } from '../../storage/backend.js';
import { CachedObject } from '../watch-cache/cached-object.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The stored form of an object: its JSON without metadata.resourceVersion, which is not stored but
 * derived from the storage revision on every read (as upstream's etcd3 store does).
 */
export function encodeForStorage(object: KubeObject): Uint8Array {
  const { resourceVersion: _rv, ...meta } = object.metadata ?? {};
  return encoder.encode(JSON.stringify({ ...object, metadata: meta }));
}

/** Decodes a stored value, setting metadata.resourceVersion from its mod revision; throws on garbage. */
export function decodeFromStorage(kv: KeyValue): KubeObject {
  const parsed = JSON.parse(decoder.decode(kv.value)) as KubeObject;
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`stored value at ${kv.key} is not an object`);
  }
  parsed.metadata = { ...parsed.metadata, resourceVersion: String(kv.modRevision) };
  return parsed;
}

/** Decodes a stored value into the watch cache's form. */
export function decodeCached(kv: KeyValue): CachedObject {
  return new CachedObject(kv.key, decodeFromStorage(kv), kv.modRevision);
}
