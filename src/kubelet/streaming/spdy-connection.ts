// A SPDY/3.1 connection over any byte stream (a socket after an HTTP upgrade, or a WebSocket tunnel
// whose messages carry arbitrary slices of it), in the client role (odd stream ids, as kubectl) or
// the server role (even ids, as the kubelet). What kubectl, client-go and containerd rely on:
// every SYN_STREAM gets a SYN_REPLY unless refused, PINGs are echoed unchanged, GOAWAY ends the
// connection, and streams half-close with FIN. Flow control (WINDOW_UPDATE) is neither enforced
// nor sent, as in Go's spdystream; a reader that falls behind pauses the whole connection instead.
import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import {
  encodeSpdyFrame,
  SpdyFrameReader,
  SpdyProtocolError,
  spdyGoAwayStatus,
  spdyRstStatus,
  type SpdyFrame,
} from './spdy-frames.js';
import {
  SpdyHeaderCompressor,
  SpdyHeaderDecompressor,
  SpdyHeaderBlockError,
  type SpdyHeaders,
} from './spdy-header-block.js';
import { SpdyStream, type SpdyStreamOwner } from './spdy-stream.js';

/** Options of a SpdyConnection. */
export interface SpdyConnectionOptions {
  /** The connection's bytes; ended when the connection closes. */
  readonly transport: Duplex;
  /** client: opens odd-numbered streams (kubectl's side); server: even (the kubelet's side). */
  readonly role: 'client' | 'server';
  /**
   * Called for every stream the peer opens, before its SYN_REPLY goes out; throwing refuses the
   * stream (RST_STREAM), as an error from client-go's NewStreamHandler does.
   */
  readonly onStream?: (stream: SpdyStream) => void;
  /** Bytes the upgrade already read past the HTTP headers: the first SPDY bytes. */
  readonly head?: Buffer;
}

/** Options of SpdyConnection.openStream. */
export interface OpenStreamOptions {
  /** How long to wait for the SYN_REPLY (client-go waits 30 s). */
  readonly timeoutMs?: number;
}

// Data frames are cut to this size so that one large write does not starve the other streams.
const maxDataFrame = 32 * 1024;

/**
 * A SPDY/3.1 session. Emits 'close' once the transport is gone (every stream then ends) and
 * 'goaway' when the peer sent GOAWAY.
 */
export class SpdyConnection extends EventEmitter implements SpdyStreamOwner {
  private readonly transport: Duplex;
  private readonly role: 'client' | 'server';
  private readonly onStream: ((stream: SpdyStream) => void) | undefined;
  private readonly reader = new SpdyFrameReader();
  private readonly compressor = new SpdyHeaderCompressor();
  private readonly decompressor = new SpdyHeaderDecompressor();
  private readonly streams = new Map<number, SpdyStream>();
  private readonly pendingReplies = new Map<
    number,
    { resolve: (s: SpdyStream) => void; reject: (e: Error) => void }
  >();
  private readonly pendingPings = new Map<
    number,
    { started: number; resolve: (ms: number) => void; reject: (e: Error) => void }
  >();
  private readonly starving = new Set<SpdyStream>();
  private readonly inbound: (SpdyFrame | 'end' | 'close')[] = [];
  private pumping = false;
  private outbound: Promise<void> = Promise.resolve();
  private nextStreamId: number;
  private nextPingId: number;
  private lastPeerStreamId = 0;
  private sentGoAway = false;
  private peerGoneAway = false;
  private closedFlag = false;
  private readonly closedPromise: Promise<void>;
  private resolveClosed!: () => void;

  constructor(options: SpdyConnectionOptions) {
    super();
    this.transport = options.transport;
    this.role = options.role;
    this.onStream = options.onStream;
    this.nextStreamId = options.role === 'client' ? 1 : 2;
    this.nextPingId = options.role === 'client' ? 1 : 2;
    this.closedPromise = new Promise((resolve) => (this.resolveClosed = resolve));
    this.transport.on('data', (chunk: Buffer) => this.receive(chunk));
    // The transport's end and close wait behind the frames received before them, whose
    // handling may still be waiting for zlib: the peer's last SYN_REPLY or DATA must not be lost.
    this.transport.on('end', () => this.enqueueInbound('end'));
    this.transport.on('close', () => this.enqueueInbound('close'));
    this.transport.on('error', () => this.enqueueInbound('close'));
    if (options.head !== undefined && options.head.length > 0) this.receive(options.head);
  }

  /** True once the transport is gone. */
  get closed(): boolean {
    return this.closedFlag;
  }

  /** Resolves when the connection has closed. */
  get done(): Promise<void> {
    return this.closedPromise;
  }

  /** Opens a stream with these headers and resolves once the peer's SYN_REPLY arrived. */
  openStream(headers: SpdyHeaders, options: OpenStreamOptions = {}): Promise<SpdyStream> {
    if (this.closedFlag || this.sentGoAway || this.peerGoneAway) {
      return Promise.reject(new Error('SPDY connection is closing; cannot open a stream'));
    }
    const id = this.nextStreamId;
    this.nextStreamId += 2;
    const stream = new SpdyStream(this, id, headers, {
      localFinished: false,
      remoteFinished: false,
      holdWrites: false,
    });
    this.streams.set(id, stream);
    const timeoutMs = options.timeoutMs ?? 30_000;
    return new Promise<SpdyStream>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pendingReplies.delete(id);
        stream.reset(spdyRstStatus.cancel);
        reject(new Error(`timed out waiting for the reply to SPDY stream ${id} after ${timeoutMs} ms`));
      }, timeoutMs);
      this.pendingReplies.set(id, {
        resolve: (s) => {
          clearTimeout(timer);
          resolve(s);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.enqueue(async () =>
        encodeSpdyFrame({
          type: 'syn_stream',
          streamId: id,
          associatedStreamId: 0,
          priority: 0,
          slot: 0,
          fin: false,
          unidirectional: false,
          headerBlock: await this.compressor.compress(headers),
        }),
      );
    });
  }

  /** Sends a PING and resolves with the round trip in ms when the peer echoes it. */
  ping(timeoutMs = 30_000): Promise<number> {
    if (this.closedFlag) return Promise.reject(new Error('SPDY connection is closed'));
    const id = this.nextPingId;
    this.nextPingId = (this.nextPingId + 2) >>> 0;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pendingPings.delete(id);
        reject(new Error(`no answer to SPDY PING ${id} after ${timeoutMs} ms`));
      }, timeoutMs);
      this.pendingPings.set(id, {
        started: performance.now(),
        resolve: (ms) => {
          clearTimeout(timer);
          resolve(ms);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.enqueue(() => encodeSpdyFrame({ type: 'ping', id }));
    });
  }

  /** Sends GOAWAY (no new streams from the peer are accepted afterwards). */
  goAway(status: number = spdyGoAwayStatus.ok): void {
    if (this.sentGoAway || this.closedFlag) return;
    this.sentGoAway = true;
    const lastGoodStreamId = this.lastPeerStreamId;
    this.enqueue(() => encodeSpdyFrame({ type: 'goaway', lastGoodStreamId, status }));
  }

  /**
   * GOAWAY, then ends the transport once everything queued before has been written; drops it
   * after `graceMs` if the peer has not closed its side by then.
   */
  close(graceMs = 5000): Promise<void> {
    this.goAway();
    this.enqueueAction(() => {
      if (this.closedFlag) return;
      this.transport.end();
      setTimeout(() => this.destroy(), graceMs).unref();
    });
    return this.closedPromise;
  }

  /** Drops the transport at once; every stream ends. */
  destroy(): void {
    this.transport.destroy();
    this.terminate();
  }

  // ---- SpdyStreamOwner -----------------------------------------------------------------------

  /** @internal */
  sendData(stream: SpdyStream, data: Buffer, fin: boolean, done: (err?: Error | null) => void): void {
    if (this.closedFlag) {
      done(new Error('SPDY connection is closed'));
      return;
    }
    const pieces: Buffer[] = [];
    for (let at = 0; at < data.length; at += maxDataFrame) pieces.push(data.subarray(at, at + maxDataFrame));
    if (pieces.length === 0) pieces.push(data);
    pieces.forEach((piece, i) => {
      const last = i === pieces.length - 1;
      this.enqueue(
        () => encodeSpdyFrame({ type: 'data', streamId: stream.id, fin: fin && last, data: piece }),
        last ? done : undefined,
      );
    });
    if (fin) this.maybeForget(stream);
  }

  /** @internal */
  sendReset(stream: SpdyStream, status: number): void {
    this.streams.delete(stream.id);
    if (this.closedFlag) return;
    this.enqueue(() => encodeSpdyFrame({ type: 'rst_stream', streamId: stream.id, status }));
  }

  /** @internal */
  readWanted(stream: SpdyStream): void {
    if (this.starving.delete(stream) && this.starving.size === 0 && !this.closedFlag) this.transport.resume();
  }

  /** @internal */
  streamDestroyed(stream: SpdyStream): void {
    if (this.streams.get(stream.id) === stream) this.streams.delete(stream.id);
    this.readWanted(stream);
  }

  // ---- inbound -------------------------------------------------------------------------------

  private receive(chunk: Buffer): void {
    if (this.closedFlag) return;
    let frames: SpdyFrame[];
    try {
      frames = this.reader.push(chunk);
    } catch (err) {
      this.fail(err as Error);
      return;
    }
    if (frames.length === 0) return;
    this.inbound.push(...frames);
    this.pump();
  }

  private enqueueInbound(event: 'end' | 'close'): void {
    this.inbound.push(event);
    this.pump();
  }

  // Frames are handled strictly in order; header frames wait for their (asynchronous) zlib block,
  // and everything after them waits too, so no DATA can overtake the SYN_STREAM of its stream.
  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    void (async () => {
      try {
        while (this.inbound.length > 0 && !this.closedFlag) {
          const item = this.inbound.shift()!;
          if (item === 'end') this.peerEnded();
          else if (item === 'close') this.terminate();
          else {
            const pending = this.handle(item);
            if (pending !== undefined) await pending;
          }
        }
      } catch (err) {
        this.fail(err as Error);
      } finally {
        this.pumping = false;
      }
    })();
  }

  private handle(frame: SpdyFrame): Promise<void> | undefined {
    switch (frame.type) {
      case 'data':
        this.handleData(frame.streamId, frame.data, frame.fin);
        return undefined;
      case 'syn_stream':
        return this.handleSynStream(frame);
      case 'syn_reply':
        return this.handleSynReply(frame.streamId, frame.headerBlock, frame.fin);
      case 'headers':
        return this.decompressor.decompress(frame.headerBlock).then(() => {
          if (frame.fin) this.remoteFin(frame.streamId);
        });
      case 'rst_stream':
        this.handleReset(frame.streamId, frame.status);
        return undefined;
      case 'ping':
        this.handlePing(frame.id);
        return undefined;
      case 'goaway':
        this.handleGoAway(frame.lastGoodStreamId);
        return undefined;
      case 'settings':
      case 'window_update':
      case 'unknown':
        return undefined;
    }
  }

  private handleData(streamId: number, data: Buffer, fin: boolean): void {
    const stream = this.streams.get(streamId);
    if (stream === undefined) {
      // A stream reset or finished a moment ago may still see frames in flight: ignore those.
      if (!this.isKnownId(streamId)) this.sendRstForId(streamId, spdyRstStatus.invalidStream);
      return;
    }
    if (stream.remoteFinished) {
      stream.reset(spdyRstStatus.streamAlreadyClosed);
      return;
    }
    if (data.length > 0 && !stream.destroyed && !stream.push(data)) {
      this.starving.add(stream);
      this.transport.pause();
    }
    if (fin) this.remoteFin(streamId);
  }

  private async handleSynStream(frame: Extract<SpdyFrame, { type: 'syn_stream' }>): Promise<void> {
    // Decompress even streams we refuse: the zlib context spans every header block.
    const headers = await this.decompressor.decompress(frame.headerBlock);
    const id = frame.streamId;
    const peerParity = this.role === 'server' ? 1 : 0;
    if (id === 0 || id % 2 !== peerParity || id <= this.lastPeerStreamId) {
      this.sendRstForId(id, spdyRstStatus.protocolError);
      return;
    }
    this.lastPeerStreamId = id;
    if (this.sentGoAway) {
      this.sendRstForId(id, spdyRstStatus.refusedStream);
      return;
    }
    const stream = new SpdyStream(this, id, headers, {
      localFinished: frame.unidirectional,
      remoteFinished: frame.fin,
      holdWrites: true,
    });
    this.streams.set(id, stream);
    try {
      this.onStream?.(stream);
    } catch {
      stream.reset(spdyRstStatus.cancel);
      return;
    }
    if (!frame.unidirectional && !stream.destroyed) {
      this.enqueue(async () =>
        encodeSpdyFrame({
          type: 'syn_reply',
          streamId: id,
          fin: false,
          headerBlock: await this.compressor.compress({}),
        }),
      );
    }
    stream.releaseWrites();
    if (frame.fin) this.maybeForget(stream);
  }

  private async handleSynReply(streamId: number, headerBlock: Buffer, fin: boolean): Promise<void> {
    const headers = await this.decompressor.decompress(headerBlock);
    const stream = this.streams.get(streamId);
    const pending = this.pendingReplies.get(streamId);
    if (stream === undefined || pending === undefined) return;
    this.pendingReplies.delete(streamId);
    stream.replyHeaders = headers;
    pending.resolve(stream);
    if (fin) this.remoteFin(streamId);
  }

  private handleReset(streamId: number, status: number): void {
    const stream = this.streams.get(streamId);
    this.streams.delete(streamId);
    if (stream === undefined) return;
    const pending = this.pendingReplies.get(streamId);
    if (pending !== undefined) {
      this.pendingReplies.delete(streamId);
      pending.reject(new Error(`SPDY stream ${streamId} was reset by the peer (status ${status})`));
    }
    this.readWanted(stream);
    stream.abortFromPeer(status);
  }

  private handlePing(id: number): void {
    const ours = id % 2 === (this.role === 'client' ? 1 : 0);
    if (!ours) {
      this.enqueue(() => encodeSpdyFrame({ type: 'ping', id }));
      return;
    }
    const pending = this.pendingPings.get(id);
    if (pending === undefined) return;
    this.pendingPings.delete(id);
    pending.resolve(performance.now() - pending.started);
  }

  private handleGoAway(lastGoodStreamId: number): void {
    this.peerGoneAway = true;
    for (const [id, pending] of this.pendingReplies) {
      if (id > lastGoodStreamId) {
        this.pendingReplies.delete(id);
        pending.reject(new Error(`SPDY stream ${id} was refused: the peer sent GOAWAY`));
      }
    }
    this.emit('goaway', lastGoodStreamId);
  }

  private remoteFin(streamId: number): void {
    const stream = this.streams.get(streamId);
    if (stream === undefined || stream.remoteFinished) return;
    stream.remoteFinished = true;
    stream.push(null);
    this.maybeForget(stream);
  }

  private maybeForget(stream: SpdyStream): void {
    if (stream.localFinished && stream.remoteFinished && this.streams.get(stream.id) === stream) {
      this.streams.delete(stream.id);
    }
  }

  private isKnownId(id: number): boolean {
    const ownParity = this.role === 'client' ? 1 : 0;
    return id % 2 === ownParity ? id < this.nextStreamId : id <= this.lastPeerStreamId;
  }

  private sendRstForId(streamId: number, status: number): void {
    this.enqueue(() => encodeSpdyFrame({ type: 'rst_stream', streamId, status }));
  }

  // ---- outbound ------------------------------------------------------------------------------

  // Every frame goes through one ordered queue, because header frames wait for zlib and must
  // keep their place ahead of the DATA frames of their stream.
  private enqueue(build: () => Buffer | Promise<Buffer>, done?: (err?: Error | null) => void): void {
    this.outbound = this.outbound.then(async () => {
      if (this.closedFlag) {
        done?.(new Error('SPDY connection is closed'));
        return;
      }
      try {
        await this.write(await build());
        done?.();
      } catch (err) {
        done?.(err as Error);
        this.fail(err as Error);
      }
    });
  }

  private enqueueAction(action: () => void): void {
    this.outbound = this.outbound.then(() => {
      try {
        action();
      } catch {
        this.terminate();
      }
    });
  }

  private write(bytes: Buffer): Promise<void> | undefined {
    if (this.transport.write(bytes)) return undefined;
    return new Promise((resolve) => {
      const settle = () => {
        this.transport.off('drain', settle);
        this.off('close', settle);
        resolve();
      };
      this.transport.on('drain', settle);
      this.on('close', settle);
    });
  }

  // ---- teardown ------------------------------------------------------------------------------

  private fail(err: Error): void {
    if (this.closedFlag) return;
    if (err instanceof SpdyProtocolError || err instanceof SpdyHeaderBlockError) {
      // Tell the peer why, then drop the connection.
      this.goAway(spdyGoAwayStatus.protocolError);
      this.enqueueAction(() => this.destroy());
      return;
    }
    this.destroy();
  }

  private peerEnded(): void {
    // The peer will send nothing more: every stream's readable side ends, and once what we queued
    // is out, our side of the transport ends too.
    for (const stream of this.streams.values()) {
      if (!stream.remoteFinished) {
        stream.remoteFinished = true;
        stream.push(null);
      }
    }
    this.enqueueAction(() => {
      if (!this.closedFlag) this.transport.end();
    });
  }

  private terminate(): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    for (const pending of this.pendingReplies.values()) pending.reject(new Error('SPDY connection closed'));
    this.pendingReplies.clear();
    for (const pending of this.pendingPings.values()) pending.reject(new Error('SPDY connection closed'));
    this.pendingPings.clear();
    // Like spdystream's closeRemoteChannels: readers see what arrived, then EOF; writes fail.
    for (const stream of [...this.streams.values()]) stream.abortFromPeer(undefined);
    this.streams.clear();
    this.starving.clear();
    this.compressor.close();
    this.decompressor.close();
    if (!this.transport.destroyed) this.transport.destroy();
    this.emit('close');
    this.resolveClosed();
  }
}
