// Joins a client's port-forward stream to the target connection, both ways, keeping TCP's
// half-close: the client's EOF ends the target's write side, and the session is over when the
// target's output has ended (or failed), or the client aborted (stream reset, connection gone).
import type { Duplex, Readable, Writable } from 'node:stream';

/** The client's side of one forwarded connection. */
export interface SpliceClientSide {
  /** What the client sends (its EOF half-closes the target). */
  readonly readable: Readable;
  /** Where the target's bytes go; not ended here. */
  readonly writable: Writable;
  /** Registers a callback for the client giving up on the stream. */
  onAbort(callback: () => void): void;
}

/**
 * Copies until the target's readable side ends; resolves with the target's error, if it failed.
 * The target is destroyed when the client aborts; otherwise the caller disposes of it.
 */
export function spliceStreams(client: SpliceClientSide, target: Duplex): Promise<Error | undefined> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (err?: Error) => {
      if (settled) return;
      settled = true;
      client.readable.unpipe(target);
      target.unpipe(client.writable);
      resolve(err);
    };
    target.on('end', () => settle());
    target.on('error', (err: Error) => settle(err));
    target.on('close', () => settle(target.errored ?? undefined));
    client.onAbort(() => {
      target.destroy();
      settle();
    });
    client.readable.pipe(target);
    target.pipe(client.writable, { end: false });
  });
}
