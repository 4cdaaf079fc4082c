import type { ApiRequest } from '../http/api-request.js';
import { warningHeaderValue } from '../http/write-response.js';
import type { CacheWatcher, WatchOutput } from '../watch-cache/cache-watcher.js';

/** Turns one watcher output into the JSON text of a watch event (without the newline). */
export type WatchEventEncoder = (out: WatchOutput) => string;

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

  const timer = setTimeout(() => watcher.close(), timeoutMs);
  const onClose = () => watcher.close();
  req.on('close', onClose);
  res.on('close', onClose);
  try {
    while (!watcher.done) {
      await watcher.ready();
      const batch = watcher.drain();
      if (batch.length === 0) continue;
      let text = '';
      for (const out of batch) text += `${encode(out)}\n`;
      if (!res.write(text)) {
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
