import type { IKeyValue } from 'etcd3';
import type { KeyValue } from '../backend.js';
import { StorageError } from '../errors.js';

/** A key range as etcd takes it: [key, rangeEnd). */
export interface EtcdRange {
  readonly key: Buffer;
  readonly rangeEnd: Buffer;
}

// etcd's spelling of "no lower bound" and "no upper bound" in a range.
const zeroKey = Buffer.from([0]);

/**
 * Translates between our string keys and etcd's byte keys under an optional root prefix, so that
 * several stores can share one etcd without seeing each other's keys.
 */
export class EtcdKeyCodec {
  private readonly rootBytes: Buffer;

  /** `root` is prepended to every key on the way in and stripped on the way out. */
  constructor(readonly root: string) {
    if (root.includes('\0')) throw new StorageError('InvalidKey', 'the etcd key prefix must not contain NUL');
    this.rootBytes = Buffer.from(root, 'utf8');
  }

  /** The etcd key for `key`. */
  encode(key: string): Buffer {
    return Buffer.from(this.root + key, 'utf8');
  }

  /** The etcd range holding every key that starts with `prefix`. */
  prefixRange(prefix: string): EtcdRange {
    const start = this.encode(prefix);
    if (start.length === 0) return { key: zeroKey, rangeEnd: zeroKey };
    return { key: start, rangeEnd: bytePrefixEnd(start) };
  }

  /** The etcd range from `startKey` (inclusive) to the end of `prefix`'s range. */
  rangeFrom(startKey: string, prefix: string): EtcdRange {
    const { rangeEnd } = this.prefixRange(prefix);
    return { key: startKey === '' && this.root === '' ? zeroKey : this.encode(startKey), rangeEnd };
  }

  /** A key under the root that no store key can equal (store keys never contain NUL). */
  probeKey(): Buffer {
    return Buffer.concat([this.rootBytes, zeroKey]);
  }

  /** Our key for an etcd key under the root. */
  decodeKey(raw: Buffer): string {
    return raw.toString('utf8').slice(this.root.length);
  }

  /** Our KeyValue for an etcd one; `value` is a plain Uint8Array view, not a Buffer, like other backends. */
  decode(kv: IKeyValue): KeyValue {
    const value = kv.value ?? zeroKey.subarray(0, 0);
    return {
      key: this.decodeKey(kv.key),
      value: new Uint8Array(value.buffer, value.byteOffset, value.byteLength),
      createRevision: Number(kv.create_revision),
      modRevision: Number(kv.mod_revision),
    };
  }
}

/**
 * The smallest byte string above every string starting with `prefix` (etcd orders keys by bytes);
 * etcd's "\0" (no upper bound) when the prefix is all 0xff bytes.
 */
export function bytePrefixEnd(prefix: Buffer): Buffer {
  for (let i = prefix.length - 1; i >= 0; i--) {
    const byte = prefix[i]!;
    if (byte < 0xff) {
      const end = Buffer.from(prefix.subarray(0, i + 1));
      end[i] = byte + 1;
      return end;
    }
  }
  return zeroKey;
}

/** Wraps bytes for etcd without copying. */
export function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
