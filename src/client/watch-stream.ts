import { readJsonLines, sharedWatchLines } from './json-lines.js';
import { isStatus, statusErrorFromStatus } from './status-response.js';
import type { WatchEvent } from './watch-event.js';

const eventTypes = new Set(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK', 'ERROR']);

/** How a WatchStream is wired to its response. */
export interface WatchStreamOptions {
  /** The streaming response body. */
  readonly body: AsyncIterable<Uint8Array>;
  /** Aborting it cancels the underlying request; it is also aborted by the caller's signal. */
  readonly controller: AbortController;
  /** Aborted when either the caller's signal or `controller` is. */
  readonly signal: AbortSignal;
  /** Events may share their objects with other read-only watches in this process. */
  readonly sharedObjects?: boolean;
}

/**
 * An open watch: an async iterable of events, read once. The iteration ends quietly when the server
 * closes the stream or the watch is stopped (stop() or the caller's AbortSignal); it throws a
 * StatusError for an ERROR event (a ResourceExpiredError for 410) and an Error when the connection
 * breaks or an event cannot be decoded.
 */
export class WatchStream<T> implements AsyncIterable<WatchEvent<T>> {
  private readonly options: WatchStreamOptions;
  private iterated = false;

  constructor(options: WatchStreamOptions) {
    this.options = options;
  }

  /** Cancels the watch; an iteration in progress ends without an error. */
  stop(): void {
    this.options.controller.abort(new Error('watch stopped'));
  }

  /** True once stopped or cancelled by the caller. */
  get stopped(): boolean {
    return this.options.signal.aborted;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<WatchEvent<T>, void, void> {
    if (this.iterated) throw new Error('A watch stream can be iterated only once');
    this.iterated = true;
    const { signal } = this.options;
    try {
      for await (const value of readJsonLines(
        this.options.body,
        this.options.sharedObjects ? sharedWatchLines : undefined,
      )) {
        if (signal.aborted) return;
        const event = decodeEvent(value);
        if (event.type === 'ERROR') throw statusErrorFromStatus(event.status);
        yield event.event as WatchEvent<T>;
      }
    } catch (err) {
      if (signal.aborted) return;
      throw err;
    } finally {
      this.stop();
    }
  }
}

type Decoded =
  | { type: 'ERROR'; status: Parameters<typeof statusErrorFromStatus>[0] }
  | { type: 'EVENT'; event: WatchEvent<unknown> };

function decodeEvent(value: unknown): Decoded {
  const v = value as { type?: unknown; object?: unknown } | null;
  if (typeof v !== 'object' || v === null || typeof v.type !== 'string' || !eventTypes.has(v.type))
    throw new SyntaxError(`Cannot decode a watch event: unexpected ${JSON.stringify(value)?.slice(0, 200)}`);
  if (typeof v.object !== 'object' || v.object === null)
    throw new SyntaxError(`Cannot decode a watch event: ${v.type} without an object`);
  if (v.type === 'ERROR') {
    if (!isStatus(v.object)) throw new SyntaxError('Cannot decode a watch event: ERROR without a Status');
    return { type: 'ERROR', status: v.object };
  }
  if (v.type === 'BOOKMARK') {
    const rv = (v.object as { metadata?: { resourceVersion?: unknown } }).metadata?.resourceVersion;
    if (typeof rv !== 'string')
      throw new SyntaxError('Cannot decode a watch event: BOOKMARK without a resourceVersion');
  }
  return { type: 'EVENT', event: { type: v.type, object: v.object } as WatchEvent<unknown> };
}
