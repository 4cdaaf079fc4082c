import type { Transport, TransportRequest, TransportResponse } from '../transport.js';

/** A request as the fake saw it, with the body decoded as text. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
  readonly signal: AbortSignal | undefined;
}

/** What a fake handler answers: a response, or a thrown error (a connection failure). */
export type FakeHandler = (req: RecordedRequest) => TransportResponse | Promise<TransportResponse>;

/** Settings of a FakeTransport. */
export interface FakeTransportOptions {
  readonly handler: FakeHandler;
}

/**
 * A Transport at the process boundary for unit tests: every request is recorded and answered by a
 * handler. Pair it with ControlledBody to script watch streams event by event.
 */
export class FakeTransport implements Transport {
  /** Every request in order. */
  readonly requests: RecordedRequest[] = [];
  private readonly handler: FakeHandler;

  constructor(options: FakeTransportOptions) {
    this.handler = options.handler;
  }

  async request(req: TransportRequest): Promise<TransportResponse> {
    if (req.signal?.aborted) throw req.signal.reason;
    const recorded: RecordedRequest = {
      method: req.method,
      path: req.path,
      query: req.query ?? new URLSearchParams(),
      headers: req.headers,
      body: req.body !== undefined ? Buffer.from(req.body).toString('utf8') : undefined,
      signal: req.signal,
    };
    this.requests.push(recorded);
    return this.handler(recorded);
  }

  close(): void {}
}

/** A JSON response. */
export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): TransportResponse {
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  return {
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: (async function* () {
      yield bytes;
    })(),
  };
}

/** A Status error response, as the apiserver writes one. */
export function statusResponse(
  code: number,
  reason: string,
  message: string,
  headers: Record<string, string> = {},
): TransportResponse {
  return jsonResponse(
    code,
    { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code },
    headers,
  );
}

/**
 * A response body the test writes to: push() chunks or whole events, end() closes cleanly,
 * fail() breaks the connection. Aborting the request's signal ends it as a real socket would.
 */
export class ControlledBody implements AsyncIterable<Uint8Array> {
  private readonly queue: Uint8Array[] = [];
  private ended = false;
  private error: unknown;
  private wake: (() => void) | undefined;
  private iterating = false;

  constructor(signal?: AbortSignal) {
    signal?.addEventListener('abort', () => this.fail(signal.reason), { once: true });
  }

  /** True once the body was ended or failed. */
  get closed(): boolean {
    return this.ended || this.error !== undefined;
  }

  /** True while a reader is attached. */
  get reading(): boolean {
    return this.iterating;
  }

  /** Queues raw text or bytes. */
  push(chunk: string | Uint8Array): void {
    if (this.closed) return;
    this.queue.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
    this.notify();
  }

  /** Queues one watch event line. */
  event(type: string, object: unknown): void {
    this.push(`${JSON.stringify({ type, object })}\n`);
  }

  /** Ends the stream cleanly after what was queued. */
  end(): void {
    this.ended = true;
    this.notify();
  }

  /** Breaks the stream with `err` (after what was queued). */
  fail(err: unknown): void {
    if (this.closed) return;
    this.error = err ?? new Error('connection reset');
    this.notify();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array, void, void> {
    this.iterating = true;
    try {
      for (;;) {
        const next = this.queue.shift();
        if (next !== undefined) {
          yield next;
          continue;
        }
        if (this.error !== undefined) throw this.error;
        if (this.ended) return;
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
    } finally {
      this.iterating = false;
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

/** A 200 streaming response over `body`. */
export function streamResponse(body: ControlledBody): TransportResponse {
  return { status: 200, headers: { 'content-type': 'application/json' }, body };
}
