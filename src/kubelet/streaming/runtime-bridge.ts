// Bridges a client's exec/attach/port-forward session to the container runtime's streaming
// server (the URL CRI Exec/Attach/PortForward returned). Upstream kubelets proxy the client's
// bytes to that URL; here the client's protocol is terminated by this folder's servers and the
// runtime is spoken to as a SPDY client, so every client protocol (WebSocket v5 included) works
// against containerd 1.6, which knows only v1-v4.
import type { IncomingMessage } from 'node:http';
import type { Duplex, Readable, Writable } from 'node:stream';
import type { ExecStatus } from './exec-status.js';
import { dialPortForward, type PortForwardClient } from './port-forward-client.js';
import { servePortForward, type PortForwardOptions } from './port-forward-server.js';
import { dialRemoteCommand } from './remote-command-client.js';
import type { RemoteCommandSession } from './remote-command-session.js';
import type { DialSpdyOptions } from './spdy-dial.js';
import { writeHttpError } from './upgrade-handshake.js';

/**
 * Runs a session against a runtime streaming URL: stdin (and its EOF) to the runtime, its
 * stdout/stderr back, resizes forwarded; resolves with the runtime's Status once its output is
 * all written to the session.
 */
export async function bridgeRemoteCommand(
  session: RemoteCommandSession,
  url: string,
  options: DialSpdyOptions = {},
): Promise<ExecStatus> {
  const remote = await dialRemoteCommand(url, { ...session.options, ...options });
  const onAbort = () => remote.close();
  session.signal.addEventListener('abort', onAbort, { once: true });
  if (session.signal.aborted) remote.close();
  try {
    if (session.stdin !== undefined && remote.stdin !== undefined) session.stdin.pipe(remote.stdin);
    session.onResize((size) => remote.resize(size));
    const output = Promise.all([
      copyOut(remote.stdout, session.stdout, session.signal),
      copyOut(remote.stderr, session.stderr, session.signal),
    ]);
    const status = await remote.status;
    await output;
    return status;
  } finally {
    session.signal.removeEventListener('abort', onAbort);
    if (session.stdin !== undefined && remote.stdin !== undefined) session.stdin.unpipe(remote.stdin);
    remote.close();
  }
}

/**
 * Serves a port-forward upgrade with every forwarded connection opened on the runtime's
 * streaming URL (dialled before the client's upgrade is answered, since CRI URLs expire; a
 * failure is answered with a 500). The client is disconnected when the runtime connection ends.
 */
export async function bridgePortForward(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  options: PortForwardOptions,
  url: string,
  dialOptions: DialSpdyOptions = {},
): Promise<void> {
  let runtime: PortForwardClient;
  try {
    runtime = await dialPortForward(url, dialOptions);
  } catch (err) {
    writeHttpError(socket, 500, `error forwarding ports: ${(err as Error).message}`);
    return;
  }
  void runtime.done.then(() => socket.destroy());
  try {
    await servePortForward(req, socket, head, options, (port) => runtime.forward(port));
  } finally {
    runtime.close();
  }
}

// Copies one output stream to the session; resolves when the runtime's side has ended, or at
// once when the client left (its writer then refuses data and the copy would stall).
function copyOut(from: Readable | undefined, to: Writable | undefined, signal: AbortSignal): Promise<void> {
  if (from === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    from.on('end', resolve);
    from.on('close', resolve);
    signal.addEventListener('abort', () => resolve(), { once: true });
    if (to === undefined) from.resume();
    else from.pipe(to, { end: false });
  });
}
