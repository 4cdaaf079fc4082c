// Port-forward over the WebSocket channel protocol (client-node's PortForward; the kubelet's
// portforward websocket.go): the ports come from the query, port i uses data channel 2i and error
// channel 2i+1, and right after the upgrade each of those channels carries the port as two
// little-endian bytes. Each port is one connection to the target; the WebSocket closes once every
// one of them has ended.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { ChannelWebSocket } from './channel-websocket.js';
import type { PortForwardConnector } from './spdy-port-forward.js';
import {
  isBase64ChannelProtocol,
  negotiateProtocol,
  webSocketPortForwardProtocols,
} from './stream-protocols.js';
import { spliceStreams } from './stream-splice.js';
import { endWriter } from './end-writer.js';
import { acceptWebSocket, offeredWebSocketProtocols, rejectWebSocketProtocols } from './upgrade-handshake.js';

/** Serves one port-forward WebSocket upgrade for `ports`; resolves when it is over. */
export async function serveWebSocketPortForward(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  ports: readonly number[],
  connect: PortForwardConnector,
): Promise<void> {
  const offered = offeredWebSocketProtocols(req);
  const protocol = offered.length === 0 ? '' : negotiateProtocol(offered, webSocketPortForwardProtocols);
  if (protocol === undefined) {
    rejectWebSocketProtocols(socket, offered, webSocketPortForwardProtocols);
    return;
  }
  const ws = await acceptWebSocket(req, socket, head, protocol);
  if (ws === undefined) return;
  const channels = new ChannelWebSocket(ws, {
    base64: isBase64ChannelProtocol(protocol),
    closeSignal: false,
    readChannels: ports.map((_, i) => 2 * i),
  });
  for (const [i, port] of ports.entries()) {
    const prefix = Buffer.alloc(2);
    prefix.writeUInt16LE(port);
    await channels.send(2 * i, prefix).catch(() => undefined);
    await channels.send(2 * i + 1, prefix).catch(() => undefined);
  }
  await Promise.all(ports.map((port, i) => forwardPort(channels, i, port, connect)));
  await channels.close(1000);
}

async function forwardPort(
  channels: ChannelWebSocket,
  index: number,
  port: number,
  connect: PortForwardConnector,
): Promise<void> {
  const reportError = (err: unknown) =>
    channels
      .send(2 * index + 1, Buffer.from(err instanceof Error ? err.message : String(err), 'utf8'))
      .catch(() => undefined);
  let target: Duplex;
  try {
    target = await connect(port);
  } catch (err) {
    await reportError(err);
    return;
  }
  const writable = channels.writer(2 * index);
  const failure = await spliceStreams(
    { readable: channels.reader(2 * index), writable, onAbort: (cb) => channels.once('close', cb) },
    target,
  );
  target.destroy();
  await endWriter(writable); // every byte from the target is out before the socket closes
  if (failure !== undefined) await reportError(failure);
}
