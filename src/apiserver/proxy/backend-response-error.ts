// Upstream's GenericHttpResponseChecker: how a backend's error answer to a streamed GET (the
// kubelet's to pods/log) becomes the Status the client gets.

import type { IncomingMessage } from 'node:http';
import {
  badRequest,
  genericServerResponse,
  internalError,
  type GroupResource,
  type StatusError,
} from '../../machinery/errors/index.js';

// Upstream reads at most this much of an error body.
const maxErrorBody = 50_000;

async function readLimited(response: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= limit) break;
  }
  response.destroy();
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}

/**
 * Undefined for a 2xx answer (up to 206); otherwise the error for it, carrying the backend's body:
 * 500 → InternalError `Internal error occurred: <body>`, 400 → BadRequest `<body>`, any other code
 * → upstream's generic response for that code naming `resource` and `name`.
 */
export async function backendResponseError(
  response: IncomingMessage,
  resource: GroupResource,
  name: string,
): Promise<StatusError | undefined> {
  const code = response.statusCode ?? 500;
  if (code >= 200 && code <= 206) return undefined;
  const body = await readLimited(response, maxErrorBody);
  if (code === 500) return internalError(body);
  if (code === 400) return badRequest(body);
  return genericServerResponse({ code, qualifiedResource: resource, name, serverMessage: body });
}
