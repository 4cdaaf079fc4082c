import YAML from 'yaml';
import type { IncomingMessage } from 'node:http';
import { isPlainObject, type KubeObject } from '../../api/object.js';
import { badRequest, requestEntityTooLarge, unsupportedMediaType } from '../../machinery/errors/index.js';
import {
  decodeKubernetesProtobuf,
  hasKubernetesProtobufMagic,
  isKubernetesProtobuf,
  ProtobufDecodeError,
  protobufErrorMessage,
} from '../../machinery/protobuf/index.js';

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

/**
 * Decodes a JSON, YAML or Kubernetes protobuf object body (create/update) for an endpoint serving
 * `expectedKind`; 415 for other media types.
 */
export function decodeObjectBody(body: Buffer, mediaType: string, expectedKind?: string): KubeObject {
  if (isKubernetesProtobuf(mediaType)) return decodeProtobufObject(body, expectedKind);
  if (mediaType === 'application/yaml') return parseYamlObject(body);
  if (mediaType !== '' && mediaType !== 'application/json' && mediaType !== '*/*') {
    throw unsupportedMediaType([
      'application/json',
      'application/yaml',
      'application/vnd.kubernetes.protobuf',
    ]);
  }
  return parseJsonObject(body);
}

/** The text of a body decodeObjectBody reads as JSON (for duplicate-field detection); undefined otherwise. */
export function jsonBodyText(body: Buffer, mediaType: string): string | undefined {
  if (mediaType !== '' && mediaType !== 'application/json' && mediaType !== '*/*') return undefined;
  return hasKubernetesProtobufMagic(body) ? undefined : body.toString('utf8');
}

/** Parses a body that must be a JSON object; 400 with the parser's message otherwise. */
export function parseJsonObject(body: Buffer): KubeObject {
  // DELETE handlers pass no media type, and typed clients send DeleteOptions as protobuf
  // (kubectl drain --disable-eviction); "k8s\0" can never start JSON, so the magic decides.
  if (hasKubernetesProtobufMagic(body)) return decodeProtobufObject(body);
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

/** Decodes a Kubernetes protobuf body ("k8s\0" + runtime.Unknown) to its JSON object; 400 as upstream. */
export function decodeProtobufObject(body: Buffer, expectedKind?: string): KubeObject {
  try {
    return decodeKubernetesProtobuf(body).object as KubeObject;
  } catch (err) {
    if (err instanceof ProtobufDecodeError) throw badRequest(protobufErrorMessage(err, body, expectedKind));
    throw err;
  }
}

/** Parses a YAML body holding one object; 400 otherwise. */
function parseYamlObject(body: Buffer): KubeObject {
  let parsed: unknown;
  try {
    parsed = YAML.parse(body.toString('utf8'));
  } catch (err) {
    throw badRequest(`couldn't get version/kind; yaml parse error: ${(err as Error).message}`);
  }
  if (!isPlainObject(parsed))
    throw badRequest(
      'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf',
    );
  return parsed as KubeObject;
}
