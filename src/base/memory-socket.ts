import { SocketSurface } from './socket-surface.js';

// Bytes in flight towards one end (delivered but unread, or not yet delivered) before its writer
// is told to wait, about what a loopback TCP socket takes before write() reports backpressure.
const BUFFERED_BYTES = 64 * 1024;

// Like a TCP socket's handle, a referenced open MemorySocket keeps the process running: one shared
// timer stays referenced while any is.
let referencedSockets = 0;
const loopHold = setInterval(() => {}, 1 << 30);
loopHold.unref();

function hold(): void {
  if (referencedSockets++ === 0) loopHold.ref();
}

function release(): void {
  if (--referencedSockets === 0) loopHold.unref();
}

/**
 * One end of an in-memory connection (see memorySocketPair): a Duplex with net.Socket's surface
 * (SocketSurface), so an http.Server and an http.Agent can speak HTTP over it as over TCP.
 *
 * Delivery is asynchronous as on a socket: bytes written in one turn of the event loop reach the
 * other end together in a later one (a setImmediate), never inside the writer's call. So a
 * request and its handling never run in one synchronous chain, and timers and other I/O get their
 * turns between deliveries, as with real connections. Ending one side ends the other's reading
 * after the bytes before it (a FIN); destroying one side delivers what it wrote and then closes
 * the other (a reset); bytes written towards a closed end are dropped.
 */
export class MemorySocket extends SocketSurface {
  private peer: MemorySocket | undefined;
  // Bytes written to this end by the peer, not yet delivered to this end's reader.
  private inbox: Buffer[] = [];
  private inboxBytes = 0;
  private inboxEnded = false;
  private peerDestroyed = false;
  private deliveryScheduled = false;
  // The peer's write waiting for this end to take more bytes (backpressure).
  private blockedWrite: (() => void) | undefined;
  private referenced = true;

  private constructor(allowHalfOpen: boolean) {
    super({ allowHalfOpen, readableHighWaterMark: BUFFERED_BYTES });
    hold();
  }

  /**
   * Two connected ends: what one writes, the other reads. The first behaves like a client's
   * net.Socket (it ends its side once the other side ended), the second like a socket a server
   * accepted (it stays writable after the other side ended, as http.Server's sockets do).
   */
  static pair(): [MemorySocket, MemorySocket] {
    const a = new MemorySocket(false);
    const b = new MemorySocket(true);
    a.peer = b;
    b.peer = a;
    return [a, b];
  }

  /** Keeps the process running while this socket is open (the default), as net.Socket.ref. */
  ref(): this {
    if (!this.referenced && !this.destroyed) {
      this.referenced = true;
      hold();
    }
    return this;
  }

  /** Lets the process exit even though this socket is open (an agent's idle pooled socket). */
  unref(): this {
    if (this.referenced) {
      this.referenced = false;
      release();
    }
    return this;
  }

  override _read(): void {
    this.releaseBlockedWrite();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (err?: Error | null) => void): void {
    const peer = this.peer;
    if (peer === undefined || peer.destroyed) {
      // As on TCP the write succeeds locally; the reset is on its way (see _destroy).
      callback();
      return;
    }
    this.touch();
    peer.inbox.push(chunk);
    peer.inboxBytes += chunk.length;
    peer.scheduleDelivery();
    // Like a full socket buffer: the writer waits until the reader takes bytes.
    if (peer.inboxBytes + peer.readableLength < BUFFERED_BYTES) callback();
    else peer.blockedWrite = () => callback();
  }

  override _final(callback: (err?: Error | null) => void): void {
    const peer = this.peer;
    if (peer !== undefined && !peer.destroyed) {
      peer.inboxEnded = true;
      peer.scheduleDelivery();
    }
    callback();
  }

  override _destroy(err: Error | null, callback: (err?: Error | null) => void): void {
    this.unref();
    this.stopIdleTimer();
    this.inbox = [];
    this.inboxBytes = 0;
    this.releaseBlockedWrite();
    const peer = this.peer;
    this.peer = undefined;
    if (peer !== undefined && !peer.destroyed) {
      peer.peerDestroyed = true;
      peer.scheduleDelivery();
    }
    callback(err);
  }

  private scheduleDelivery(): void {
    if (this.deliveryScheduled) return;
    this.deliveryScheduled = true;
    setImmediate(() => this.deliver());
  }

  // Hands this end's reader everything written to it since the last delivery, as one chunk.
  private deliver(): void {
    this.deliveryScheduled = false;
    if (this.destroyed) return;
    if (this.inboxBytes > 0) {
      const data = this.inbox.length === 1 ? this.inbox[0]! : Buffer.concat(this.inbox, this.inboxBytes);
      this.inbox = [];
      this.inboxBytes = 0;
      this.touch();
      this.push(data);
    }
    if (this.peerDestroyed) {
      this.destroy();
      return;
    }
    if (this.inboxEnded) this.push(null);
    if (this.readableLength < BUFFERED_BYTES) this.releaseBlockedWrite();
  }

  private releaseBlockedWrite(): void {
    const resume = this.blockedWrite;
    if (resume === undefined) return;
    this.blockedWrite = undefined;
    resume();
  }
}

/** A connected pair of in-memory sockets, e.g. an HTTP client's end and a server's end. */
export function memorySocketPair(): [MemorySocket, MemorySocket] {
  return MemorySocket.pair();
}
