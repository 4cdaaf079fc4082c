import type { KubeObject } from '../../api/object.js';

/**
 * One object as the watch cache holds it: decoded once, with metadata.resourceVersion set, and
 * serialized to JSON at most once however many lists and watchers send it. Treat as read-only.
 */
export class CachedObject {
  private serialized: string | undefined;

  constructor(
    readonly key: string,
    readonly object: KubeObject,
    /** The storage revision of this state (its resourceVersion). */
    readonly revision: number,
  ) {}

  /** The object's compact JSON text. */
  json(): string {
    this.serialized ??= JSON.stringify(this.object);
    return this.serialized;
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
