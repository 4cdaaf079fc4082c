// The npm `ws` package, typed for what this folder uses. The project has no @types/ws, so the
// CommonJS module is loaded through createRequire and described by the interfaces below.
import type { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import type { Duplex } from 'node:stream';

/** A `ws` WebSocket (server or client side). */
export interface WsSocket extends EventEmitter {
  /** 0 CONNECTING, 1 OPEN, 2 CLOSING, 3 CLOSED. */
  readonly readyState: number;
  /** The subprotocol the handshake chose ('' when none). */
  readonly protocol: string;
  readonly bufferedAmount: number;
  binaryType: 'nodebuffer' | 'arraybuffer' | 'fragments';
  send(data: Buffer | string, options: { binary: boolean }, callback?: (err?: Error) => void): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
  ping(data?: Buffer): void;
  pause(): void;
  resume(): void;
}

/** Options of a `ws` WebSocketServer used without its own HTTP server. */
export interface WsServerOptions {
  readonly noServer: true;
  readonly clientTracking?: boolean;
  readonly perMessageDeflate?: boolean;
  readonly maxPayload?: number;
  readonly autoPong?: boolean;
}

/** A `ws` WebSocketServer; emits 'headers' (the mutable response header lines) before the 101. */
export interface WsServer extends EventEmitter {
  handleUpgrade(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    callback: (ws: WsSocket, req: IncomingMessage) => void,
  ): void;
  close(): void;
}

/** Options of a `ws` client. */
export interface WsClientOptions {
  readonly headers?: Record<string, string>;
  readonly perMessageDeflate?: boolean;
  readonly maxPayload?: number;
  readonly rejectUnauthorized?: boolean;
  readonly ca?: string | Buffer;
  readonly cert?: string | Buffer;
  readonly key?: string | Buffer;
}

interface WsModule {
  WebSocketServer: new (options: WsServerOptions) => WsServer;
  WebSocket: new (url: string, protocols?: string | readonly string[], options?: WsClientOptions) => WsSocket;
}

const ws = createRequire(import.meta.url)('ws') as WsModule;

/** The WebSocketServer class of `ws`. */
export const WebSocketServer = ws.WebSocketServer;
/** The WebSocket (client) class of `ws`. */
export const WebSocketClient = ws.WebSocket;
/** readyState of an open WebSocket. */
export const wsOpen = 1;
