// Encryption at rest as a layer over the storage Backend, where upstream keeps it (the etcd3 store
// applies the transformer to every value it puts and reads). Everything above — the stores, the
// watch cache, compaction and relists — sees plain values, so no read path can forget to decrypt.

import type {
  Backend,
  DeleteResult,
  GetOptions,
  KeyValue,
  ListOptions,
  ListResult,
  WatchEvent,
  WatchOptions,
  WatchStream,
  WriteResult,
} from '../../storage/backend.js';
import { StorageError } from '../../storage/errors.js';
import type { ValueTransformer } from './value-transformer.js';

/** The transformer for every key under one storage prefix (`/registry/secrets/`). */
export interface StorageTransformer {
  readonly prefix: string;
  readonly transformer: ValueTransformer;
}

/** A value as the encrypting backend hands it out: plain bytes, or why they could not be had. */
export interface TransformedKeyValue extends KeyValue {
  /** Not written with the current write key: an update must re-write it even when unchanged. */
  readonly stale?: boolean;
  /** No configured provider could read the value; `value` holds the stored bytes untouched. */
  readonly transformError?: string;
}

/** True when the value was read with an old key (or unencrypted) and the next write should rotate it. */
export function isStaleValue(kv: KeyValue): boolean {
  return (kv as TransformedKeyValue).stale === true;
}

/** Why a stored value could not be decrypted, or undefined when it was. */
export function transformErrorOf(kv: KeyValue): string | undefined {
  return (kv as TransformedKeyValue).transformError;
}

function overlaps(a: string, b: string): boolean {
  return a.startsWith(b) || b.startsWith(a);
}

/**
 * Wraps `backend` so values under the given prefixes are encrypted on write and decrypted on every
 * read (get, list, watch, write results). A value no provider can read never fails the whole call —
 * a relist of the registry root must survive one bad Secret — but comes back marked with its error
 * for the decoder to turn into an internal error for that object. Without transformers the backend
 * is returned as it is.
 */
export function encryptingBackend(backend: Backend, transformers: readonly StorageTransformer[]): Backend {
  return transformers.length === 0 ? backend : new EncryptingBackend(backend, transformers);
}

class EncryptingBackend implements Backend {
  constructor(
    private readonly backend: Backend,
    private readonly transformers: readonly StorageTransformer[],
  ) {}

  async get(key: string, options?: GetOptions): Promise<KeyValue | undefined> {
    const kv = await this.backend.get(key, options);
    return kv === undefined ? undefined : this.read(kv);
  }

  async list(prefix: string, options?: ListOptions): Promise<ListResult> {
    const result = await this.backend.list(prefix, options);
    if (!this.transformers.some((t) => overlaps(prefix, t.prefix))) return result;
    return { ...result, items: result.items.map((kv) => this.read(kv)) };
  }

  async create(key: string, value: Uint8Array): Promise<WriteResult> {
    const t = this.transformerFor(key);
    if (t === undefined) return this.backend.create(key, value);
    return this.written(await this.backend.create(key, this.encrypt(t, key, value)), value);
  }

  async update(key: string, value: Uint8Array, expectedModRevision: number): Promise<WriteResult> {
    const t = this.transformerFor(key);
    if (t === undefined) return this.backend.update(key, value, expectedModRevision);
    return this.written(
      await this.backend.update(key, this.encrypt(t, key, value), expectedModRevision),
      value,
    );
  }

  async delete(key: string, expectedModRevision?: number): Promise<DeleteResult> {
    const r = await this.backend.delete(key, expectedModRevision);
    if (this.transformerFor(key) === undefined) return r;
    if (r.succeeded) return { ...r, prevKv: this.read(r.prevKv) };
    return r.current === undefined ? r : { ...r, current: this.read(r.current) };
  }

  watch(prefix: string, options?: WatchOptions): WatchStream {
    const inner = this.backend.watch(prefix, options);
    if (!this.transformers.some((t) => overlaps(prefix, t.prefix))) return inner;
    const readBatch = (batch: readonly WatchEvent[]) => this.readBatch(batch);
    return {
      async *[Symbol.asyncIterator]() {
        for await (const batch of inner) yield readBatch(batch);
      },
    };
  }

  compact(revision: number): Promise<void> {
    return this.backend.compact(revision);
  }

  currentRevision(): Promise<number> {
    return this.backend.currentRevision();
  }

  compactedRevision(): Promise<number> {
    return this.backend.compactedRevision();
  }

  close(): Promise<void> {
    return this.backend.close();
  }

  private transformerFor(key: string): ValueTransformer | undefined {
    for (const t of this.transformers) if (key.startsWith(t.prefix)) return t.transformer;
    return undefined;
  }

  private encrypt(t: ValueTransformer, key: string, value: Uint8Array): Uint8Array {
    try {
      // The key is the authenticated data (AES-GCM), as upstream's authenticatedDataString.
      return t.toStorage(value, key);
    } catch (err) {
      throw new StorageError('Corrupt', `unable to transform key ${JSON.stringify(key)}: ${String(err)}`);
    }
  }

  /** The result of a write, carrying the plain value that was written rather than its ciphertext. */
  private written(r: WriteResult, plain: Uint8Array): WriteResult {
    if (!r.succeeded) return r.current === undefined ? r : { ...r, current: this.read(r.current) };
    const kv = { ...r.kv, value: plain };
    return r.prevKv === undefined ? { ...r, kv } : { ...r, kv, prevKv: this.read(r.prevKv) };
  }

  private read(kv: KeyValue): TransformedKeyValue {
    const t = this.transformerFor(kv.key);
    // A delete event's kv has no value to read.
    if (t === undefined || kv.value.length === 0) return kv;
    try {
      const { data, stale } = t.fromStorage(kv.value, kv.key);
      return stale ? { ...kv, value: data, stale } : { ...kv, value: data };
    } catch (err) {
      return { ...kv, transformError: err instanceof Error ? err.message : String(err) };
    }
  }

  private readBatch(batch: readonly WatchEvent[]): readonly WatchEvent[] {
    if (!batch.some((e) => this.transformerFor(e.kv.key) !== undefined)) return batch;
    return batch.map((e) => {
      if (this.transformerFor(e.kv.key) === undefined) return e;
      const kv = this.read(e.kv);
      return e.prevKv === undefined ? { ...e, kv } : { ...e, kv, prevKv: this.read(e.prevKv) };
    });
  }
}
