import path from 'node:path';
import type Database from 'better-sqlite3';
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
import type { WriteOp, WriteOpResult } from './apply-writes.js';
import { applyWrites } from './apply-writes.js';
import type { CompactionClock } from './compaction-schedule.js';
import { CompactionSchedule, systemClock } from './compaction-schedule.js';
import { LogPurger } from './log-purger.js';
import { LogQueries, utf8PrefixEnd } from './queries.js';
import { metaKeys, openLog } from './schema.js';
import { toStorageError } from './sqlite-errors.js';
import { WalSync } from './wal-sync.js';
import { WriteBatcher } from './write-batcher.js';

/** Automatic compaction settings; every field has a default. */
export interface SqliteCompactionOptions {
  /** How often the compactor looks (default 60 s). */
  readonly intervalMs?: number;
  /** History kept, as a time window (default 5 minutes, the apiserver's compaction interval). */
  readonly retainMs?: number;
  /** Most log rows looked at per purge transaction (default 1000); smaller when transactions run long. */
  readonly batchSize?: number;
}

/** How to open a SQLite backend. */
export interface SqliteBackendOptions {
  /** The database file; created when absent. */
  readonly path: string;
  /** Automatic compaction (on by default); `false` turns it off, leaving only explicit compact(). */
  readonly compaction?: SqliteCompactionOptions | false;
  /** Time source for automatic compaction (default: the system clock). */
  readonly clock?: CompactionClock;
}

/** A snapshot of the backend's state, for tests, metrics and debugging. */
export interface SqliteBackendStats {
  readonly file: string;
  readonly revision: number;
  readonly compactedRevision: number;
  /** Every log row with id ≤ this has been purged if dead. */
  readonly compactedThrough: number;
  /** Rows in the log table (counted, so it costs a scan). */
  readonly rows: number;
  /** Writes waiting for their group commit. */
  readonly pendingWrites: number;
  /** The last automatic compaction's failure, if the last one failed. */
  readonly lastCompactionError?: unknown;
}

const defaultIntervalMs = 60_000;
const defaultRetainMs = 5 * 60_000;
const defaultBatchSize = 1000;

/**
 * The default datastore: a kine-style revision log in one SQLite file (WAL; each group commit's
 * WAL synced before it is acknowledged, see wal-sync.ts), owned
 * exclusively by one process. Writes are group-committed: every write resolves only after the
 * transaction holding it is durable, and its events are published to watchers from that commit.
 */
export class SqliteBackend implements Backend {
  private readonly file: string;
  private readonly db: Database.Database;
  private readonly queries: LogQueries;
  private readonly hub: WatchHub;
  private readonly batcher: WriteBatcher<WriteOp, WriteOpResult>;
  private readonly purger: LogPurger;
  private readonly schedule: CompactionSchedule | undefined;
  private readonly wal: WalSync;
  /** The revision of the last commit (new writes are numbered after it). */
  private revision: number;
  /**
   * The revision of the last commit known to be on disk: what reads, watches and clients see, so
   * nobody observes a write a power cut could still take back.
   */
  private durableRevision: number;
  /** Commits whose WAL sync is pending: their events go out once it completes. */
  private unpublished: { readonly revision: number; readonly events: readonly WatchEvent[] }[] = [];
  private compactRevision: number;
  private closing: Promise<void> | undefined;

  /**
   * Opens (or creates) the datastore at `options.path`. Throws StorageError Locked when another
   * process or connection owns the file, Corrupt when it is garbage or a foreign SQLite database
   * (the file is left untouched), Unavailable when it cannot be opened at all.
   */
  static async open(options: SqliteBackendOptions): Promise<SqliteBackend> {
    return new SqliteBackend(options);
  }

  private constructor(options: SqliteBackendOptions) {
    this.file = path.resolve(options.path);
    const opened = openLog(this.file);
    this.db = opened.db;
    this.revision = opened.revision;
    this.durableRevision = opened.revision;
    this.wal = new WalSync(this.file);
    this.compactRevision = opened.compactRevision;
    this.queries = new LogQueries(this.db);
    this.hub = new WatchHub({
      readHistory: (prefix, start) => this.readHistory(prefix, start),
      currentRevision: () => this.durableRevision,
    });
    this.batcher = new WriteBatcher<WriteOp, WriteOpResult>({
      commit: (ops) => this.commitGroup(ops),
      durable: () => this.makeDurable(),
      weigh: (op) => op.key.length + (op.kind === 'delete' ? 0 : op.value.byteLength),
    });
    const compaction = options.compaction === false ? undefined : (options.compaction ?? {});
    this.purger = new LogPurger({
      queries: this.queries,
      batchSize: compaction?.batchSize ?? defaultBatchSize,
      compactedThrough: opened.compactedThrough,
    });
    // A purge cut short by a crash or close picks up where it stopped.
    if (opened.compactedThrough < this.compactRevision - 1) {
      // Nobody awaits this one; a failure leaves the rows for the next compaction to retry.
      this.purger.purge(this.compactRevision).catch(() => undefined);
    }
    if (compaction !== undefined) {
      this.schedule = new CompactionSchedule({
        clock: options.clock ?? systemClock,
        intervalMs: compaction.intervalMs ?? defaultIntervalMs,
        retainMs: compaction.retainMs ?? defaultRetainMs,
        currentRevision: () => this.durableRevision,
        compactedRevision: () => this.compactRevision,
        compact: (revision) => this.compact(revision),
      });
      this.schedule.start();
    }
  }

  async get(key: string, options: GetOptions = {}): Promise<KeyValue | undefined> {
    assertValidKey(key);
    this.assertOpen();
    const revision = this.readRevision(options.revision);
    const row = this.read(() => this.queries.latest(key, revision));
    if (row === undefined || row.deleted) return undefined;
    return { key, value: row.value, createRevision: row.createRevision, modRevision: row.id };
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    assertValidPrefix(prefix);
    this.assertOpen();
    let revision: number;
    let start = prefix;
    if (options.continue !== undefined) {
      const point = decodeContinue(options.continue, prefix);
      revision = this.readRevision(point.revision);
      start = point.startKey;
    } else {
      revision = this.readRevision(options.revision);
    }
    const end = utf8PrefixEnd(prefix);
    if (options.countOnly) {
      return { items: [], revision, count: this.read(() => this.queries.countLive(start, end, revision)) };
    }
    const limit = options.limit !== undefined && options.limit >= 1 ? Math.floor(options.limit) : undefined;
    // One row past the page tells whether another page follows, and which key it starts at.
    const rows = this.read(() =>
      this.queries.page(start, end, revision, limit === undefined ? -1 : limit + 1),
    );
    if (limit === undefined || rows.length <= limit) return { items: rows, revision, count: rows.length };
    const next = rows[limit]!.key;
    rows.length = limit;
    return {
      items: rows,
      revision,
      count: this.read(() => this.queries.countLive(start, end, revision)),
      continue: encodeContinue({ revision, startKey: next }),
    };
  }

  async create(key: string, value: Uint8Array): Promise<WriteResult> {
    assertValidKey(key);
    assertValidValue(key, value);
    this.assertOpen();
    // Copied, so a caller reusing its buffer before the group commits cannot change what is written.
    return (await this.batcher.submit({ kind: 'create', key, value: new Uint8Array(value) })) as WriteResult;
  }

  async update(key: string, value: Uint8Array, expectedModRevision: number): Promise<WriteResult> {
    assertValidKey(key);
    assertValidValue(key, value);
    this.assertOpen();
    const op: WriteOp = { kind: 'update', key, value: new Uint8Array(value), expected: expectedModRevision };
    return (await this.batcher.submit(op)) as WriteResult;
  }

  async delete(key: string, expectedModRevision?: number): Promise<DeleteResult> {
    assertValidKey(key);
    this.assertOpen();
    return (await this.batcher.submit({
      kind: 'delete',
      key,
      expected: expectedModRevision,
    })) as DeleteResult;
  }

  watch(prefix: string, options?: WatchOptions): WatchStream {
    assertValidPrefix(prefix);
    this.assertOpen();
    return this.hub.open(prefix, options);
  }

  async compact(revision: number): Promise<void> {
    this.assertOpen();
    // Stored in the meta table and read back at open, so only a real revision may get there.
    if (!Number.isSafeInteger(revision)) throw new RangeError(`compact: ${revision} is not a revision`);
    if (revision > this.durableRevision) throw futureRevisionError(revision, this.durableRevision);
    // Compacting at or below the current point has nothing left to forget.
    if (revision > this.compactRevision) {
      // Durable before anyone is told: a restart must not make compacted revisions readable again.
      this.write(() => this.queries.setMeta(metaKeys.compactRevision, revision));
      try {
        await this.wal.sync();
      } catch (err) {
        throw toStorageError(err, this.file, 'cannot compact');
      }
      this.compactRevision = Math.max(this.compactRevision, revision);
    }
    try {
      await this.purger.purge(this.compactRevision);
    } catch (err) {
      throw toStorageError(err, this.file, 'cannot compact');
    }
  }

  async currentRevision(): Promise<number> {
    this.assertOpen();
    return this.durableRevision;
  }

  async compactedRevision(): Promise<number> {
    this.assertOpen();
    return this.compactRevision;
  }

  /** Counters and positions of this store (counts the log's rows, so not for hot paths). */
  stats(): SqliteBackendStats {
    this.assertOpen();
    return {
      file: this.file,
      revision: this.durableRevision,
      compactedRevision: this.compactRevision,
      compactedThrough: this.purger.compactedThrough,
      rows: this.read(() => this.queries.rowCount()),
      pendingWrites: this.batcher.pending,
      ...(this.schedule?.error === undefined ? {} : { lastCompactionError: this.schedule.error }),
    };
  }

  /** Resolves once any compaction in progress (automatic, explicit or resumed) has finished. */
  async compactionIdle(): Promise<void> {
    await this.schedule?.idle();
    await this.purger.idle();
  }

  /** Finishes queued writes, stops compaction after its current batch, ends every watch, closes the file. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all([this.purger.stop(), this.schedule?.stop()]);
      await this.batcher.drain();
      this.hub.closeAll();
      this.db.close();
    })();
    return this.closing;
  }

  /** Commits one group of writes (called by the batcher), then publishes its events. */
  private commitGroup(ops: readonly WriteOp[]): readonly WriteOpResult[] {
    const applied = this.write(() =>
      this.queries.transaction(() => applyWrites(this.queries, ops, this.revision)),
    );
    this.revision = applied.revision;
    this.unpublished.push({ revision: applied.revision, events: applied.events });
    return applied.results;
  }

  /** Syncs the WAL, then makes every commit before the sync visible: events out, reads at its revision. */
  private async makeDurable(): Promise<void> {
    const commits = this.unpublished;
    this.unpublished = [];
    const last = commits.at(-1);
    if (last === undefined) return;
    try {
      await this.wal.sync();
    } catch (err) {
      // Committed but not known to be on disk: the rows are there for reads, but watchers, which
      // would otherwise miss these events, must start over.
      this.durableRevision = Math.max(this.durableRevision, last.revision);
      this.hub.failAll(
        new StorageError('Unavailable', `cannot sync ${this.file}: ${String(err)}`, { cause: err }),
      );
      throw toStorageError(err, this.file, 'cannot write');
    }
    this.durableRevision = Math.max(this.durableRevision, last.revision);
    try {
      for (const c of commits) this.hub.publish(c.events);
    } catch (err) {
      // The writes are durable and must be reported so; watchers that missed events restart instead.
      this.hub.failAll(
        new StorageError('Unavailable', `watch delivery failed: ${String(err)}`, { cause: err }),
      );
    }
  }

  private readHistory(prefix: string, start: number): readonly WatchEvent[] {
    if (start < this.compactRevision) throw compactedError(start, this.compactRevision);
    // Only what has been published: later commits reach the watch when their sync completes.
    const durable = this.durableRevision;
    const events = this.read(() => this.queries.events(start, prefix, utf8PrefixEnd(prefix)));
    return events.at(-1) !== undefined && events.at(-1)!.kv.modRevision > durable
      ? events.filter((e) => e.kv.modRevision <= durable)
      : events;
  }

  private readRevision(requested: number | undefined): number {
    if (requested === undefined || requested === 0) return this.durableRevision;
    if (requested > this.durableRevision) throw futureRevisionError(requested, this.durableRevision);
    if (requested < this.compactRevision) throw compactedError(requested, this.compactRevision);
    return requested;
  }

  private assertOpen(): void {
    if (this.closing !== undefined) throw new StorageError('Closed', `the datastore ${this.file} is closed`);
  }

  private read<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      throw toStorageError(err, this.file, 'cannot read');
    }
  }

  private write<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      throw toStorageError(err, this.file, 'cannot write');
    }
  }
}
