// What the code running an exec/attach sees of the client's session, whatever protocol carries it.
import type { Readable, Writable } from 'node:stream';
import { execInternalError, type ExecStatus } from './exec-status.js';
import type { TerminalSize } from './terminal-size.js';

/** Which streams an exec/attach uses (the kubelet's remotecommand Options). */
export interface RemoteCommandOptions {
  readonly stdin: boolean;
  readonly stdout: boolean;
  readonly stderr: boolean;
  readonly tty: boolean;
}

/** One client session of exec or attach. */
export interface RemoteCommandSession {
  /** The negotiated subprotocol, e.g. "v5.channel.k8s.io". */
  readonly protocol: string;
  /** The streams in use (stderr is off with a tty, as upstream forces). */
  readonly options: RemoteCommandOptions;
  /** The client's stdin; ends when the client half-closes it (v5 CLOSE, SPDY FIN) or leaves. */
  readonly stdin: Readable | undefined;
  /** To the client's stdout. The server ends it after `run`; do not end it early. */
  readonly stdout: Writable | undefined;
  /** To the client's stderr (undefined with a tty). */
  readonly stderr: Writable | undefined;
  /** Terminal resizes (tty only); the latest size so far is replayed to a new listener. */
  onResize(listener: (size: TerminalSize) => void): void;
  /** Aborted when the client's connection is gone. */
  readonly signal: AbortSignal;
}

/** Runs the command (or attach) for a session and returns how it ended. */
export type RemoteCommandRunner = (session: RemoteCommandSession) => Promise<ExecStatus>;

/** Fans resize events out to listeners, remembering the last size for late listeners. */
export class ResizeEvents {
  private last: TerminalSize | undefined;
  private readonly listeners: ((size: TerminalSize) => void)[] = [];

  /** Reports a new size. */
  emit(size: TerminalSize): void {
    this.last = size;
    for (const l of this.listeners) l(size);
  }

  /** Adds a listener (called at once with the latest size, if any). */
  on(listener: (size: TerminalSize) => void): void {
    this.listeners.push(listener);
    if (this.last !== undefined) listener(this.last);
  }
}

/** Runs the session's command; a thrown error becomes the kubelet's InternalError Status. */
export async function runSafely(
  run: RemoteCommandRunner,
  session: RemoteCommandSession,
): Promise<ExecStatus> {
  try {
    return await run(session);
  } catch (err) {
    return execInternalError(err instanceof Error ? err.message : String(err));
  }
}
