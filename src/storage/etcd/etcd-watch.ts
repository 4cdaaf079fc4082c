import type { IDuplexStream, IEvent, IWatchRequest, IWatchResponse, WatchClient } from 'etcd3';
import type { WatchEvent, WatchStream } from '../backend.js';
import { compactedError, StorageError } from '../errors.js';
import { BatchQueue } from './batch-queue.js';
import { toStorageError } from './etcd-errors.js';
import type { EtcdKeyCodec } from './etcd-key-codec.js';

/** What one etcd watch needs. */
export interface EtcdWatchOptions {
  /** etcd3's raw Watch service client. */
  readonly client: WatchClient;
  readonly codec: EtcdKeyCodec;
  readonly prefix: string;
  /** The first revision to deliver. */
  readonly startRevision: number;
  /**
   * The caller asked for "from now" and we only guessed now's revision: when that guess turns out
   * to be compacted, continue from the compaction point instead of failing.
   */
  readonly skipCompacted: boolean;
  readonly signal?: AbortSignal;
  /** How long reconnecting may keep failing before the watch ends with Unavailable. */
  readonly reconnectTimeoutMs: number;
  /** Reports a compaction revision etcd revealed. */
  readonly onCompacted: (revision: number) => void;
  /** Called once when the watch ends, for any reason. */
  readonly onEnd: () => void;
}

type RawWatch = IDuplexStream<IWatchRequest, IWatchResponse>;
// grpc-js hands back a Node duplex stream; etcd3's type just does not declare its flow control.
type Pausable = { pause?: () => void; resume?: () => void };

/**
 * One prefix watch on its own etcd watch stream (HTTP/2 multiplexes them over one connection).
 * Each etcd watch response becomes one batch. A broken stream is re-opened after the last
 * delivered revision, so no event is lost or repeated; a start below the compaction point ends
 * the stream with Compacted.
 */
export class EtcdWatch implements WatchStream {
  private readonly queue: BatchQueue;
  private stream: RawWatch | undefined;
  private nextRevision: number;
  private stopped = false;
  private failingSince: number | undefined;
  private retryDelayMs = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly onAbort = (): void => this.close();

  constructor(private readonly options: EtcdWatchOptions) {
    this.queue = new BatchQueue({ onReturn: () => this.close(), onDrained: () => this.flow('resume') });
    this.nextRevision = options.startRevision;
    if (options.signal?.aborted) {
      this.close();
      return;
    }
    options.signal?.addEventListener('abort', this.onAbort, { once: true });
    void this.connect();
  }

  [Symbol.asyncIterator](): AsyncIterator<readonly WatchEvent[]> {
    return this.queue[Symbol.asyncIterator]();
  }

  /** Ends the watch cleanly: the iterator finishes after the batches already queued. */
  close(): void {
    this.finish(undefined);
  }

  private finish(err: StorageError | undefined): void {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.options.signal?.removeEventListener('abort', this.onAbort);
    this.dropStream();
    if (err === undefined) this.queue.end();
    else this.queue.fail(err);
    this.options.onEnd();
  }

  private async connect(): Promise<void> {
    let stream: RawWatch;
    try {
      stream = await this.options.client.watch();
    } catch (err) {
      this.reconnectLater(err);
      return;
    }
    if (this.stopped) {
      stream.end();
      stream.cancel();
      return;
    }
    this.stream = stream;
    // Events of a stream we already dropped (cancelled on purpose) must not reach this watch.
    stream.on('data', (res) => this.stream === stream && this.onResponse(res));
    stream.on('error', (err) => this.stream === stream && this.onBroken(err));
    stream.on('end', () => this.stream === stream && this.onBroken(new Error('etcd ended the watch stream')));
    const { key, rangeEnd } = this.options.codec.prefixRange(this.options.prefix);
    stream.write({
      create_request: { key, range_end: rangeEnd, start_revision: this.nextRevision, prev_kv: true },
    });
  }

  private onResponse(res: IWatchResponse): void {
    if (res.canceled) {
      this.onCanceled(res);
      return;
    }
    if (res.created) {
      this.failingSince = undefined;
      this.retryDelayMs = 0;
    }
    if (res.events.length === 0) return;
    const batch = res.events.map((e) => this.toEvent(e));
    this.nextRevision = batch[batch.length - 1]!.kv.modRevision + 1;
    if (!this.queue.offer(batch)) this.flow('pause');
  }

  private onCanceled(res: IWatchResponse): void {
    const compacted = Number(res.compact_revision);
    if (compacted > 0) {
      this.options.onCompacted(compacted);
      if (this.options.skipCompacted) {
        this.nextRevision = Math.max(this.nextRevision, compacted);
        this.dropStream();
        void this.connect();
        return;
      }
      this.finish(compactedError(this.nextRevision, compacted));
      return;
    }
    const reason = res.cancel_reason || 'no reason given';
    this.finish(
      new StorageError('Unavailable', `etcd cancelled the watch on ${this.options.prefix}: ${reason}`),
    );
  }

  private onBroken(err: unknown): void {
    this.dropStream();
    this.reconnectLater(err);
  }

  private reconnectLater(err: unknown): void {
    if (this.stopped) return;
    const now = Date.now();
    this.failingSince ??= now;
    if (now - this.failingSince >= this.options.reconnectTimeoutMs) {
      this.finish(toStorageError(err, `watch ${this.options.prefix}`));
      return;
    }
    this.retryDelayMs = Math.min(Math.max(this.retryDelayMs * 2, 25), 1000);
    this.retryTimer = setTimeout(() => void this.connect(), this.retryDelayMs);
  }

  private dropStream(): void {
    const stream = this.stream;
    this.stream = undefined;
    if (stream === undefined) return;
    // end() first: etcd3 reports errors of a still-writable stream as endpoint failures.
    stream.end();
    stream.cancel();
  }

  private flow(action: 'pause' | 'resume'): void {
    (this.stream as Pausable | undefined)?.[action]?.();
  }

  private toEvent(e: IEvent): WatchEvent {
    const kv = this.options.codec.decode(e.kv);
    const type = e.type === 'Delete' ? 'delete' : 'put';
    // Omitted rather than undefined, so events compare equal to other backends' under deepStrictEqual.
    return e.prev_kv ? { type, kv, prevKv: this.options.codec.decode(e.prev_kv) } : { type, kv };
  }
}
