import Database from 'better-sqlite3';
import { StorageError } from '../errors.js';
import { toStorageError } from './sqlite-errors.js';

/** The log table: one row per write, kine-style; the row id is the revision of the write. */
export const logTable = 'k8ts_log';
/** The meta table: format marker and compaction progress. */
export const metaTable = 'k8ts_meta';
/** Written once when a database is initialised; a database without it is never touched. */
export const formatMarker = 'k8ts-kine-log/1';

/** Meta keys, kept as constants so the open path and the compactor agree. */
export const metaKeys = {
  format: 'format',
  /** The compaction point callers see: reads below it fail with Compacted. */
  compactRevision: 'compact_revision',
  /** How far the physical purge got: every row with id ≤ this has been considered. */
  compactedThrough: 'compacted_through',
} as const;

// AUTOINCREMENT so a revision is never handed out twice, even when compaction removed the newest
// rows (a trailing delete); sqlite_sequence remembers the high-water mark. Small columns come first
// so the scans that only need flags never touch a value's overflow pages.
const createStatements = [
  `CREATE TABLE ${metaTable} (key TEXT PRIMARY KEY NOT NULL, value) WITHOUT ROWID`,
  `CREATE TABLE ${logTable} (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    created INTEGER NOT NULL,
    deleted INTEGER NOT NULL,
    create_revision INTEGER NOT NULL,
    prev_revision INTEGER NOT NULL,
    value BLOB NOT NULL,
    old_value BLOB
  )`,
  // Serves prefix scans (name range), "latest row per key at a revision" (name, id descending) and,
  // because it also covers `deleted`, counting live keys without reading the table.
  `CREATE INDEX ${logTable}_name_id ON ${logTable} (name, id, deleted)`,
];

/** A database opened, locked and checked, with the state the backend keeps in memory. */
export interface OpenedLog {
  readonly db: Database.Database;
  /** Newest revision ever handed out (0 in a new store). */
  readonly revision: number;
  readonly compactRevision: number;
  readonly compactedThrough: number;
}

/**
 * Opens `file` (creating it when absent), takes the exclusive lock, and either initialises an empty
 * database or checks that it is one of ours. Throws Locked when another connection owns the file,
 * Corrupt for garbage or a foreign SQLite database; in both cases the file is left byte-for-byte as is.
 */
export function openLog(file: string): OpenedLog {
  let db: Database.Database;
  try {
    // timeout 0: a second opener must fail at once with Locked, not wait for a lock that is never released.
    db = new Database(file, { timeout: 0 });
  } catch (err) {
    throw toStorageError(err, file, 'cannot open');
  }
  try {
    // Before the first read: in WAL mode the first access then takes an exclusive file lock that is
    // held until close (or process death), which is how one process owns the file.
    db.pragma('locking_mode = EXCLUSIVE');
    // The first read: fails with BUSY when locked and NOTADB for garbage, before anything is written.
    const tables = db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`)
      .pluck()
      .all() as string[];
    if (tables.length === 0) {
      initialise(db);
    } else {
      checkFormat(db, file, tables);
      setJournalMode(db, file);
    }
    // NORMAL: a commit writes the WAL without syncing it; SqliteBackend syncs the WAL itself off the
    // event loop before acknowledging (wal-sync.ts), which is FULL's durability. Checkpoints still
    // sync inside SQLite.
    db.pragma('synchronous = NORMAL');
    // Lists read many small rows; a larger page cache keeps the hot part of the index in memory.
    db.pragma('cache_size = -32768');
    db.pragma('journal_size_limit = 67108864');
    return { db, ...readState(db) };
  } catch (err) {
    db.close();
    throw toStorageError(err, file, 'cannot use');
  }
}

function initialise(db: Database.Database): void {
  // WAL must be chosen outside a transaction; a new database has nothing to lose if this fails.
  setJournalMode(db, db.name);
  db.transaction(() => {
    for (const sql of createStatements) db.exec(sql);
    const put = db.prepare(`INSERT INTO ${metaTable} (key, value) VALUES (?, ?)`);
    put.run(metaKeys.format, formatMarker);
    put.run(metaKeys.compactRevision, 0);
    put.run(metaKeys.compactedThrough, 0);
  })();
}

function checkFormat(db: Database.Database, file: string, tables: readonly string[]): void {
  if (!tables.includes(metaTable) || !tables.includes(logTable)) {
    throw new StorageError(
      'Corrupt',
      `${file} is an SQLite database but not a k8ts datastore (it has tables ${tables.join(', ')}); ` +
        'refusing to use or change it',
    );
  }
  const format = db.prepare(`SELECT value FROM ${metaTable} WHERE key = ?`).pluck().get(metaKeys.format);
  if (format !== formatMarker) {
    throw new StorageError(
      'Corrupt',
      `${file} has format marker ${JSON.stringify(format ?? null)}, expected ${JSON.stringify(formatMarker)}; ` +
        'refusing to use or change it',
    );
  }
}

function setJournalMode(db: Database.Database, file: string): void {
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal')
    throw new StorageError('Unavailable', `${file}: cannot switch to WAL journal mode (got ${String(mode)})`);
}

function readState(db: Database.Database): Omit<OpenedLog, 'db'> {
  const meta = (key: string): number => {
    const v = db.prepare(`SELECT value FROM ${metaTable} WHERE key = ?`).pluck().get(key);
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
      throw new StorageError(
        'Corrupt',
        `${db.name}: meta value ${key} is ${JSON.stringify(v ?? null)}, not a revision`,
      );
    }
    return v;
  };
  const compactRevision = meta(metaKeys.compactRevision);
  const compactedThrough = meta(metaKeys.compactedThrough);
  const seq = db.prepare(`SELECT seq FROM sqlite_sequence WHERE name = ?`).pluck().get(logTable);
  const maxId = db.prepare(`SELECT MAX(id) FROM ${logTable}`).pluck().get();
  const revision = Math.max(Number(seq ?? 0), Number(maxId ?? 0), compactRevision);
  return { revision, compactRevision, compactedThrough };
}
