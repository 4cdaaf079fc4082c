// The entry point for exec/attach upgrades: WebSocket (kubectl's and client-node's default) or
// SPDY/3.1 (kubectl's fallback), chosen the way the kubelet's createStreams chooses.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { parseGoBool } from '../../base/go-bool.js';
import type { RemoteCommandOptions, RemoteCommandRunner } from './remote-command-session.js';
import { serveSpdyRemoteCommand } from './spdy-remote-command.js';
import { isWebSocketUpgrade, writeHttpError } from './upgrade-handshake.js';
import { serveWebSocketRemoteCommand } from './websocket-remote-command.js';

/** The query of an exec/attach request, parsed. */
export interface RemoteCommandRequest {
  readonly options: RemoteCommandOptions;
  /** `command` parameters in order (empty for attach). */
  readonly command: readonly string[];
  /** `container` parameter, when given. */
  readonly container: string | undefined;
}

/**
 * Reads exec/attach parameters from a query: the pod API's names (stdin, stdout, stderr, tty,
 * "true"/"1") and the kubelet's (input, output, error, tty, "1"). Returns upstream's error text
 * when no stream is requested. With tty, stderr is off (the kubelet's NewOptions).
 */
export function parseRemoteCommandQuery(query: URLSearchParams): RemoteCommandRequest | { error: string } {
  const flag = (...names: string[]) => names.some((n) => isTrue(query.get(n)));
  const tty = flag('tty');
  const options: RemoteCommandOptions = {
    stdin: flag('stdin', 'input'),
    stdout: flag('stdout', 'output'),
    stderr: flag('stderr', 'error') && !tty,
    tty,
  };
  if (!options.stdin && !options.stdout && !options.stderr) {
    return { error: 'you must specify at least 1 of stdin, stdout, stderr' };
  }
  return { options, command: query.getAll('command'), container: query.get('container') ?? undefined };
}

// Go's strconv.ParseBool true values (the API's query decoding); the kubelet's "1" is among them.
function isTrue(value: string | null): boolean {
  return parseGoBool(value) === true;
}

/**
 * Negotiates exec/attach on an upgrade request (WebSocket, or SPDY/3.1 otherwise), calls `run`
 * with the session, then sends its Status on the error stream and closes the connection.
 * Negotiation failures are answered on the socket with upstream's HTTP errors; `run` is then not
 * called. Resolves when the connection is finished.
 */
export async function serveRemoteCommand(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  options: RemoteCommandOptions,
  run: RemoteCommandRunner,
): Promise<void> {
  const effective: RemoteCommandOptions = { ...options, stderr: options.stderr && !options.tty };
  if (!effective.stdin && !effective.stdout && !effective.stderr) {
    writeHttpError(socket, 400, 'you must specify at least 1 of stdin, stdout, stderr');
    return;
  }
  if (isWebSocketUpgrade(req)) {
    await serveWebSocketRemoteCommand(req, socket, head, effective, run);
  } else {
    await serveSpdyRemoteCommand(req, socket, head, effective, run);
  }
}
