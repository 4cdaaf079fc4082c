// The client side of exec/attach over SPDY, as client-go's streamProtocolV2..V4 speak it: one
// stream per standard stream typed by `streamtype`, stdin half-closed with a FIN when the input
// ends (which is why SPDY, not WebSocket v4, is used towards containerd: `echo hi | … cat` ends),
// resize events as JSON on the resize stream, and the Status read from the error stream at EOF.
import type { Readable, Writable } from 'node:stream';
import { decodeExecStatus, type ExecStatus } from './exec-status.js';
import type { RemoteCommandOptions } from './remote-command-session.js';
import { dialSpdy, type DialSpdyOptions } from './spdy-dial.js';
import type { SpdyStream } from './spdy-stream.js';
import { remoteCommandProtocol, remoteCommandVersion } from './stream-protocols.js';
import { encodeTerminalSize, type TerminalSize } from './terminal-size.js';

/** Options of dialRemoteCommand: the streams (they must match the CRI Exec/Attach request). */
export interface DialRemoteCommandOptions extends RemoteCommandOptions, DialSpdyOptions {
  /** Offered protocols (default v4, v3, v2, v1: what containerd 1.6's streaming server speaks). */
  readonly protocols?: readonly string[];
}

/** A running remote command on a runtime's streaming server. */
export interface RemoteCommandClient {
  /** The protocol the server chose. */
  readonly protocol: string;
  /** The command's stdin; end() half-closes it (the process sees EOF). */
  readonly stdin: Writable | undefined;
  /** The command's stdout; ends when the server is done with it. */
  readonly stdout: Readable | undefined;
  /** The command's stderr (undefined with a tty). */
  readonly stderr: Readable | undefined;
  /** Sends a terminal size (tty, protocol v3 and later). */
  resize(size: TerminalSize): void;
  /** How the command ended, from the error stream (at its EOF). */
  readonly status: Promise<ExecStatus>;
  /** Drops the connection. */
  close(): void;
}

const defaultProtocols = [
  remoteCommandProtocol.v4,
  remoteCommandProtocol.v3,
  remoteCommandProtocol.v2,
  remoteCommandProtocol.v1,
];

/** Connects to a streaming URL from CRI Exec/Attach and opens the session's streams. */
export async function dialRemoteCommand(
  url: string,
  options: DialRemoteCommandOptions,
): Promise<RemoteCommandClient> {
  const { connection, protocol } = await dialSpdy(url, options.protocols ?? defaultProtocols, options);
  const version = remoteCommandVersion(protocol);
  const open = (streamtype: string) => connection.openStream({ streamtype });
  try {
    // client-go's order: error, stdin, stdout, stderr (not with a tty), resize (tty, v3+).
    const [error, stdin, stdout, stderr, resize] = await Promise.all([
      open('error'),
      options.stdin ? open('stdin') : undefined,
      options.stdout ? open('stdout') : undefined,
      options.stderr && !options.tty ? open('stderr') : undefined,
      options.tty && version >= 3 ? open('resize') : undefined,
    ]);
    return {
      protocol,
      stdin,
      stdout,
      stderr,
      resize: (size) => {
        if (resize !== undefined && !resize.writableEnded) resize.write(encodeTerminalSize(size));
      },
      status: readAll(error).then((payload) => decodeExecStatus(payload, version)),
      close: () => connection.destroy(),
    };
  } catch (err) {
    connection.destroy();
    throw err;
  }
}

function readAll(stream: SpdyStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise((resolve) => {
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('close', () => resolve(Buffer.concat(chunks)));
  });
}
