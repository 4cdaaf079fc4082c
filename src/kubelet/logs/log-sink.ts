// The writing half of a log read (upstream's logWriter): drops records older than `since` or of an
// unwanted stream, adds the timestamp prefix, cuts at limitBytes, and writes to a Node Writable in
// batches, waiting for 'drain' when it pushes back and giving up when the reader is aborted or the
// destination goes away.
import { formatLogTimestamp, compareLogTimestamps } from './log-timestamp.js';
import type { LogRecord } from './log-line.js';
import type { ContainerLogOptions } from './log-options.js';
import type { Writable } from 'node:stream';

const batchBytes = 64 * 1024;

/** Collects formatted records and writes them out with backpressure. */
export class LogSink {
  private remaining: number;
  private batch: Buffer[] = [];
  private batchSize = 0;
  private full = false;

  constructor(
    private readonly out: Writable,
    private readonly options: ContainerLogOptions,
    private readonly signal?: AbortSignal,
  ) {
    this.remaining = options.limitBytes ?? Infinity;
  }

  /** True once limitBytes were written, the destination closed or the read was aborted. */
  get done(): boolean {
    return this.full || this.closed;
  }

  private get closed(): boolean {
    return this.signal?.aborted === true || this.out.destroyed || this.out.writableEnded;
  }

  /** True when the collected output should be flushed now (a big batch, or the byte limit reached). */
  get wantsFlush(): boolean {
    return this.batchSize >= batchBytes || (this.full && this.batchSize > 0);
  }

  /** Adds one record (if it passes the filters); the caller flushes when wantsFlush says so. */
  add(record: LogRecord): void {
    if (this.done) return;
    const { since, stream = 'All' } = this.options;
    if (since !== undefined && compareLogTimestamps(record.timestamp, since) < 0) return;
    if (stream === 'Stdout' && record.stream !== 'stdout') return;
    if (stream === 'Stderr' && record.stream !== 'stderr') return;
    let line = record.content;
    if (this.options.timestamps)
      line = Buffer.concat([Buffer.from(`${formatLogTimestamp(record.timestamp)} `, 'latin1'), line]);
    if (line.length >= this.remaining) {
      line = line.subarray(0, this.remaining);
      this.full = true;
    }
    this.remaining -= line.length;
    this.batch.push(line);
    this.batchSize += line.length;
  }

  /** Writes what is collected; resolves when the destination takes more (or is gone). */
  async flush(): Promise<void> {
    if (this.batchSize === 0 || this.closed) {
      this.batch = [];
      this.batchSize = 0;
      return;
    }
    const data = this.batch.length === 1 ? this.batch[0]! : Buffer.concat(this.batch, this.batchSize);
    this.batch = [];
    this.batchSize = 0;
    if (this.out.write(data)) return;
    await this.drained();
  }

  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.out.off('drain', done);
        this.out.off('close', done);
        this.out.off('error', done);
        this.signal?.removeEventListener('abort', done);
        resolve();
      };
      this.out.on('drain', done);
      this.out.on('close', done);
      this.out.on('error', done);
      this.signal?.addEventListener('abort', done, { once: true });
    });
  }
}
