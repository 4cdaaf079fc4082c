// Port-forward over SPDY (kubectl: raw upgrade, or tunnelled in a WebSocket), as the kubelet's
// portforward httpStreamHandler: for each forwarded connection the client opens an error stream
// and a data stream with the same `requestid` and `port`; once both are there the target port is
// dialled and joined to the data stream. The data stream gets a FIN when the target's output
// ends; the error stream then ends empty (success) or carries the error text, which kubectl
// prints as "an error occurred forwarding L -> R: <text>".
import type { Duplex } from 'node:stream';
import { SpdyConnection } from './spdy-connection.js';
import type { SpdyStream } from './spdy-stream.js';
import { spliceStreams } from './stream-splice.js';
import { endWriter } from './end-writer.js';

/** Opens the connection to `port` in the pod (containerd's stream, a test server, ...). */
export type PortForwardConnector = (port: number) => Promise<Duplex>;

/** Options of servePortForwardOverSpdy. */
export interface SpdyPortForwardOptions {
  /** How long a request may wait for its second stream (upstream's streamCreationTimeout, 30 s). */
  readonly streamCreationTimeoutMs?: number;
}

interface StreamPair {
  readonly requestId: string;
  error?: SpdyStream;
  data?: SpdyStream;
  timer?: NodeJS.Timeout;
}

/**
 * Runs the SPDY server side of a port-forward session on `transport` (after the 101, or a
 * WebSocket tunnel); resolves when the connection has closed.
 */
export async function servePortForwardOverSpdy(
  transport: Duplex,
  head: Buffer | undefined,
  connect: PortForwardConnector,
  options: SpdyPortForwardOptions = {},
): Promise<void> {
  const pairs = new Map<string, StreamPair>();
  const timeoutMs = options.streamCreationTimeoutMs ?? 30_000;
  const forwards = new Set<Promise<void>>();

  const onStream = (stream: SpdyStream): void => {
    validateStream(stream); // throws: the stream is refused with RST_STREAM
    const requestId = requestIdOf(stream);
    let pair = pairs.get(requestId);
    if (pair === undefined) {
      const created: StreamPair = { requestId };
      created.timer = setTimeout(() => {
        pairs.delete(requestId);
        printError(created, `(request=${requestId}) timed out waiting for streams`);
        created.error?.end();
        created.data?.reset();
      }, timeoutMs);
      pairs.set(requestId, created);
      pair = created;
    }
    const type = stream.headers['streamtype'] === 'error' ? 'error' : 'data';
    if (pair[type] !== undefined) {
      // Replies still go out (upstream accepts the stream before pairing it), then the error.
      printError(pair, `error processing stream for request ${requestId}: ${type} stream already assigned`);
      stream.resume();
      return;
    }
    pair[type] = stream;
    // The client never writes on the error stream; drain it so it cannot stall the connection.
    if (type === 'error') stream.resume();
    if (pair.error !== undefined && pair.data !== undefined) {
      clearTimeout(pair.timer);
      pairs.delete(requestId);
      const done = forward(pair.data, pair.error, connect).finally(() => forwards.delete(done));
      forwards.add(done);
    }
  };

  const connection = new SpdyConnection({ transport, role: 'server', onStream, ...(head ? { head } : {}) });
  await connection.done;
  for (const pair of pairs.values()) clearTimeout(pair.timer);
  await Promise.all(forwards);
}

async function forward(data: SpdyStream, error: SpdyStream, connect: PortForwardConnector): Promise<void> {
  const port = Number(data.headers['port']);
  let target: Duplex;
  try {
    target = await connect(port);
  } catch (err) {
    error.end(messageOf(err));
    data.end();
    return;
  }
  const failure = await spliceStreams(
    { readable: data, writable: data, onAbort: (cb) => data.once('aborted', cb) },
    target,
  );
  target.destroy();
  await endWriter(data);
  error.end(failure === undefined ? undefined : messageOf(failure));
}

// httpStreamReceived's checks, with its messages.
function validateStream(stream: SpdyStream): void {
  const portString = stream.headers['port'];
  if (portString === undefined || portString === '') throw new Error('"port" header is required');
  const port = Number(portString);
  if (!/^\d+$/.test(portString) || port > 65535) {
    throw new Error(`unable to parse "${portString}" as a port: invalid syntax`);
  }
  if (port < 1) throw new Error(`port "${portString}" must be > 0`);
  const streamType = stream.headers['streamtype'];
  if (streamType === undefined || streamType === '') throw new Error('"streamType" header is required');
  if (streamType !== 'error' && streamType !== 'data') throw new Error(`invalid stream type "${streamType}"`);
}

// Old clients send no requestid: pair error stream N with data stream N+2, as upstream guesses.
function requestIdOf(stream: SpdyStream): string {
  const id = stream.headers['requestid'];
  if (id !== undefined && id !== '') return id;
  return String(stream.headers['streamtype'] === 'error' ? stream.id : stream.id - 2);
}

function printError(pair: StreamPair, message: string): void {
  if (pair.error !== undefined && !pair.error.writableEnded) pair.error.write(message);
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
