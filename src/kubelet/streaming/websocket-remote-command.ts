// Exec/attach over a WebSocket (kubectl 1.32: v5.channel.k8s.io; client-node: v5..v1 offered):
// channels 0 stdin, 1 stdout, 2 stderr, 3 error (the exit Status), 4 resize, 255 CLOSE (v5).
// As the kubelet's createWebSocketStreams: an empty message on the lowest writable channel right
// after the upgrade, and at the end the remaining output, then channel 3, then Close 1000.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { ChannelWebSocket } from './channel-websocket.js';
import { endWriter } from './end-writer.js';
import { encodeExecStatus } from './exec-status.js';
import {
  ResizeEvents,
  runSafely,
  type RemoteCommandOptions,
  type RemoteCommandRunner,
  type RemoteCommandSession,
} from './remote-command-session.js';
import {
  isBase64ChannelProtocol,
  negotiateProtocol,
  remoteCommandVersion,
  webSocketRemoteCommandProtocols,
} from './stream-protocols.js';
import { TerminalSizeDecoder } from './terminal-size.js';
import { acceptWebSocket, offeredWebSocketProtocols, rejectWebSocketProtocols } from './upgrade-handshake.js';

const stdinChannel = 0;
const stdoutChannel = 1;
const stderrChannel = 2;
const errorChannel = 3;
const resizeChannel = 4;

/** Serves one exec/attach WebSocket upgrade; resolves when the session is over. */
export async function serveWebSocketRemoteCommand(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  options: RemoteCommandOptions,
  run: RemoteCommandRunner,
): Promise<void> {
  const offered = offeredWebSocketProtocols(req);
  const protocol = offered.length === 0 ? '' : negotiateProtocol(offered, webSocketRemoteCommandProtocols);
  if (protocol === undefined) {
    rejectWebSocketProtocols(socket, offered, webSocketRemoteCommandProtocols);
    return;
  }
  const ws = await acceptWebSocket(req, socket, head, protocol);
  if (ws === undefined) return;
  const version = remoteCommandVersion(protocol);
  const channels = new ChannelWebSocket(ws, {
    base64: isBase64ChannelProtocol(protocol),
    closeSignal: version >= 5,
    readChannels: [...(options.stdin ? [stdinChannel] : []), resizeChannel],
  });

  // Tells the client the session is established (its first read returns).
  const hello = options.stdout ? stdoutChannel : options.stderr ? stderrChannel : errorChannel;
  await channels.send(hello, Buffer.alloc(0)).catch(() => undefined);

  const resizes = new ResizeEvents();
  const decoder = new TerminalSizeDecoder((size) => resizes.emit(size));
  channels.reader(resizeChannel).on('data', (chunk: Buffer) => decoder.push(chunk));
  const aborter = new AbortController();
  channels.on('close', () => aborter.abort(new Error('the client closed the connection')));

  const stdout = options.stdout ? channels.writer(stdoutChannel) : undefined;
  const stderr = options.stderr ? channels.writer(stderrChannel) : undefined;
  const session: RemoteCommandSession = {
    protocol,
    options,
    stdin: options.stdin ? channels.reader(stdinChannel) : undefined,
    stdout,
    stderr,
    onResize: (listener) => resizes.on(listener),
    signal: aborter.signal,
  };

  const status = await runSafely(run, session);
  session.stdin?.resume(); // whatever the client still sends is dropped, so pings keep being read
  await Promise.all([endWriter(stdout), endWriter(stderr)]);
  const payload = encodeExecStatus(status, version);
  if (payload.length > 0) await channels.send(errorChannel, payload).catch(() => undefined);
  await channels.close(1000);
}
