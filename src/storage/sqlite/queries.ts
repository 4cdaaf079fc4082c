import type Database from 'better-sqlite3';
import type { KeyValue, WatchEvent } from '../backend.js';
import { logTable, metaTable } from './schema.js';

/** The newest row of one key, as the write path needs it to evaluate a compare-and-swap. */
export interface LatestRow {
  readonly id: number;
  readonly deleted: boolean;
  readonly createRevision: number;
  readonly value: Uint8Array;
}

/** One row to append to the log; `id` is the revision of the write. */
export interface LogRow {
  readonly id: number;
  readonly name: string;
  readonly created: boolean;
  readonly deleted: boolean;
  readonly createRevision: number;
  readonly prevRevision: number;
  readonly value: Uint8Array;
  readonly oldValue: Uint8Array | null;
}

/** A row the purge looks at: its predecessor is superseded by it; a tombstone is itself disposable. */
export interface PurgeCandidate {
  readonly id: number;
  readonly prevRevision: number;
  readonly deleted: boolean;
}

/** The empty value of a delete row and of a delete event's kv. */
export const emptyValue: Uint8Array = new Uint8Array(0);

/**
 * The smallest string above every string starting with `prefix`, in the order SQLite's BINARY
 * collation compares TEXT (UTF-8 bytes, i.e. code points), or undefined when there is none. keys.ts's
 * prefixEnd works in UTF-16 code units, which sorts differently above U+FFFF, so it cannot be used here.
 */
export function utf8PrefixEnd(prefix: string): string | undefined {
  const points = Array.from(prefix);
  while (points.length > 0) {
    const last = points.pop()!.codePointAt(0)!;
    if (last < 0x10ffff) {
      // Skip the surrogate range: those are not code points a UTF-8 string can hold.
      const next = last + 1 === 0xd800 ? 0xe000 : last + 1;
      return points.join('') + String.fromCodePoint(next);
    }
  }
  return undefined;
}

type Stmt = Database.Statement;

/** Prepares a statement in two variants: bounded above by `name < @hi`, and unbounded (empty prefix). */
function ranged(db: Database.Database, sql: (upper: string) => string): { bounded: Stmt; open: Stmt } {
  return { bounded: db.prepare(sql('AND name < @hi')), open: db.prepare(sql('')) };
}

/** Every statement the backend runs, prepared once; all are synchronous, as better-sqlite3 is. */
export class LogQueries {
  private readonly latestStmt: Stmt;
  private readonly getAtStmt: Stmt;
  private readonly insertStmt: Stmt;
  private readonly pageStmts: { bounded: Stmt; open: Stmt };
  private readonly countStmts: { bounded: Stmt; open: Stmt };
  private readonly historyStmts: { bounded: Stmt; open: Stmt };
  private readonly setMetaStmt: Stmt;
  private readonly purgeScanStmt: Stmt;
  private readonly deleteRowStmt: Stmt;
  private readonly rowCountStmt: Stmt;

  constructor(private readonly db: Database.Database) {
    this.latestStmt = db
      .prepare(
        `SELECT id, deleted, create_revision, value FROM ${logTable} WHERE name = ? ORDER BY id DESC LIMIT 1`,
      )
      .raw(true);
    this.getAtStmt = db
      .prepare(
        `SELECT id, deleted, create_revision, value FROM ${logTable} WHERE name = ? AND id <= ? ORDER BY id DESC LIMIT 1`,
      )
      .raw(true);
    this.insertStmt = db.prepare(
      `INSERT INTO ${logTable} (id, name, created, deleted, create_revision, prev_revision, value, old_value)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    // A row is the key's state at @rev when no newer row of the same key is at or below @rev. The scan
    // walks the (name, id, deleted) index in key order, so ORDER BY and LIMIT cost nothing extra and
    // a page stops reading as soon as it is full.
    this.pageStmts = ranged(
      db,
      (upper) =>
        `SELECT name, id, create_revision, value FROM ${logTable} AS l
       WHERE name >= @lo ${upper} AND id <= @rev AND deleted = 0
         AND NOT EXISTS (SELECT 1 FROM ${logTable} AS n WHERE n.name = l.name AND n.id > l.id AND n.id <= @rev)
       ORDER BY name, id LIMIT @limit`,
    );
    for (const s of [this.pageStmts.bounded, this.pageStmts.open]) s.raw(true);
    // Counting uses only the covering index: SQLite takes the bare `deleted` from the MAX(id) row.
    this.countStmts = ranged(
      db,
      (upper) =>
        `SELECT COUNT(*) FROM (
         SELECT MAX(id), deleted FROM ${logTable} WHERE name >= @lo ${upper} AND id <= @rev GROUP BY name
       ) WHERE deleted = 0`,
    );
    for (const s of [this.countStmts.bounded, this.countStmts.open]) s.pluck(true);
    this.historyStmts = ranged(
      db,
      (upper) =>
        `SELECT id, name, created, deleted, create_revision, prev_revision, value, old_value FROM ${logTable}
       WHERE id >= @start AND name >= @lo ${upper} ORDER BY id`,
    );
    for (const s of [this.historyStmts.bounded, this.historyStmts.open]) s.raw(true);
    this.setMetaStmt = db.prepare(`INSERT OR REPLACE INTO ${metaTable} (key, value) VALUES (?, ?)`);
    this.purgeScanStmt = db
      .prepare(
        `SELECT id, prev_revision, deleted FROM ${logTable} WHERE id > ? AND id < ? ORDER BY id LIMIT ?`,
      )
      .raw(true);
    this.deleteRowStmt = db.prepare(`DELETE FROM ${logTable} WHERE id = ?`);
    this.rowCountStmt = db.prepare(`SELECT COUNT(*) FROM ${logTable}`).pluck(true);
  }

  /** The newest row of `key` at or below `revision` (any revision when absent), tombstones included. */
  latest(key: string, revision?: number): LatestRow | undefined {
    const row = (revision === undefined ? this.latestStmt.get(key) : this.getAtStmt.get(key, revision)) as
      [number, number, number, Uint8Array] | undefined;
    if (row === undefined) return undefined;
    return { id: row[0], deleted: row[1] !== 0, createRevision: row[2], value: row[3] };
  }

  /** The live keys in [lo, hi) at `revision`, in key order, at most `limit` (negative: all). */
  page(lo: string, hi: string | undefined, revision: number, limit: number): KeyValue[] {
    const stmt = hi === undefined ? this.pageStmts.open : this.pageStmts.bounded;
    const rows = stmt.all({ lo, hi, rev: revision, limit }) as [string, number, number, Uint8Array][];
    return rows.map(([key, id, createRevision, value]) => ({ key, value, createRevision, modRevision: id }));
  }

  /** Number of live keys in [lo, hi) at `revision`. */
  countLive(lo: string, hi: string | undefined, revision: number): number {
    const stmt = hi === undefined ? this.countStmts.open : this.countStmts.bounded;
    return stmt.get({ lo, hi, rev: revision }) as number;
  }

  /** Every event in [lo, hi) with revision ≥ `start`, in revision order, rebuilt from the rows alone. */
  events(start: number, lo: string, hi: string | undefined): WatchEvent[] {
    const stmt = hi === undefined ? this.historyStmts.open : this.historyStmts.bounded;
    const rows = stmt.all({ start, lo, hi }) as [
      number,
      string,
      number,
      number,
      number,
      number,
      Uint8Array,
      Uint8Array | null,
    ][];
    return rows.map(([id, name, created, deleted, createRevision, prevRevision, value, oldValue]) =>
      rowEvent({
        id,
        name,
        created: created !== 0,
        deleted: deleted !== 0,
        createRevision,
        prevRevision,
        value,
        oldValue,
      }),
    );
  }

  /** Appends one row; the caller runs it inside the batch's transaction. */
  insert(row: LogRow): void {
    this.insertStmt.run(
      row.id,
      row.name,
      row.created ? 1 : 0,
      row.deleted ? 1 : 0,
      row.createRevision,
      row.prevRevision,
      row.value,
      row.oldValue,
    );
  }

  /** Sets one meta value (a revision). */
  setMeta(key: string, value: number): void {
    this.setMetaStmt.run(key, value);
  }

  /** Up to `limit` rows with after < id < before, in id order. */
  purgeCandidates(after: number, before: number, limit: number): PurgeCandidate[] {
    const rows = this.purgeScanStmt.all(after, before, limit) as [number, number, number][];
    return rows.map(([id, prevRevision, deleted]) => ({ id, prevRevision, deleted: deleted !== 0 }));
  }

  /** Removes the row with this id, if it is still there. */
  deleteRow(id: number): void {
    this.deleteRowStmt.run(id);
  }

  /** Number of rows in the log (for tests and stats; scans the table). */
  rowCount(): number {
    return this.rowCountStmt.get() as number;
  }

  /** Runs `fn` in one transaction (one fsync at commit). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }
}

/** The watch event a log row stands for; everything it needs (the previous value too) is in the row. */
export function rowEvent(row: LogRow): WatchEvent {
  const key = row.name;
  if (row.deleted) {
    return {
      type: 'delete',
      kv: { key, value: emptyValue, createRevision: 0, modRevision: row.id },
      prevKv: prevKv(row),
    };
  }
  const kv: KeyValue = { key, value: row.value, createRevision: row.createRevision, modRevision: row.id };
  return row.created ? { type: 'put', kv } : { type: 'put', kv, prevKv: prevKv(row) };
}

function prevKv(row: LogRow): KeyValue {
  return {
    key: row.name,
    value: row.oldValue ?? emptyValue,
    createRevision: row.createRevision,
    modRevision: row.prevRevision,
  };
}
