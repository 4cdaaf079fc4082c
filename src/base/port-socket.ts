import type { MessagePort } from 'node:worker_threads';
import { SocketSurface } from './socket-surface.js';

// Bytes sent but not yet taken by the other end's reader before the writer is told to wait, about
// what a loopback TCP socket takes before write() reports backpressure.
const WINDOW_BYTES = 256 * 1024;

/** What travels over the port: data, an acknowledgement of bytes read, the end, or a reset. */
type Frame =
  | { readonly data: Uint8Array }
  | { readonly ack: number }
  | { readonly end: true }
  | { readonly reset: true };

/**
 * One end of a connection between two threads, over a MessagePort (the other end is a PortSocket
 * over the port's twin): a Duplex with net.Socket's surface (SocketSurface), so an http.Server in
 * one thread and an http.Agent in another can speak HTTP over it as over TCP.
 *
 * Writes made in one synchronous run go out as one message. The writer waits once WINDOW_BYTES
 * are unread at the other end (each end acknowledges what its reader took), so a slow reader
 * pushes back on the writer as TCP would. Ending one side ends the other's reading after the bytes
 * before it; destroying one side resets the other; closing the port's twin (its thread exiting)
 * destroys this end.
 */
export class PortSocket extends SocketSurface {
  private outbox: Uint8Array[] = [];
  private flushScheduled = false;
  // Bytes sent that the other end's reader has not taken yet.
  private unacknowledged = 0;
  // Bytes this end's reader took that were not yet acknowledged (its buffer was full).
  private unreported = 0;
  private blockedWrite: (() => void) | undefined;

  /**
   * `allowHalfOpen` as net.Socket's: false for a client's end (it ends its side once the other
   * side ended), true for the end a server accepts (it stays writable).
   */
  constructor(
    private readonly port: MessagePort,
    options: { readonly allowHalfOpen: boolean },
  ) {
    super({ allowHalfOpen: options.allowHalfOpen, readableHighWaterMark: WINDOW_BYTES });
    port.on('message', (frame: Frame) => this.receive(frame));
    // The other thread closed its end (or exited): like a reset connection.
    port.once('close', () => this.destroy());
  }

  /** Keeps the thread running while this socket is open (the default), as net.Socket.ref. */
  ref(): this {
    this.port.ref();
    return this;
  }

  /** Lets the thread exit even though this socket is open (an agent's idle pooled socket). */
  unref(): this {
    this.port.unref();
    return this;
  }

  override _read(): void {
    if (this.unreported === 0) return;
    this.post({ ack: this.unreported });
    this.unreported = 0;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (err?: Error | null) => void): void {
    this.touch();
    this.outbox.push(chunk);
    this.unacknowledged += chunk.length;
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(() => this.flush());
    }
    if (this.unacknowledged < WINDOW_BYTES) callback();
    else this.blockedWrite = () => callback();
  }

  override _final(callback: (err?: Error | null) => void): void {
    this.flush();
    this.post({ end: true });
    callback();
  }

  override _destroy(err: Error | null, callback: (err?: Error | null) => void): void {
    this.stopIdleTimer();
    this.outbox = [];
    this.releaseBlockedWrite();
    this.post({ reset: true });
    this.port.close();
    callback(err);
  }

  // Sends what was written since the last flush as one message.
  private flush(): void {
    this.flushScheduled = false;
    if (this.outbox.length === 0) return;
    const data = this.outbox.length === 1 ? this.outbox[0]! : Buffer.concat(this.outbox);
    this.outbox = [];
    this.post({ data });
  }

  private receive(frame: Frame): void {
    if (this.destroyed) return;
    if ('data' in frame) {
      this.touch();
      const bytes = frame.data.byteLength;
      // The structured clone arrives as a plain Uint8Array; readers of a socket expect Buffers.
      const accepted = this.push(Buffer.from(frame.data.buffer, frame.data.byteOffset, bytes));
      if (accepted) this.post({ ack: bytes });
      else this.unreported += bytes;
    } else if ('ack' in frame) {
      this.unacknowledged -= frame.ack;
      if (this.unacknowledged < WINDOW_BYTES) this.releaseBlockedWrite();
    } else if ('end' in frame) {
      this.push(null);
    } else {
      this.destroy();
    }
  }

  private post(frame: Frame): void {
    try {
      this.port.postMessage(frame);
    } catch {
      // The port is closed: the other end is gone, and so is anything sent to it.
    }
  }

  private releaseBlockedWrite(): void {
    const resume = this.blockedWrite;
    if (resume === undefined) return;
    this.blockedWrite = undefined;
    resume();
  }
}
