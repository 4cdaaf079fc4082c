import type { KubeObject } from '../../api/object.js';
import { spliceResourceVersion } from './splice-resource-version.js';

/**
 * One object as the watch cache holds it: decoded once, with metadata.resourceVersion set, and
 * encoded as JSON at most once however many lists and watchers send it. Treat as read-only.
 */
export class CachedObject {
  private encoded: Buffer | undefined;

  constructor(
    readonly key: string,
    readonly object: KubeObject,
    /** The storage revision of this state (its resourceVersion). */
    readonly revision: number,
    /**
     * The stored bytes `object` was decoded from (or encoded to), when known: its JSON is then
     * those bytes with the resourceVersion spliced in, made now while they are at hand.
     */
    stored?: Uint8Array,
  ) {
    if (stored !== undefined) this.encoded = spliceResourceVersion(stored, revision);
  }

  /** The object's compact JSON as UTF-8 bytes, shared by every response that sends it. */
  bytes(): Buffer {
    this.encoded ??= Buffer.from(JSON.stringify(this.object));
    return this.encoded;
  }
}

/** A change the cache observed. For DELETED, `object` is the last state with the deletion's revision. */
export interface CacheEvent {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly object: CachedObject;
  /** The state before this event (MODIFIED, DELETED): decides selector transitions. */
  readonly previous?: CachedObject;
  readonly revision: number;
}
