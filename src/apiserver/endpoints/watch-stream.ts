import type { ApiRequest } from '../http/api-request.js';
import { warningHeaderValue } from '../http/write-response.js';
import type { CacheWatcher, WatchOutput } from '../watch-cache/cache-watcher.js';

/** The JSON of one watch event, whole or in pieces written one after another (no newline). */
export type WatchEventPieces = string | Buffer | readonly (string | Buffer)[];

/** Turns one watcher output into the JSON of a watch event. */
export type WatchEventEncoder = (out: WatchOutput) => WatchEventPieces;

/** The start of an object event's JSON, per type, for encoders that splice in an object's bytes. */
export const eventHead = {
  ADDED: Buffer.from('{"type":"ADDED","object":'),
  MODIFIED: Buffer.from('{"type":"MODIFIED","object":'),
  DELETED: Buffer.from('{"type":"DELETED","object":'),
} as const;

/** The end of an object event's JSON after the object. */
export const eventTail = Buffer.from('}');

const newline = Buffer.from('\n');

/**
 * Streams a watch as upstream does: 200, chunked, one compact JSON event per line, written as soon
 * as it is queued. Ends when the watcher ends (after an ERROR event, say), when the client goes
 * away, or after `timeoutMs` — and never earlier, because `kubectl get -w` exits when the stream ends.
 */
export async function streamWatch(
  areq: ApiRequest,
  watcher: CacheWatcher,
  encode: WatchEventEncoder,
  timeoutMs: number,
): Promise<void> {
  const { req, res } = areq;
  const headers: Record<string, string | string[]> = {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  };
  if (areq.warnings.length > 0) headers['Warning'] = areq.warnings.map(warningHeaderValue);
  res.writeHead(200, headers);
  res.flushHeaders();
  areq.onWatchInitialized?.();

  const timer = setTimeout(() => watcher.close(), timeoutMs);
  const onClose = () => watcher.close();
  req.on('close', onClose);
  res.on('close', onClose);
  try {
    while (!watcher.done) {
      await watcher.ready();
      const batch = watcher.drain();
      if (batch.length === 0) continue;
      // Objects' shared bytes are copied once into the batch; no text is encoded per watcher.
      const parts: Buffer[] = [];
      for (const out of batch) {
        const pieces = encode(out);
        if (Array.isArray(pieces)) for (const p of pieces) parts.push(asBuffer(p));
        else parts.push(asBuffer(pieces as string | Buffer));
        parts.push(newline);
      }
      if (!res.write(Buffer.concat(parts))) {
        // A slow client: stop reading the queue until the socket drains, so memory is bounded by the
        // watcher's queue limit (which then closes the watch, as upstream's terminated watchers do).
        await new Promise<void>((resolve) => {
          const done = () => {
            res.off('drain', done);
            res.off('close', done);
            resolve();
          };
          res.on('drain', done);
          res.on('close', done);
        });
      }
      if (batch.some((o) => o.type === 'ERROR')) watcher.close();
    }
  } finally {
    clearTimeout(timer);
    req.off('close', onClose);
    res.off('close', onClose);
    watcher.close();
    if (!res.writableEnded) res.end();
  }
}

function asBuffer(piece: string | Buffer): Buffer {
  return typeof piece === 'string' ? Buffer.from(piece) : piece;
}
