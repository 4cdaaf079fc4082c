import type { IncomingMessage } from 'node:http';
import { isPlainObject, type KubeObject } from '../../api/object.js';
import { badRequest, requestEntityTooLarge, unsupportedMediaType } from '../../machinery/errors/index.js';

/** Upstream's limit on a request body (3 MiB). */
export const maxRequestBodyBytes = 3 * 1024 * 1024;

/** Reads the whole request body; a 413 StatusError past the limit. */
export async function readBody(req: IncomingMessage, limit = maxRequestBodyBytes): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    req.resume();
    throw requestEntityTooLarge('limit is 3145728');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      req.resume();
      throw requestEntityTooLarge('limit is 3145728');
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The media type of a request body without parameters, lower-cased ("" when absent). */
export function contentType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Decodes a JSON object body (create/update); 415 for types this endpoint does not accept. */
export function decodeObjectBody(body: Buffer, mediaType: string): KubeObject {
  if (mediaType !== '' && mediaType !== 'application/json' && mediaType !== '*/*') {
    throw unsupportedMediaType([
      'application/json',
      'application/yaml',
      'application/vnd.kubernetes.protobuf',
    ]);
  }
  return parseJsonObject(body);
}

/** Parses a body that must be a JSON object; 400 with the parser's message otherwise. */
export function parseJsonObject(body: Buffer): KubeObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw badRequest(`couldn't get version/kind; json parse error: ${(err as Error).message}`);
  }
  if (!isPlainObject(parsed))
    throw badRequest(
      'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf',
    );
  return parsed as KubeObject;
}
