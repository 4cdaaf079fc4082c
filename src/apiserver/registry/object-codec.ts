import type { KubeObject } from '../../api/object.js';
import { internalError } from '../../machinery/errors/index.js';
import type { KeyValue } from '../../storage/backend.js';
import { isStaleValue, transformErrorOf } from '../encryption/encrypting-backend.js';
import { CachedObject } from '../watch-cache/cached-object.js';
import { noteMetadataClose } from '../watch-cache/splice-resource-version.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The stored form of an object: its JSON without metadata.resourceVersion, which is not stored but
 * derived from the storage revision on every read (as upstream's etcd3 store does). The text is
 * JSON.stringify's of `{ ...object, metadata }`, written field by field so the offset where the
 * metadata closes is known without a scan (noteMetadataClose).
 */
export function encodeForStorage(object: KubeObject): Uint8Array {
  const { resourceVersion: _rv, ...meta } = object.metadata ?? {};
  const keys = Object.keys(object);
  // A spread appends a key the object lacks.
  if (!Object.hasOwn(object, 'metadata')) keys.push('metadata');
  let head = '{';
  let tail = '';
  let metadataDone = false;
  for (const key of keys) {
    const json =
      key === 'metadata' ? JSON.stringify(meta) : (JSON.stringify(object[key]) as string | undefined);
    if (json === undefined) continue;
    const field = `${head.length > 1 ? ',' : ''}${JSON.stringify(key)}:${json}`;
    if (metadataDone) tail += field;
    else head += field;
    if (key === 'metadata') metadataDone = true;
  }
  const value = encoder.encode(`${head}${tail}}`);
  noteMetadataClose(value, Buffer.byteLength(head) - 1);
  return value;
}

/**
 * Decodes a stored value, setting metadata.resourceVersion from its mod revision. A value that
 * could not be decrypted is a 500 for that object (as upstream's store answers), never a crash;
 * other garbage throws.
 */
export function decodeFromStorage(kv: KeyValue): KubeObject {
  const undecryptable = transformErrorOf(kv);
  if (undecryptable !== undefined) throw internalError(undecryptable);
  const parsed = JSON.parse(decoder.decode(kv.value)) as KubeObject;
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`stored value at ${kv.key} is not an object`);
  }
  parsed.metadata = { ...parsed.metadata, resourceVersion: String(kv.modRevision) };
  return parsed;
}

/** Decodes a stored value into the watch cache's form. */
export function decodeCached(kv: KeyValue): CachedObject {
  return new CachedObject(kv.key, decodeFromStorage(kv), kv.modRevision, kv.value);
}

/**
 * True when the stored value was written with an old encryption key (or before encryption): an
 * update must write it even when nothing changed, which is how `kubectl replace` rotates keys.
 */
export function storedValueIsStale(kv: KeyValue): boolean {
  return isStaleValue(kv);
}
