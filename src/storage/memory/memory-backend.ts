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
} from '../backend.js';
import { decodeContinue, encodeContinue } from '../continue-token.js';
import { compactedError, futureRevisionError, StorageError } from '../errors.js';
import { assertValidKey, assertValidPrefix, assertValidValue } from '../keys.js';
import { WatchHub } from '../watch-hub.js';

/** One entry in a key's history: its value from `revision` on, or a deletion (kv undefined). */
interface Version {
  readonly revision: number;
  readonly kv: KeyValue | undefined;
}

/**
 * A Backend held entirely in process memory, for tests and `--datastore memory`. It keeps every
 * key's version history and the event log until compacted, so past reads and watches behave as
 * on etcd. Nothing survives the process.
 */
export class MemoryBackend implements Backend {
  private revision = 0;
  private compacted = 0;
  private closed = false;
  private readonly history = new Map<string, Version[]>();
  /** Every key that has history, sorted, for prefix scans. */
  private readonly sortedKeys: string[] = [];
  /** Events with revision > compacted - 1, one per revision: log[i] has revision logStart + i. */
  private log: WatchEvent[] = [];
  private logStart = 1;
  private readonly hub = new WatchHub({
    readHistory: (prefix, start) => this.readHistory(prefix, start),
    currentRevision: () => this.revision,
  });

  async get(key: string, options: GetOptions = {}): Promise<KeyValue | undefined> {
    this.assertOpen();
    assertValidKey(key);
    return this.valueAt(key, this.readRevision(options.revision));
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    this.assertOpen();
    assertValidPrefix(prefix);
    let startKey = prefix;
    let revision: number;
    if (options.continue !== undefined && options.continue !== '') {
      const point = decodeContinue(options.continue, prefix);
      revision = this.readRevision(point.revision);
      startKey = point.startKey;
    } else {
      revision = this.readRevision(options.revision);
    }
    const limit = options.limit !== undefined && options.limit > 0 ? options.limit : Infinity;
    const items: KeyValue[] = [];
    let count = 0;
    let next: string | undefined;
    for (let i = lowerBound(this.sortedKeys, startKey); i < this.sortedKeys.length; i++) {
      const key = this.sortedKeys[i]!;
      if (!key.startsWith(prefix)) break;
      const kv = this.valueAt(key, revision);
      if (kv === undefined) continue;
      count++;
      if (options.countOnly) continue;
      if (items.length < limit) items.push(kv);
      else if (next === undefined) next = key;
    }
    const result: ListResult = { items, revision, count };
    return next === undefined
      ? result
      : { ...result, continue: encodeContinue({ revision, startKey: next }) };
  }

  async create(key: string, value: Uint8Array): Promise<WriteResult> {
    this.assertOpen();
    assertValidKey(key);
    assertValidValue(key, value);
    const current = this.latest(key);
    if (current !== undefined) return { succeeded: false, current };
    const revision = this.revision + 1;
    const kv: KeyValue = { key, value: copy(value), createRevision: revision, modRevision: revision };
    this.commit(key, kv, { type: 'put', kv });
    return { succeeded: true, kv };
  }

  async update(key: string, value: Uint8Array, expectedModRevision: number): Promise<WriteResult> {
    this.assertOpen();
    assertValidKey(key);
    assertValidValue(key, value);
    const current = this.latest(key);
    if (current === undefined || current.modRevision !== expectedModRevision)
      return { succeeded: false, current };
    const revision = this.revision + 1;
    const kv: KeyValue = {
      key,
      value: copy(value),
      createRevision: current.createRevision,
      modRevision: revision,
    };
    this.commit(key, kv, { type: 'put', kv, prevKv: current });
    return { succeeded: true, kv, prevKv: current };
  }

  async delete(key: string, expectedModRevision?: number): Promise<DeleteResult> {
    this.assertOpen();
    assertValidKey(key);
    const current = this.latest(key);
    if (current === undefined) return { succeeded: false };
    if (expectedModRevision !== undefined && current.modRevision !== expectedModRevision) {
      return { succeeded: false, current };
    }
    const revision = this.revision + 1;
    const tombstone: KeyValue = { key, value: new Uint8Array(0), createRevision: 0, modRevision: revision };
    this.commit(key, undefined, { type: 'delete', kv: tombstone, prevKv: current });
    return { succeeded: true, revision, prevKv: current };
  }

  watch(prefix: string, options: WatchOptions = {}): WatchStream {
    this.assertOpen();
    assertValidPrefix(prefix);
    return this.hub.open(prefix, options);
  }

  async compact(revision: number): Promise<void> {
    this.assertOpen();
    if (revision <= this.compacted) return;
    if (revision > this.revision) throw futureRevisionError(revision, this.revision);
    for (let i = 0; i < this.sortedKeys.length;) {
      const key = this.sortedKeys[i]!;
      const versions = this.history.get(key)!;
      // Keep the version visible at `revision` and everything newer; drop what nothing can read.
      let keepFrom = 0;
      for (let v = versions.length - 1; v >= 0; v--) {
        if (versions[v]!.revision <= revision) {
          keepFrom = versions[v]!.kv === undefined ? v + 1 : v;
          break;
        }
      }
      if (keepFrom > 0) versions.splice(0, keepFrom);
      if (versions.length === 0) {
        this.history.delete(key);
        this.sortedKeys.splice(i, 1);
      } else {
        i++;
      }
    }
    this.log = this.log.slice(revision - this.logStart);
    this.logStart = revision;
    this.compacted = revision;
  }

  async currentRevision(): Promise<number> {
    this.assertOpen();
    return this.revision;
  }

  async compactedRevision(): Promise<number> {
    this.assertOpen();
    return this.compacted;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.hub.closeAll();
  }

  private commit(key: string, kv: KeyValue | undefined, event: WatchEvent): void {
    this.revision++;
    let versions = this.history.get(key);
    if (versions === undefined) {
      versions = [];
      this.history.set(key, versions);
      this.sortedKeys.splice(lowerBound(this.sortedKeys, key), 0, key);
    }
    versions.push({ revision: this.revision, kv });
    this.log.push(event);
    this.hub.publish([event]);
  }

  private latest(key: string): KeyValue | undefined {
    const versions = this.history.get(key);
    return versions?.[versions.length - 1]?.kv;
  }

  private valueAt(key: string, revision: number): KeyValue | undefined {
    const versions = this.history.get(key);
    if (versions === undefined) return undefined;
    for (let v = versions.length - 1; v >= 0; v--) {
      if (versions[v]!.revision <= revision) return versions[v]!.kv;
    }
    return undefined;
  }

  private readRevision(requested: number | undefined): number {
    if (requested === undefined || requested <= 0) return this.revision;
    if (requested < this.compacted) throw compactedError(requested, this.compacted);
    if (requested > this.revision) throw futureRevisionError(requested, this.revision);
    return requested;
  }

  private readHistory(prefix: string, start: number): readonly WatchEvent[] {
    if (start < this.compacted) throw compactedError(start, this.compacted);
    const from = Math.max(start, this.logStart) - this.logStart;
    return this.log.slice(from).filter((e) => e.kv.key.startsWith(prefix));
  }

  private assertOpen(): void {
    if (this.closed) throw new StorageError('Closed', 'the memory datastore is closed');
  }
}

function copy(value: Uint8Array): Uint8Array {
  return new Uint8Array(value);
}

/** Index of the first element ≥ `key` in a sorted array. */
function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
