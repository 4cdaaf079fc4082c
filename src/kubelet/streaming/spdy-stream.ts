// One SPDY stream as a Node Duplex: what is written goes out as DATA frames, end() sends the FIN
// (a half-close: the peer's data keeps arriving), the peer's FIN ends the readable side. A
// RST_STREAM from the peer, or the loss of the connection, ends both sides but keeps the data
// already received readable: Go peers (containerd) write the exit status and then reset every
// stream, and Go readers see that data before EOF. destroy() by the user sends RST_STREAM.
import { Duplex } from 'node:stream';
import type { SpdyHeaders } from './spdy-header-block.js';

/** What a stream needs from its connection. */
export interface SpdyStreamOwner {
  /** Queues DATA frames (the last with FIN when `fin`); `done` once written or failed. */
  sendData(stream: SpdyStream, data: Buffer, fin: boolean, done: (err?: Error | null) => void): void;
  /** Queues RST_STREAM and forgets the stream. */
  sendReset(stream: SpdyStream, status: number): void;
  /** The stream's reader wants more: resume the transport if this stream had paused it. */
  readWanted(stream: SpdyStream): void;
  /** The stream was destroyed: forget it. */
  streamDestroyed(stream: SpdyStream): void;
}

/** A SPDY stream: `headers` are those of its SYN_STREAM; end() half-closes, reset() aborts. */
export class SpdyStream extends Duplex {
  /** Headers of the SYN_REPLY (streams this side opened), once it arrived. */
  replyHeaders: SpdyHeaders | undefined;
  /** The RST_STREAM status that ended the stream, when one did. */
  resetStatus: number | undefined;
  /** This side sent its FIN (or may not send: unidirectional from the peer). */
  localFinished: boolean;
  /** The peer sent its FIN (or reset the stream, or the connection is gone). */
  remoteFinished: boolean;
  /** The stream ended by a reset or by the loss of its connection rather than by FINs. */
  aborted = false;
  private held: (() => void)[] | undefined;

  constructor(
    private readonly owner: SpdyStreamOwner,
    /** The stream id (odd: opened by the client, even: by the server). */
    readonly id: number,
    /** Headers of its SYN_STREAM. */
    readonly headers: SpdyHeaders,
    state: { localFinished: boolean; remoteFinished: boolean; holdWrites: boolean },
  ) {
    super({ allowHalfOpen: true });
    // Writes fail once the connection is gone; that must not crash a process whose code only
    // watches 'close' (listeners added by users still see the error).
    this.on('error', () => undefined);
    this.localFinished = state.localFinished;
    this.remoteFinished = state.remoteFinished;
    this.held = state.holdWrites ? [] : undefined;
    if (this.remoteFinished) this.push(null);
  }

  /** Sends RST_STREAM (CANCEL unless told otherwise) and destroys the stream. */
  reset(status = 5): void {
    if (this.resetStatus === undefined && !this.aborted && !(this.localFinished && this.remoteFinished)) {
      this.resetStatus = status;
      this.owner.sendReset(this, status);
    }
    this.destroy();
  }

  /**
   * @internal The peer reset the stream (status) or the connection is gone (undefined): the
   * readable side ends after what was received, writes fail, and 'aborted' is emitted.
   */
  abortFromPeer(status: number | undefined): void {
    if (this.aborted) return;
    this.aborted = true;
    if (status !== undefined) this.resetStatus = status;
    this.localFinished = true;
    if (!this.remoteFinished) {
      this.remoteFinished = true;
      this.push(null);
    }
    this.emit('aborted');
    this.end();
  }

  /** @internal Releases writes held until the SYN_REPLY of an incoming stream was queued. */
  releaseWrites(): void {
    const held = this.held;
    this.held = undefined;
    for (const go of held ?? []) go();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (err?: Error | null) => void): void {
    if (this.held !== undefined) {
      this.held.push(() => this._write(chunk, _encoding, callback));
      return;
    }
    if (this.localFinished) {
      callback(new Error(`SPDY stream ${this.id} is closed for writing`));
      return;
    }
    this.owner.sendData(this, chunk, false, callback);
  }

  override _final(callback: (err?: Error | null) => void): void {
    if (this.held !== undefined) {
      this.held.push(() => this._final(callback));
      return;
    }
    if (this.localFinished) {
      callback();
      return;
    }
    this.localFinished = true;
    this.owner.sendData(this, Buffer.alloc(0), true, callback);
  }

  override _read(): void {
    this.owner.readWanted(this);
  }

  override _destroy(err: Error | null, callback: (err?: Error | null) => void): void {
    if (this.resetStatus === undefined && !this.aborted && !(this.localFinished && this.remoteFinished)) {
      // Destroyed while open (by its user): tell the peer, as spdystream's Reset does.
      this.resetStatus = 5;
      this.owner.sendReset(this, 5);
    }
    this.owner.streamDestroyed(this);
    callback(err);
  }
}
