/** How a WriteBatcher commits and how large one group may grow. */
export interface WriteBatcherOptions<Op, Result> {
  /**
   * Commits `ops` as one unit, evaluating them in arrival order, and returns one result per op (same
   * order). Throwing fails every op of the group with that error. Runs synchronously, so nothing else
   * interleaves with a commit.
   */
  readonly commit: (ops: readonly Op[]) => readonly Result[];
  /**
   * Resolves once every group committed so far is durable (the backend's WAL sync, which also
   * publishes the groups' events); writes resolve only after it. Called once per group, in order;
   * one group is synced at a time. Without it, a commit is durable when it returns.
   */
  readonly durable?: () => Promise<void>;
  /** Bytes an op adds to a group (its value), to keep a group's transaction short. */
  readonly weigh: (op: Op) => number;
  /** Most ops in one group (default 1024). */
  readonly maxOps?: number;
  /**
   * Most bytes in one group (default 4 MiB: a commit blocks the thread while it writes and fsyncs, so
   * a group must stay small enough to take milliseconds); a single larger op still commits, alone.
   */
  readonly maxBytes?: number;
}

interface Pending<Op, Result> {
  readonly op: Op;
  readonly resolve: (r: Result) => void;
  readonly reject: (err: unknown) => void;
}

/**
 * Group commit: writes submitted while no commit is due are gathered and committed together, so one
 * transaction and one fsync serve many writers. The flush runs from setImmediate, i.e. after every
 * write that arrived in the current turn of the event loop (including I/O that piled up while the
 * previous group's fsync blocked the thread) has been queued.
 */
export class WriteBatcher<Op, Result> {
  private queue: Pending<Op, Result>[] = [];
  private scheduled = false;
  private drained: (() => void)[] = [];
  private syncing = 0;
  private readonly maxOps: number;
  private readonly maxBytes: number;

  constructor(private readonly options: WriteBatcherOptions<Op, Result>) {
    this.maxOps = options.maxOps ?? 1024;
    this.maxBytes = options.maxBytes ?? 4 * 1024 * 1024;
  }

  /** Number of writes waiting for their group to commit. */
  get pending(): number {
    return this.queue.length;
  }

  /** Queues `op`; resolves with its result once the group holding it is durably committed. */
  submit(op: Op): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({ op, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves once every write submitted so far has been committed or failed. */
  drain(): Promise<void> {
    if (this.queue.length === 0 && this.syncing === 0 && !this.scheduled) return Promise.resolve();
    return new Promise<void>((resolve) => this.drained.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    // One group syncs at a time; writes arriving meanwhile wait and form the next, larger group
    // (many small commits would each write their WAL pages and sync).
    if (this.syncing > 0) return;
    const group = this.take();
    if (group.length > 0) {
      let results: readonly Result[] | undefined;
      try {
        results = this.options.commit(group.map((p) => p.op));
        if (results.length !== group.length) throw new Error('commit returned the wrong number of results');
      } catch (err) {
        for (const p of group) p.reject(err);
        results = undefined;
      }
      if (results !== undefined) this.acknowledge(group, results);
    }
    // The rest goes in the next turn, so reads and fresh I/O get the thread between two groups.
    if (this.queue.length > 0) this.schedule();
    else this.settled();
  }

  // Resolves a committed group's writes, once it is durable when the backend syncs separately.
  private acknowledge(group: readonly Pending<Op, Result>[], results: readonly Result[]): void {
    const durable = this.options.durable;
    if (durable === undefined) {
      results.forEach((r, i) => group[i]!.resolve(r));
      return;
    }
    this.syncing++;
    durable()
      .then(
        () => results.forEach((r, i) => group[i]!.resolve(r)),
        (err: unknown) => {
          for (const p of group) p.reject(err);
        },
      )
      .finally(() => {
        this.syncing--;
        if (this.queue.length > 0) this.schedule();
        else this.settled();
      });
  }

  // Tells drain() waiters once nothing is queued, committing or waiting to be durable.
  private settled(): void {
    if (this.queue.length === 0 && this.syncing === 0 && !this.scheduled) {
      for (const done of this.drained.splice(0)) done();
    }
  }

  private take(): Pending<Op, Result>[] {
    let bytes = 0;
    let n = 0;
    while (n < this.queue.length && n < this.maxOps) {
      const weight = this.options.weigh(this.queue[n]!.op);
      if (n > 0 && bytes + weight > this.maxBytes) break;
      bytes += weight;
      n++;
    }
    return this.queue.splice(0, n);
  }
}
