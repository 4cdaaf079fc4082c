import type { LinkFrame, PortLink } from './port-link.js';
import { SocketSurface } from './socket-surface.js';

// Bytes sent but not yet taken by the other end's reader before the writer is told to wait, about
// what a loopback TCP socket takes before write() reports backpressure.
const WINDOW_BYTES = 256 * 1024;

/**
 * One end of a connection between two threads, carried by a PortLink (the other end is the
 * PortSocket with the same id at the link's other end): a Duplex with net.Socket's surface
 * (SocketSurface), so an http.Server in one thread and an http.Agent in another can speak HTTP
 * over it as over TCP.
 *
 * The writer waits once WINDOW_BYTES are unread at the other end (each end acknowledges what its
 * reader took), so a slow reader pushes back on the writer as TCP would. Ending one side ends the
 * other's reading after the bytes before it; destroying one side resets the other.
 */
export class PortSocket extends SocketSurface {
  // Bytes sent that the other end's reader has not taken yet.
  private unacknowledged = 0;
  // Bytes this end's reader took that were not yet acknowledged (its buffer was full).
  private unreported = 0;
  private blockedWrite: (() => void) | undefined;
  private referenced = true;

  /**
   * Made by the link. `allowHalfOpen` as net.Socket's: false for a client's end (it ends its side
   * once the other side ended), true for the end a server accepts (it stays writable).
   */
  constructor(
    private readonly link: PortLink,
    private readonly id: number,
    options: { readonly allowHalfOpen: boolean },
  ) {
    super({ allowHalfOpen: options.allowHalfOpen, readableHighWaterMark: WINDOW_BYTES });
    link.hold(true);
  }

  /** Keeps the thread running while this socket is open (the default), as net.Socket.ref. */
  ref(): this {
    if (!this.referenced && !this.destroyed) {
      this.referenced = true;
      this.link.hold(true);
    }
    return this;
  }

  /** Lets the thread exit even though this socket is open (an agent's idle pooled socket). */
  unref(): this {
    if (this.referenced) {
      this.referenced = false;
      this.link.hold(false);
    }
    return this;
  }

  /** A frame from the other end (called by the link). */
  receive(frame: LinkFrame): void {
    if (this.destroyed) return;
    switch (frame[0]) {
      case 'data': {
        this.touch();
        const data = frame[2];
        const bytes = data.byteLength;
        // The link hands data over as Buffers, which readers of a socket expect.
        if (this.push(data)) this.link.acknowledge(this.id, bytes);
        else this.unreported += bytes;
        return;
      }
      case 'ack':
        this.unacknowledged -= frame[2];
        if (this.unacknowledged < WINDOW_BYTES) this.releaseBlockedWrite();
        return;
      case 'end':
        this.push(null);
        return;
      default:
        this.destroy();
    }
  }

  override _read(): void {
    if (this.unreported === 0) return;
    this.link.acknowledge(this.id, this.unreported);
    this.unreported = 0;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (err?: Error | null) => void): void {
    this.touch();
    // The link copies the chunk into its batch later this turn; writers do not reuse a chunk once
    // written, so it is not copied here.
    this.link.send(['data', this.id, chunk]);
    this.unacknowledged += chunk.length;
    if (this.unacknowledged < WINDOW_BYTES) callback();
    else this.blockedWrite = () => callback();
  }

  override _final(callback: (err?: Error | null) => void): void {
    this.link.send(['end', this.id]);
    callback();
  }

  override _destroy(err: Error | null, callback: (err?: Error | null) => void): void {
    this.unref();
    this.stopIdleTimer();
    this.releaseBlockedWrite();
    this.link.send(['reset', this.id]);
    this.link.detach(this.id);
    callback(err);
  }

  private releaseBlockedWrite(): void {
    const resume = this.blockedWrite;
    if (resume === undefined) return;
    this.blockedWrite = undefined;
    resume();
  }
}
