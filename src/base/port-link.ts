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

/** How a PortLink paces its batches (tests shorten them). */
export interface PortLinkTiming {
  /**
   * A turn that has been writing this long ships what it wrote so far, so the other thread can
   * work on it meanwhile (default 10 ms; 0 ships every write at once).
   */
  readonly flushAfterMs?: number;
  /**
   * A turn takes in batches for at most this long; later ones wait for the next turn of the event
   * loop (default 50 ms).
   */
  readonly receiveBudgetMs?: number;
}

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
 * message (or a transferred buffer) per write was a measurable share of both threads' time.
 *
 * Batches are paced so the two threads overlap instead of taking turns. A long turn (a burst of
 * requests, a scheduling run) ships what it wrote every `flushAfterMs`, so the other thread — on
 * another core — starts on it while this one is still busy; holding everything to the end of
 * the turn left one thread idle while the other worked, and kept a ReplicaSet's pod creates
 * waiting behind whole batches of bindings and status writes. And a thread takes in at most
 * `receiveBudgetMs` of batches per turn of its event loop: Node hands a port's waiting messages
 * over in one go, so a peer sending faster than this thread works would otherwise keep its timers
 * and sockets (kubectl's connections, in the apiserver's thread) waiting for seconds. The port
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
  /** When the oldest frame of the outbox was queued (performance.now()). */
  private firstQueued = 0;
  private referenced = 0;
  private closed = false;
  /** Batches that arrived after this turn's receive budget was spent, oldest first. */
  private backlog: Batch[] = [];
  /** When this turn's first batch arrived; -1 before one has. */
  private turnStart = -1;
  private readonly flushAfterMs: number;
  private readonly receiveBudgetMs: number;

  constructor(
    private readonly port: MessagePort,
    /** Called for each connection the other end opens, with the socket for this end. */
    private readonly onOpen?: (socket: PortSocket, meta: unknown) => void,
    timing: PortLinkTiming = {},
  ) {
    this.flushAfterMs = timing.flushAfterMs ?? 10;
    this.receiveBudgetMs = timing.receiveBudgetMs ?? 50;
    port.on('message', (batch: Batch) => {
      // In order: once one batch waits, every later one waits behind it.
      if (this.backlog.length > 0) {
        this.backlog.push(batch);
        return;
      }
      const now = performance.now();
      if (this.turnStart < 0) {
        this.turnStart = now;
        setImmediate(this.endTurn);
      } else if (now - this.turnStart > this.receiveBudgetMs) {
        this.backlog.push(batch);
        return;
      }
      this.deliver(batch);
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
    // An empty write carries nothing (and a batch of only empty writes would have no block).
    if (frame[0] === 'data' && frame[2].byteLength === 0) return;
    this.outbox.push(frame);
    this.scheduleFlush();
    if (frame[0] === 'data') {
      this.outboxBytes += frame[2].byteLength;
      if (performance.now() - this.firstQueued >= this.flushAfterMs) this.flush();
    }
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
    this.firstQueued = performance.now();
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

  /**
   * After the I/O of a turn: the turn's receive budget starts afresh, and waiting batches are taken
   * in for up to one budget, the rest in later turns.
   */
  private readonly endTurn = (): void => {
    this.turnStart = -1;
    if (this.backlog.length === 0) return;
    const start = performance.now();
    while (this.backlog.length > 0 && performance.now() - start <= this.receiveBudgetMs)
      this.deliver(this.backlog.shift()!);
    if (this.backlog.length > 0) setImmediate(this.endTurn);
  };

  /** Hands a batch's frames to their sockets. */
  private deliver(batch: Batch): void {
    const block = batch.block;
    for (const frame of batch.frames) {
      if (frame[0] !== 'data') this.receive(frame);
      // Readers of a socket expect Buffers: views of the block, which nothing else holds.
      else
        this.receive(['data', frame[1], Buffer.from(block!.buffer, block!.byteOffset + frame[2], frame[3])]);
    }
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
    this.backlog = [];
    this.outboxBytes = 0;
    this.acks.clear();
    for (const socket of [...this.sockets.values()]) socket.destroy();
    this.sockets.clear();
  }
}
