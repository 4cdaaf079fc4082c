// Requests that ask to switch protocols (Connection: Upgrade — the WebSocket and SPDY requests of
// exec, attach and port-forward, and upgrades passed through the proxy subresources). node:http
// hands them over with the raw socket instead of a response; this gives them a response on that
// socket so they run through the same handler chain (authentication, audit, authorization,
// admission, errors as Status) as any request, and lets an endpoint take the socket over once it
// has decided to switch — upstream's http.Hijacker.

import { ServerResponse, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

// The sockets of upgrade requests whose endpoint may still take them over, by response.
const takeable = new WeakMap<ServerResponse, Duplex>();
// Responses whose socket was taken over: their own end must no longer touch the socket.
const takenOver = new WeakSet<ServerResponse>();

/** Serves upgrade requests through the normal handler and ends their connections on shutdown. */
export class UpgradedConnections {
  private readonly open = new Set<Duplex>();

  /**
   * Runs `handler` for an upgrade request node handed over (`socket` with the bytes already read
   * past the headers in `head`). Until an endpoint takes the socket over, the response writes a
   * normal HTTP answer and the connection closes after it: nothing else may be read from it.
   */
  serve(
    handler: (req: IncomingMessage, res: ServerResponse) => void,
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
  ): void {
    this.open.add(socket);
    socket.once('close', () => this.open.delete(socket));
    // Whoever relays the socket sees its errors through close; node no longer listens for them.
    socket.on('error', () => socket.destroy());
    // A session may stay idle for hours (an interactive shell); only TCP keep-alive watches it.
    const net = socket as Duplex & { setTimeout?(ms: number): void; setKeepAlive?(on: boolean): void };
    net.setTimeout?.(0);
    net.setKeepAlive?.(true);
    // Bytes the client sent after the headers belong to the switched protocol: put them back so
    // whoever takes the socket over reads them first.
    if (head.length > 0) socket.unshift(head);
    const res = new ServerResponse(req);
    res.shouldKeepAlive = false;
    res.assignSocket(socket as Parameters<ServerResponse['assignSocket']>[0]);
    takeable.set(res, socket);
    res.once('finish', () => {
      if (!takenOver.has(res)) socket.end();
    });
    handler(req, res);
  }

  /** Cuts every upgrade connection still open (sessions outlive the HTTP server's own close). */
  closeAll(): void {
    for (const socket of this.open) socket.destroy();
    this.open.clear();
  }
}

/** True when `res` answers an upgrade request whose connection an endpoint can take over. */
export function canTakeOverConnection(res: ServerResponse): boolean {
  return takeable.has(res);
}

/**
 * Takes the connection of an upgrade request away from its response: the caller now owns the raw
 * socket (and must close it), while the response is marked as answered with 101 Switching Protocols
 * for audit and metrics without a byte of it being written. Undefined when the request did not come
 * in as an upgrade (a plain request, or the in-process transport).
 */
export function takeOverConnection(res: ServerResponse): Duplex | undefined {
  const socket = takeable.get(res);
  if (socket === undefined) return undefined;
  takeable.delete(res);
  takenOver.add(res);
  res.detachSocket(socket as Parameters<ServerResponse['detachSocket']>[0]);
  // Detached, the response writes nowhere; writeHead records the status and lets the audit
  // see the response start, as upstream's audit sees a hijack.
  res.statusCode = 101;
  res.writeHead(101);
  return socket;
}
