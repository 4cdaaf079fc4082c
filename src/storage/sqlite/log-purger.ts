import type { LogQueries } from './queries.js';
import { metaKeys } from './schema.js';

/** What the purger works on and how much it may do per transaction. */
export interface LogPurgerOptions {
  readonly queries: LogQueries;
  /** Most rows looked at per transaction; fewer when transactions run long (see targetBatchMs). */
  readonly batchSize: number;
  /** Persisted progress from a previous run: every row with id ≤ this has been considered. */
  readonly compactedThrough: number;
}

// A purge transaction's cost is mostly its commit (WAL pages + fsync), which varies with the disk and
// row sizes, so the batch is sized by time: about this long, leaving writers well under 50 ms of wait.
const targetBatchMs = 20;
const minBatchSize = 16;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Physically removes the rows a compaction made unreachable, in small transactions with a turn of
 * the event loop between them. Like kine it only walks rows newer than its last run: each row's
 * prev_revision names the row it superseded, which is therefore dead, and a tombstone below the
 * compaction point is dead itself. Rows are visited in id order, so a key's older rows always go
 * before (or with) its tombstone and reads at the compaction point stay correct between batches.
 */
export class LogPurger {
  private through: number;
  private goal = 0;
  private running: Promise<void> | undefined;
  private stopped = false;
  private size: number;

  constructor(private readonly options: LogPurgerOptions) {
    this.through = options.compactedThrough;
    this.size = options.batchSize;
  }

  /** How far the purge got: every row with id ≤ this has been considered. */
  get compactedThrough(): number {
    return this.through;
  }

  /**
   * Purges up to the compaction point `revision` (rows below it; the row at it is kept, so a watch
   * from exactly the compaction point still sees its event). Resolves when done or stopped.
   */
  purge(revision: number): Promise<void> {
    this.goal = Math.max(this.goal, revision);
    this.running ??= this.loop();
    return this.running;
  }

  /** Resolves once the purge in progress (if any) has finished or failed. */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  /** Stops after the current batch; resolves when no batch runs any more. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running?.catch(() => undefined);
  }

  private async loop(): Promise<void> {
    // First yield: purge() stores this promise before the loop can finish, and the caller of
    // compact() gets its turn back before the first batch.
    await yieldToEventLoop();
    try {
      while (!this.stopped && this.through < this.goal - 1) {
        this.batch();
        await yieldToEventLoop();
      }
    } finally {
      this.running = undefined;
    }
  }

  private batch(): void {
    const { queries } = this.options;
    const goal = this.goal;
    const batchSize = this.size;
    const started = performance.now();
    const through = queries.transaction(() => {
      const rows = queries.purgeCandidates(this.through, goal, batchSize);
      for (const row of rows) {
        if (row.prevRevision > 0) queries.deleteRow(row.prevRevision);
        if (row.deleted) queries.deleteRow(row.id);
      }
      const reached = rows.length < batchSize ? goal - 1 : rows[rows.length - 1]!.id;
      queries.setMeta(metaKeys.compactedThrough, reached);
      return reached;
    });
    this.through = through;
    // Halve quickly when slow, grow back slowly-ish when fast (the wall clock only paces, never decides).
    const took = performance.now() - started;
    if (took > targetBatchMs) this.size = Math.max(minBatchSize, Math.floor(batchSize / 2));
    else if (took < targetBatchMs / 2)
      this.size = Math.min(this.options.batchSize, Math.ceil(batchSize * 1.5));
  }
}
