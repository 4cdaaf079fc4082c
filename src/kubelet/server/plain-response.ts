// The kubelet API answers errors in plain text (go-restful's WriteErrorString, net/http's Error),
// not as Status objects. Requests that asked for a protocol upgrade have no ServerResponse, so the
// same answer is written as raw HTTP/1.1 on their socket before it is closed.
import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/** Sends `body` as text/plain with `status` (unless headers already went out). */
export function sendText(res: ServerResponse, status: number, body: string): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'x-content-type-options': 'nosniff',
  });
  res.end(body);
}

/** Sends `body` as JSON (`application/json`), as go-restful's writeJSON does. */
export function sendJson(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** Answers an upgrade request with a plain HTTP response on its socket, then closes it. */
export function sendTextOnSocket(socket: Duplex, status: number, body: string): void {
  if (socket.destroyed) return;
  const head =
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
    'Content-Type: text/plain; charset=utf-8\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    'X-Content-Type-Options: nosniff\r\n' +
    'Connection: close\r\n\r\n';
  socket.end(head + body);
}
