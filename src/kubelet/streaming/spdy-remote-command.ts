// Exec/attach over SPDY/3.1 (kubectl's fallback when the WebSocket upgrade fails, and client-go
// before 1.30): the client opens one stream per standard stream, typed by its `streamtype` header
// (error, stdin, stdout, stderr, resize); the server waits for all it expects (the kubelet's
// waitForStreams, 30 s), runs the command, FINs stdout/stderr, writes the Status on the error
// stream and closes the connection. v1 half-closes stdin at once, as 1.0-era kubelets did.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { finished } from 'node:stream/promises';
import { endWriter } from './end-writer.js';
import { encodeExecStatus } from './exec-status.js';
import {
  ResizeEvents,
  runSafely,
  type RemoteCommandOptions,
  type RemoteCommandRunner,
  type RemoteCommandSession,
} from './remote-command-session.js';
import { SpdyConnection } from './spdy-connection.js';
import type { SpdyStream } from './spdy-stream.js';
import { remoteCommandVersion, spdyRemoteCommandProtocols } from './stream-protocols.js';
import { TerminalSizeDecoder } from './terminal-size.js';
import { acceptSpdyUpgrade } from './upgrade-handshake.js';

/** Options of serveSpdyRemoteCommand. */
export interface SpdyRemoteCommandOptions {
  /** How long the client may take to open its streams (upstream's streamCreationTimeout, 30 s). */
  readonly streamCreationTimeoutMs?: number;
}

type StreamType = 'error' | 'stdin' | 'stdout' | 'stderr' | 'resize';

/** Serves one exec/attach SPDY upgrade; resolves when the session is over. */
export async function serveSpdyRemoteCommand(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  options: RemoteCommandOptions,
  run: RemoteCommandRunner,
  spdyOptions: SpdyRemoteCommandOptions = {},
): Promise<void> {
  const protocol = acceptSpdyUpgrade(req, socket, spdyRemoteCommandProtocols);
  if (protocol === undefined) return;
  const version = remoteCommandVersion(protocol);
  const expected = new Set<StreamType>(['error']);
  if (options.stdin) expected.add('stdin');
  if (options.stdout) expected.add('stdout');
  if (options.stderr) expected.add('stderr');
  if (options.tty && version >= 3) expected.add('resize');

  const streams = new Map<StreamType, SpdyStream>();
  let allArrived: () => void = () => undefined;
  const arrived = new Promise<void>((resolve) => (allArrived = resolve));
  const connection = new SpdyConnection({
    transport: socket,
    role: 'server',
    head,
    onStream: (stream) => {
      const type = stream.headers['streamtype'] as StreamType;
      if (!expected.has(type) || streams.has(type)) {
        // Accepted but unused, as upstream logs "unexpected stream type" and goes on.
        stream.resume();
        return;
      }
      streams.set(type, stream);
      if (streams.size === expected.size) allArrived();
    },
  });
  const timeoutMs = spdyOptions.streamCreationTimeoutMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    arrived.then(() => 'ready' as const),
    connection.done.then(() => 'gone' as const),
    new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs))),
  ]);
  clearTimeout(timer);
  if (outcome !== 'ready') {
    // "timed out waiting for client to create streams": upstream only logs it and hangs up.
    connection.destroy();
    return;
  }

  const stdin = streams.get('stdin');
  const stdout = streams.get('stdout');
  const stderr = streams.get('stderr');
  const error = streams.get('error')!;
  // The client never writes on these; drain them so a stray byte cannot stall the connection.
  for (const s of [stdout, stderr, error]) s?.resume();
  if (version === 1) stdin?.end();

  const resizes = new ResizeEvents();
  const resize = streams.get('resize');
  if (resize !== undefined) {
    const decoder = new TerminalSizeDecoder((size) => resizes.emit(size));
    resize.on('data', (chunk: Buffer) => decoder.push(chunk));
  }
  const aborter = new AbortController();
  void connection.done.then(() => aborter.abort(new Error('the client closed the connection')));

  const session: RemoteCommandSession = {
    protocol,
    options,
    stdin,
    stdout,
    stderr,
    onResize: (listener) => resizes.on(listener),
    signal: aborter.signal,
  };
  const status = await runSafely(run, session);
  stdin?.resume();
  await Promise.all([endWriter(stdout), endWriter(stderr)]);
  error.end(encodeExecStatus(status, version));
  await finished(error, { readable: false }).catch(() => undefined);
  await connection.close();
}
