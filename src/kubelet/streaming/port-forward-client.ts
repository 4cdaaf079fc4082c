// The client side of SPDY port-forward, as client-go's portforward package speaks it: one SPDY
// connection; per forwarded connection an error stream (its write side closed at once) and a data
// stream sharing `port` and a fresh `requestid`. The data stream is returned as a Duplex that
// fails with the server's error text (e.g. containerd's "failed to connect to localhost:8080 …")
// when the error stream carried one.
import { Duplex } from 'node:stream';
import { dialSpdy, type DialSpdyOptions } from './spdy-dial.js';
import type { SpdyStream } from './spdy-stream.js';
import { portForwardProtocol } from './stream-protocols.js';

/** A port-forward session on a runtime's streaming server. */
export interface PortForwardClient {
  /** Opens a connection to `port` in the pod. */
  forward(port: number): Promise<Duplex>;
  /** Drops the session (every forwarded connection with it). */
  close(): void;
  /** Resolves when the session's connection has closed. */
  readonly done: Promise<void>;
}

/** Connects to a streaming URL from CRI PortForward. */
export async function dialPortForward(
  url: string,
  options: DialSpdyOptions = {},
): Promise<PortForwardClient> {
  const { connection } = await dialSpdy(url, [portForwardProtocol], options);
  let nextRequestId = 0;
  return {
    async forward(port: number): Promise<Duplex> {
      const headers = { port: String(port), requestid: String(nextRequestId++) };
      const error = await connection.openStream({ ...headers, streamtype: 'error' });
      error.end(); // client-go: "we're not writing to this stream"
      const data = await connection.openStream({ ...headers, streamtype: 'data' });
      return new ForwardedConnection(data, error);
    },
    close: () => connection.destroy(),
    done: connection.done,
  };
}

/** The data stream of one forwarded connection; EOF waits for the error stream's verdict. */
class ForwardedConnection extends Duplex {
  private errorText = '';
  private errorEnded = false;
  private dataEnded = false;
  private finishedReading = false;

  constructor(
    private readonly data: SpdyStream,
    private readonly error: SpdyStream,
  ) {
    super({ allowHalfOpen: true });
    error.on('data', (chunk: Buffer) => (this.errorText += chunk.toString('utf8')));
    error.on('end', () => {
      this.errorEnded = true;
      this.settle();
    });
    data.on('data', (chunk: Buffer) => {
      if (!this.push(chunk)) data.pause();
    });
    data.on('end', () => {
      this.dataEnded = true;
      this.settle();
    });
    // An error text must fail the connection even while data is still flowing.
    error.on('end', () => {
      if (this.errorText !== '' && !this.destroyed) this.destroy(new Error(this.errorText));
    });
  }

  override _read(): void {
    this.data.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (err?: Error | null) => void): void {
    this.data.write(chunk, callback);
  }

  override _final(callback: (err?: Error | null) => void): void {
    this.data.end(callback);
  }

  override _destroy(err: Error | null, callback: (err?: Error | null) => void): void {
    // Resets whichever stream is still open (a finished one is left alone).
    this.data.destroy();
    this.error.destroy();
    callback(err);
  }

  private settle(): void {
    if (this.finishedReading || !this.dataEnded || !this.errorEnded) return;
    this.finishedReading = true;
    if (this.errorText === '') this.push(null);
  }
}
