// The npm `ws` package under the names this folder uses (types from @types/ws).
import WebSocket, { WebSocketServer as WsServerClass } from 'ws';

/** A `ws` WebSocket (server or client side). */
export type WsSocket = WebSocket;
/** A `ws` WebSocketServer; emits 'headers' (the mutable response header lines) before the 101. */
export type WsServer = WsServerClass;
/** Options of a `ws` WebSocketServer. */
export type WsServerOptions = WebSocket.ServerOptions;
/** Options of a `ws` client. */
export type WsClientOptions = WebSocket.ClientOptions;

/** The WebSocketServer class of `ws`. */
export const WebSocketServer = WsServerClass;
/** The WebSocket (client) class of `ws`. */
export const WebSocketClient = WebSocket;
/** readyState of an open WebSocket. */
export const wsOpen = WebSocket.OPEN;
