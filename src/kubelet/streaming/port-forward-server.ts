// The entry point for port-forward upgrades. Three ways in, as clients speak them:
// - WebSocket with subprotocol "SPDY/3.1+portforward.k8s.io": kubectl 1.30+ (SPDY in messages);
// - WebSocket channel protocol (v4.channel.k8s.io, ?ports=): @kubernetes/client-node;
// - a raw SPDY/3.1 upgrade with X-Stream-Protocol-Version portforward.k8s.io: kubectl's fallback.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { servePortForwardOverSpdy, type PortForwardConnector } from './spdy-port-forward.js';
import { portForwardProtocol, spdyTunnelPortForwardProtocol } from './stream-protocols.js';
import {
  acceptSpdyUpgrade,
  acceptWebSocket,
  isWebSocketUpgrade,
  offeredWebSocketProtocols,
  writeHttpError,
} from './upgrade-handshake.js';
import { webSocketByteStream } from './websocket-byte-stream.js';
import { serveWebSocketPortForward } from './websocket-port-forward.js';

/** Options of servePortForward. */
export interface PortForwardOptions {
  /** Ports from the query (`port` or `ports`); needed by the WebSocket channel protocol only. */
  readonly ports?: readonly number[];
}

/**
 * Reads the ports of a port-forward query: the kubelet's repeated `port` and the pod API's
 * `ports`, each possibly comma-separated; returns upstream's error text for a bad value.
 */
export function parsePortForwardPorts(query: URLSearchParams): number[] | { error: string } {
  const ports: number[] = [];
  for (const value of [...query.getAll('port'), ...query.getAll('ports')]) {
    if (value === '') return { error: 'query parameter "port" cannot be empty' };
    for (const p of value.split(',')) {
      const port = Number(p);
      if (!/^\d+$/.test(p) || port > 65535)
        return { error: `unable to parse "${value}" as a port: invalid syntax` };
      if (port < 1) return { error: `port "${value}" must be > 0` };
      ports.push(port);
    }
  }
  return ports;
}

/**
 * Serves port-forward on an upgrade request; every forwarded connection calls `connect(port)`
 * for its target, whose failure (a rejection, or an 'error' on the target) is reported to the
 * client with the error's message. Resolves when the client's connection has closed.
 */
export async function servePortForward(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  options: PortForwardOptions,
  connect: PortForwardConnector,
): Promise<void> {
  if (isWebSocketUpgrade(req)) {
    if (offeredWebSocketProtocols(req).includes(spdyTunnelPortForwardProtocol)) {
      const ws = await acceptWebSocket(req, socket, head, spdyTunnelPortForwardProtocol);
      if (ws === undefined) return;
      await servePortForwardOverSpdy(webSocketByteStream(ws), undefined, connect);
      return;
    }
    const ports = options.ports ?? [];
    if (ports.length === 0) {
      writeHttpError(socket, 400, 'query parameter "port" is required');
      return;
    }
    await serveWebSocketPortForward(req, socket, head, ports, connect);
    return;
  }
  if (acceptSpdyUpgrade(req, socket, [portForwardProtocol]) === undefined) return;
  await servePortForwardOverSpdy(socket, head, connect);
}
