/**
 * The revisioned key-value store every apiserver write lands in, with etcd v3 semantics.
 *
 * There are only a few ideas: one global revision that every write advances by exactly one; each
 * key's current value carries the revision that created it and the one that last changed it; writes
 * are guarded by the expected mod revision (compare-and-swap); history is kept until compacted, so
 * reads and watches may start at any revision after the compaction point.
 */

/** One stored key at one revision. */
export interface KeyValue {
  readonly key: string;
  readonly value: Uint8Array;
  /** Revision of the write that created the key (0 for a delete event's kv). */
  readonly createRevision: number;
  /** Revision of the last write to the key. */
  readonly modRevision: number;
}

/** Read a single key, optionally as it was at a past revision. */
export interface GetOptions {
  readonly revision?: number;
}

/** List keys under a prefix, optionally at a past revision and in pages. */
export interface ListOptions {
  /** Read at this revision (default: current). Ignored when `continue` is given: the token pins it. */
  readonly revision?: number;
  /** At most this many items (0 or absent: all). */
  readonly limit?: number;
  /** Token from a previous page's `continue`. */
  readonly continue?: string;
  /** Return only `count` (and `revision`), no items. */
  readonly countOnly?: boolean;
}

/** One page of a prefix list. */
export interface ListResult {
  readonly items: readonly KeyValue[];
  /** The revision the list was read at; later pages of the same list read at it too. */
  readonly revision: number;
  /** Number of keys from the first item of this page to the end of the prefix (like etcd's count). */
  readonly count: number;
  /** Set when more keys follow; pass it back as `ListOptions.continue`. */
  readonly continue?: string;
}

/** Outcome of a guarded write: either it took effect, or it did not and says why with the current value. */
export type WriteResult =
  | { readonly succeeded: true; readonly kv: KeyValue; readonly prevKv?: KeyValue }
  | { readonly succeeded: false; readonly current?: KeyValue };

/** Outcome of a guarded delete: the deleted value, or the current value that failed the guard. */
export type DeleteResult =
  | { readonly succeeded: true; readonly revision: number; readonly prevKv: KeyValue }
  | { readonly succeeded: false; readonly current?: KeyValue };

/** A change to one key. Deletes carry the deleted value in `prevKv` and an empty `kv.value`. */
export interface WatchEvent {
  readonly type: 'put' | 'delete';
  readonly kv: KeyValue;
  /** The value before this event; absent for the creation of a key. */
  readonly prevKv?: KeyValue;
}

/** Where and from when to watch. */
export interface WatchOptions {
  /**
   * Deliver every event with revision ≥ startRevision, then live ones (etcd's start_revision).
   * Absent or 0: only events after the current revision.
   */
  readonly startRevision?: number;
  /** Aborting ends the watch: the iterator finishes without error. */
  readonly signal?: AbortSignal;
}

/**
 * A stream of event batches in revision order. Every event after the start revision is delivered
 * exactly once. It ends with a thrown StorageError when the backend can no longer follow (e.g. the
 * start revision is compacted), and ends cleanly when aborted or when the backend closes.
 */
export type WatchStream = AsyncIterable<readonly WatchEvent[]>;

/** The storage contract. Keys are non-empty strings without NUL; values at most `maxValueBytes`. */
export interface Backend {
  /** The key's value (at `revision` if given), or undefined if absent. Throws Compacted/FutureRevision. */
  get(key: string, options?: GetOptions): Promise<KeyValue | undefined>;
  /** Keys starting with `prefix`, in key order. Throws Compacted/FutureRevision/InvalidContinue. */
  list(prefix: string, options?: ListOptions): Promise<ListResult>;
  /** Creates the key; fails (with the current value) if it exists. */
  create(key: string, value: Uint8Array): Promise<WriteResult>;
  /** Replaces the value if the key's modRevision equals `expectedModRevision`. */
  update(key: string, value: Uint8Array, expectedModRevision: number): Promise<WriteResult>;
  /** Deletes the key, guarded by `expectedModRevision` when given. */
  delete(key: string, expectedModRevision?: number): Promise<DeleteResult>;
  /** Watches keys starting with `prefix`. */
  watch(prefix: string, options?: WatchOptions): WatchStream;
  /** Forgets history before `revision`: reads and watches below it fail with Compacted. */
  compact(revision: number): Promise<void>;
  /** The newest revision (0 in an empty store). */
  currentRevision(): Promise<number>;
  /** The revision of the last compaction: reads below it fail, reads at it succeed (0 when never). */
  compactedRevision(): Promise<number>;
  /** Releases files, connections and ends every watch. */
  close(): Promise<void>;
}

/** Largest value a backend accepts: etcd's default request limit of 1.5 MiB, less room for the key. */
export const maxValueBytes = 1536 * 1024 - 4096;
