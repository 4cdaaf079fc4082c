import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { memorySocketPair } from '../../base/memory-socket.js';
import { bindConnectionUser } from '../authn/connection-identity.js';
import type { UserInfo } from './api-request.js';

/** The node:http server settings the in-process server copies from the public one. */
export interface HttpServerTimeouts {
  readonly requestTimeout: number;
  readonly headersTimeout: number;
  readonly keepAliveTimeout: number;
}

/**
 * The apiserver's door for components in its own process (`k8ts server`): an http.Server that
 * never listens, given in-memory connections one at a time. Requests run the very handler the
 * HTTPS server runs — authentication, in-flight limits, timeouts, authorization, admission — with
 * the same node:http parsing, keep-alive and chunked streaming, minus TCP and TLS.
 */
export class InProcessServer {
  private readonly server: Server;
  // The server ends of the open connections, so close() knows when they are all gone.
  private readonly open = new Set<Duplex>();
  private closed = false;
  private drained: (() => void) | undefined;

  constructor(handler: (req: IncomingMessage, res: ServerResponse) => void, timeouts: HttpServerTimeouts) {
    this.server = createServer(handler);
    this.server.requestTimeout = timeouts.requestTimeout;
    this.server.headersTimeout = timeouts.headersTimeout;
    this.server.keepAliveTimeout = timeouts.keepAliveTimeout;
    // node starts tracking connections (header and request timeouts, closeAllConnections) when a
    // server starts listening; this one never does, so start it as listen would.
    this.server.emit('listening');
  }

  /**
   * Opens a connection and returns the client's end. With `user`, every request on it is that
   * user's (no credentials needed or read); without, it is like a TLS connection without a client
   * certificate: requests authenticate with their bearer token, or are anonymous. Throws
   * ECONNREFUSED once the server is closing.
   */
  connect(user?: UserInfo): Duplex {
    this.refuseWhenClosed();
    const [client, server] = memorySocketPair();
    this.accept(server, user);
    return client;
  }

  /**
   * Serves a connection whose client end is elsewhere, e.g. in another thread: `socket` is the
   * server's end, with net.Socket's surface. `user` as for connect; a closing server destroys it.
   */
  accept(socket: Duplex, user?: UserInfo): void {
    try {
      this.refuseWhenClosed();
    } catch (err) {
      socket.destroy();
      throw err;
    }
    if (user !== undefined) bindConnectionUser(socket, user);
    this.open.add(socket);
    socket.once('close', () => {
      this.open.delete(socket);
      if (this.open.size === 0) this.drained?.();
    });
    this.server.emit('connection', socket);
  }

  private refuseWhenClosed(): void {
    if (this.closed)
      throw Object.assign(new Error('connect ECONNREFUSED: the API server is shutting down'), {
        code: 'ECONNREFUSED',
      });
  }

  /**
   * Refuses new connections and closes idle ones at once, then cuts the rest after `graceMs`
   * (streams still open then), as the HTTPS server closes.
   */
  async close(graceMs: number): Promise<void> {
    this.closed = true;
    // close() also stops node's connection checks; it reports "not running" since nothing listened.
    this.server.close(() => {});
    this.server.closeIdleConnections();
    if (this.open.size > 0) await this.drain(graceMs);
    // The clients' ends learn of the close in the next turn; then nobody reuses a dead connection.
    await new Promise(setImmediate);
  }

  // Resolves once every connection closed, or after graceMs with the rest cut.
  private drain(graceMs: number): Promise<void> {
    return new Promise<void>((resolve) => {
      this.drained = resolve;
      setTimeout(() => {
        this.server.closeAllConnections();
        // Connections not yet parsed into a request are not node's to close; cut them too.
        for (const socket of this.open) socket.destroy();
        resolve();
      }, graceMs).unref();
    });
  }
}
