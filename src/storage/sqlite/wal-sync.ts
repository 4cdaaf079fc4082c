// The commit fsync, off the event loop: the log runs with synchronous=NORMAL (SQLite writes the
// WAL at commit but does not sync it) and the backend syncs the WAL file itself on libuv's thread
// pool before it acknowledges the writes or publishes them — the durability of synchronous=FULL,
// without the thread blocking in fdatasync for every group commit.
import { open } from 'node:fs/promises';

/** Syncs a database's write-ahead log to disk; calls run one at a time, in order. */
export class WalSync {
  private readonly walPath: string;
  private tail: Promise<void> = Promise.resolve();

  constructor(databaseFile: string) {
    this.walPath = `${databaseFile}-wal`;
  }

  /**
   * Resolves once everything written to the WAL before this call is on disk. Each call opens the
   * file afresh, so a WAL SQLite recreated is never missed through a stale descriptor.
   */
  sync(): Promise<void> {
    const run = this.tail.then(() => this.syncOnce());
    // A failed sync fails its own writes; later ones still try.
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async syncOnce(): Promise<void> {
    const file = await open(this.walPath, 'r+');
    try {
      await file.datasync();
    } finally {
      await file.close();
    }
  }
}
