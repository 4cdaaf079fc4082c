/** How a WriteBatcher commits and how large one group may grow. */
export interface WriteBatcherOptions<Op, Result> {
  /**
   * Commits `ops` as one unit, evaluating them in arrival order, and returns one result per op (same
   * order). Throwing fails every op of the group with that error. Runs synchronously, so nothing else
   * interleaves with a commit.
   */
  readonly commit: (ops: readonly Op[]) => readonly Result[];
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
    if (this.queue.length === 0) return Promise.resolve();
    return new Promise<void>((resolve) => this.drained.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    const group = this.take();
    if (group.length > 0) {
      let results: readonly Result[];
      try {
        results = this.options.commit(group.map((p) => p.op));
        if (results.length !== group.length) throw new Error('commit returned the wrong number of results');
      } catch (err) {
        for (const p of group) p.reject(err);
        results = [];
      }
      results.forEach((r, i) => group[i]!.resolve(r));
    }
    // The rest goes in the next turn, so reads and fresh I/O get the thread between two groups.
    if (this.queue.length > 0) this.schedule();
    else for (const done of this.drained.splice(0)) done();
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
