import type { MessagePort } from 'node:worker_threads';
import { PortSocket } from './port-socket.js';

/** What one frame says of connection `id`: opened (with its metadata), data, bytes read, end, reset. */
export type LinkFrame =
  | readonly [kind: 'open', id: number, meta: unknown]
  | readonly [kind: 'data', id: number, data: Uint8Array]
  | readonly [kind: 'ack', id: number, bytes: number]
  | readonly [kind: 'end', id: number]
  | readonly [kind: 'reset', id: number];

/** A frame as it crosses: a data frame names its bytes' place in the batch's one block. */
type WireFrame =
  Exclude<LinkFrame, { 0: 'data' }> | readonly [kind: 'data', id: number, start: number, length: number];

/** One message between the ends: a turn's frames, and the bytes of all its data frames. */
interface Batch {
  readonly frames: readonly WireFrame[];
  readonly block: Uint8Array | undefined;
}

/**
 * Many socket connections between two threads over one MessagePort (a PortLink at each end of a
 * MessageChannel). One side opens connections (`open`); the other is told of each (`onOpen`).
 *
 * Frames are batched: everything the sockets of this end send in one turn of the event loop goes
 * out as one message, in order, after that turn's I/O callbacks, with the bytes of all its writes
 * copied into one block that moves to the other thread instead of being cloned, and each socket's
 * acknowledgements added up into one frame. At hundreds of requests and watch events a second, a
 * message (or a transferred buffer) per write was a measurable share of both threads' time. The port
 * keeps the thread running while any of its sockets is referenced; when the other end's thread
 * goes away (the port closes), every socket is destroyed, like connections of a dead peer.
 */
export class PortLink {
  private readonly sockets = new Map<number, PortSocket>();
  private nextId = 1;
  private outbox: LinkFrame[] = [];
  private outboxBytes = 0;
  /** Per socket id, bytes its reader took since the last batch: one ack frame each. */
  private acks = new Map<number, number>();
  private flushScheduled = false;
  private referenced = 0;
  private closed = false;

  constructor(
    private readonly port: MessagePort,
    /** Called for each connection the other end opens, with the socket for this end. */
    private readonly onOpen?: (socket: PortSocket, meta: unknown) => void,
  ) {
    port.on('message', (batch: Batch) => {
      const block = batch.block;
      for (const frame of batch.frames) {
        if (frame[0] !== 'data') this.receive(frame);
        // Readers of a socket expect Buffers: views of the block, which nothing else holds.
        else
          this.receive([
            'data',
            frame[1],
            Buffer.from(block!.buffer, block!.byteOffset + frame[2], frame[3]),
          ]);
      }
    });
    port.once('close', () => this.shut());
    port.unref();
  }

  /**
   * Opens a connection; `meta` (cloneable) reaches the other end's onOpen. Returns the client's
   * end. Only the end without onOpen opens connections, so the ids it picks are unique.
   */
  open(meta?: unknown): PortSocket {
    if (this.onOpen !== undefined) throw new Error('this end of the link accepts connections');
    const id = this.nextId++;
    const socket = this.attach(id, false);
    this.send(['open', id, meta]);
    return socket;
  }

  /**
   * Queues a frame for the next batch; dropped once the link is closed. A data frame's bytes are
   * read when the batch goes out, later in this turn: the writer must not change them before.
   */
  send(frame: LinkFrame): void {
    if (this.closed) return;
    this.outbox.push(frame);
    if (frame[0] === 'data') this.outboxBytes += frame[2].byteLength;
    this.scheduleFlush();
  }

  /** Acknowledges `bytes` read from socket `id`, in the next batch (added to any ack already due). */
  acknowledge(id: number, bytes: number): void {
    if (this.closed) return;
    this.acks.set(id, (this.acks.get(id) ?? 0) + bytes);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  /** The socket's end no longer needs the link (it was destroyed). */
  detach(id: number): void {
    this.sockets.delete(id);
  }

  /** A socket of this link holds the thread open (net.Socket.ref), or stops holding it. */
  hold(holding: boolean): void {
    this.referenced += holding ? 1 : -1;
    if (this.closed) return;
    if (this.referenced > 0) this.port.ref();
    else this.port.unref();
  }

  /** Destroys every socket and closes the port (the other end's sockets are destroyed too). */
  close(): void {
    this.flush();
    this.port.close();
    this.shut();
  }

  private attach(id: number, allowHalfOpen: boolean): PortSocket {
    const socket = new PortSocket(this, id, { allowHalfOpen });
    this.sockets.set(id, socket);
    return socket;
  }

  private receive(frame: LinkFrame): void {
    if (frame[0] === 'open') {
      const socket = this.attach(frame[1], true);
      if (this.onOpen) this.onOpen(socket, frame[2]);
      else socket.destroy();
      return;
    }
    this.sockets.get(frame[1])?.receive(frame);
  }

  private flush(): void {
    this.flushScheduled = false;
    if ((this.outbox.length === 0 && this.acks.size === 0) || this.closed) return;
    const frames: WireFrame[] = [];
    for (const [id, bytes] of this.acks) frames.push(['ack', id, bytes]);
    this.acks.clear();
    // One block owning every data frame's bytes: it moves to the other thread rather than being
    // copied there, and a write's chunk (often a view of a shared pool) is copied once, here.
    const block = this.outboxBytes > 0 ? new Uint8Array(this.outboxBytes) : undefined;
    let at = 0;
    for (const frame of this.outbox) {
      if (frame[0] !== 'data') {
        frames.push(frame);
        continue;
      }
      const data = frame[2];
      block!.set(data, at);
      frames.push(['data', frame[1], at, data.byteLength]);
      at += data.byteLength;
    }
    this.outbox = [];
    this.outboxBytes = 0;
    const batch: Batch = { frames, block };
    try {
      this.port.postMessage(batch, block !== undefined ? [block.buffer] : []);
    } catch {
      // The port is closed: the other end is gone, and so is anything sent to it.
    }
  }

  private shut(): void {
    if (this.closed) return;
    this.closed = true;
    this.outbox = [];
    this.outboxBytes = 0;
    this.acks.clear();
    for (const socket of [...this.sockets.values()]) socket.destroy();
    this.sockets.clear();
  }
}
