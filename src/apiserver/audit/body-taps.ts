// Copies of what a request sends and what its response carries, for audit levels that log them,
// taken without changing how the handlers read the body or write the response.

import type { IncomingMessage, ServerResponse } from 'node:http';
import YAML from 'yaml';
import { decodeObjectBody } from '../endpoints/body.js';

/** Bodies larger than this are not logged (upstream's request limit is 3 MiB; lists can be bigger). */
const maxTappedBytes = 16 * 1024 * 1024;

/** Collects chunks up to the limit; `bytes()` is undefined once it overflowed. */
class Chunks {
  private chunks: Buffer[] = [];
  private size = 0;
  private overflowed = false;

  add(chunk: unknown, encoding?: unknown): void {
    if (this.overflowed || chunk === undefined || chunk === null || typeof chunk === 'function') return;
    // Chunks are kept, not copied: a body's chunks are fresh buffers nobody writes to afterwards.
    const buf =
      typeof chunk === 'string'
        ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
        : Buffer.isBuffer(chunk)
          ? chunk
          : Buffer.from(chunk as Uint8Array);
    this.size += buf.length;
    if (this.size > maxTappedBytes) {
      this.overflowed = true;
      this.chunks = [];
    } else {
      this.chunks.push(buf);
    }
  }

  bytes(): Buffer | undefined {
    return this.overflowed ? undefined : Buffer.concat(this.chunks);
  }
}

/**
 * Copies the request body as the handler reads it. The stream is paused before the listener is
 * added, so it does not start flowing on its own: chunks reach this listener only when the handler
 * reads them, and a body the handler never reads is never buffered.
 */
export function tapRequestBody(req: IncomingMessage): () => Buffer | undefined {
  const chunks = new Chunks();
  if (req.readableFlowing !== true) req.pause();
  req.on('data', (chunk: Buffer) => chunks.add(chunk));
  return () => chunks.bytes();
}

type Write = (chunk: unknown, ...rest: unknown[]) => unknown;

/** Copies everything written to the response. */
export function tapResponseBody(res: ServerResponse): () => Buffer | undefined {
  const chunks = new Chunks();
  const write = res.write as unknown as Write;
  const end = res.end as unknown as Write;
  (res as unknown as { write: Write }).write = function (this: ServerResponse, chunk, ...rest) {
    chunks.add(chunk, rest[0]);
    return write.call(this, chunk, ...rest);
  };
  (res as unknown as { end: Write }).end = function (this: ServerResponse, chunk, ...rest) {
    chunks.add(chunk, rest[0]);
    return end.call(this, chunk, ...rest);
  };
  return () => chunks.bytes();
}

/** Calls `onStart` once, just before the response headers go out (a watch's ResponseStarted). */
export function onResponseStart(res: ServerResponse, onStart: () => void): void {
  const writeHead = res.writeHead as unknown as (...args: unknown[]) => ServerResponse;
  (res as unknown as { writeHead: (...args: unknown[]) => ServerResponse }).writeHead = function (
    this: ServerResponse,
    ...args: unknown[]
  ) {
    (res as unknown as { writeHead: unknown }).writeHead = writeHead;
    onStart();
    return writeHead.apply(this, args);
  };
}

/** The media type of a Content-Type value, lower-cased, without parameters. */
function mediaType(value: string | number | readonly string[] | undefined): string {
  const text = Array.isArray(value) ? String(value[0] ?? '') : String(value ?? '');
  return text.split(';')[0]!.trim().toLowerCase();
}

const jsonMediaTypes = new Set([
  'application/json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/json-patch+json',
]);

/**
 * A tapped body as text when it is JSON on one line (no CR or LF anywhere, so it can stand in an
 * audit line as it is), else undefined. Whether it is valid JSON is for the caller to know.
 */
export function tappedJsonLine(
  body: Buffer | undefined,
  contentType: string | number | readonly string[] | undefined,
): string | undefined {
  if (body === undefined || body.length === 0 || !jsonMediaTypes.has(mediaType(contentType)))
    return undefined;
  if (body.indexOf(0x0a) >= 0 || body.indexOf(0x0d) >= 0) return undefined;
  return body.toString('utf8');
}

/**
 * A logged body as an object: JSON (every patch type but apply's YAML), YAML or Kubernetes
 * protobuf; undefined when it is empty or does not decode (the request failed on it anyway).
 */
export function decodeTappedBody(
  body: Buffer | undefined,
  contentType: string | number | readonly string[] | undefined,
): unknown {
  if (body === undefined || body.length === 0) return undefined;
  const type = mediaType(contentType);
  try {
    if (type === 'application/vnd.kubernetes.protobuf') return decodeObjectBody(body, type);
    if (type.endsWith('yaml')) return YAML.parse(body.toString('utf8')) as unknown;
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
