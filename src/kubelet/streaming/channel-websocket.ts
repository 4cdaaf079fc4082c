// The Kubernetes channel protocol on a WebSocket (wsstream.Conn): every message starts with a
// channel byte (base64 variants: an ASCII digit, then the payload in base64 as a text message).
// Channels this side reads become Readables; the others' messages are dropped, as wsstream's
// IgnoreChannel does. v5 adds the CLOSE signal `[255, channel]`: the client half-closes a
// channel (stdin EOF). Every channel ends when the WebSocket closes.
import { EventEmitter } from 'node:events';
import { Readable, Writable } from 'node:stream';
import { wsOpen, type WsSocket } from './ws-module.js';

/** The v5 CLOSE signal's channel byte. */
export const closeSignalChannel = 255;

/** How a ChannelWebSocket frames its messages. */
export interface ChannelWebSocketOptions {
  /** Text messages: channel as '0'+n, payload base64. */
  readonly base64: boolean;
  /** Honour the v5 CLOSE signal. */
  readonly closeSignal: boolean;
  /** Channels the peer writes and this side reads. */
  readonly readChannels: readonly number[];
}

/** A WebSocket multiplexing numbered channels; emits 'close' when the socket is gone. */
export class ChannelWebSocket extends EventEmitter {
  private readonly readers = new Map<number, Readable>();
  private readonly starving = new Set<number>();
  private readonly ended = new Set<number>();
  private closedFlag = false;
  private readonly closedPromise: Promise<void>;

  constructor(
    private readonly ws: WsSocket,
    private readonly options: ChannelWebSocketOptions,
  ) {
    super();
    for (const channel of options.readChannels) {
      const reader = new Readable({
        read: () => {
          if (this.starving.delete(channel) && this.starving.size === 0 && !this.closedFlag) this.ws.resume();
        },
      });
      this.readers.set(channel, reader);
    }
    this.closedPromise = new Promise((resolve) => {
      ws.on('close', () => {
        this.closedFlag = true;
        for (const channel of this.readers.keys()) this.endReader(channel);
        this.emit('close');
        resolve();
      });
    });
    ws.on('error', () => undefined);
    ws.on('message', (data: Buffer, isBinary: boolean) => this.receive(data, isBinary));
  }

  /** True once the WebSocket has closed. */
  get closed(): boolean {
    return this.closedFlag;
  }

  /** Resolves when the WebSocket has closed. */
  get done(): Promise<void> {
    return this.closedPromise;
  }

  /** What the peer sends on `channel` (one of the read channels); ends on CLOSE or socket close. */
  reader(channel: number): Readable {
    const reader = this.readers.get(channel);
    if (reader === undefined) throw new Error(`channel ${channel} is not read by this side`);
    return reader;
  }

  /** A Writable whose every write is one message on `channel`; end() sends nothing. */
  writer(channel: number): Writable {
    const writable = new Writable({
      write: (chunk: Buffer, _encoding, callback) => {
        this.send(channel, chunk).then(() => callback(), callback);
      },
    });
    // A peer that went away makes writes fail; callers watch the session, not each writer.
    writable.on('error', () => undefined);
    return writable;
  }

  /** Sends one message on `channel`; resolves once it was handed to the socket. */
  send(channel: number, payload: Buffer): Promise<void> {
    if (this.closedFlag || this.ws.readyState !== wsOpen) {
      return Promise.reject(new Error('websocket is closed'));
    }
    const message = this.options.base64
      ? String.fromCharCode(48 + channel) + payload.toString('base64')
      : Buffer.concat([Buffer.from([channel]), payload]);
    return new Promise((resolve, reject) => {
      this.ws.send(message, { binary: !this.options.base64 }, (err) => (err ? reject(err) : resolve()));
    });
  }

  /** Closes the WebSocket (normal closure) and resolves once it is closed (or dropped after `graceMs`). */
  close(code = 1000, graceMs = 5000): Promise<void> {
    if (!this.closedFlag) {
      this.ws.close(code);
      setTimeout(() => this.ws.terminate(), graceMs).unref();
    }
    return this.closedPromise;
  }

  /** Drops the WebSocket without a closing handshake. */
  terminate(): void {
    this.ws.terminate();
  }

  private endReader(channel: number): void {
    const reader = this.readers.get(channel);
    if (reader === undefined || this.ended.has(channel)) return;
    this.ended.add(channel);
    this.starving.delete(channel);
    reader.push(null);
    if (this.starving.size === 0 && !this.closedFlag) this.ws.resume();
  }

  private receive(data: Buffer, isBinary: boolean): void {
    if (data.length === 0) return;
    let channel: number;
    let payload: Buffer;
    if (this.options.base64) {
      if (isBinary) return;
      const text = data.toString('latin1');
      channel = text.charCodeAt(0) - 48;
      payload = Buffer.from(text.slice(1), 'base64');
    } else {
      channel = data[0]!;
      payload = data.subarray(1);
    }
    if (this.options.closeSignal && channel === closeSignalChannel) {
      // [255, n]: the client will send nothing more on channel n.
      if (payload.length === 1) this.endReader(payload[0]!);
      return;
    }
    const reader = this.readers.get(channel);
    if (reader === undefined || this.ended.has(channel) || payload.length === 0) return;
    if (!reader.push(payload)) {
      this.starving.add(channel);
      this.ws.pause();
    }
  }
}
