// The server half of the HTTP upgrades that start a streaming session, written straight onto the
// socket Node hands to `server.on('upgrade')`: subprotocol negotiation with upstream's errors
// (httpstream.Handshake, spdy.UpgradeResponse, wsstream's handshake), the SPDY/3.1 101 response,
// and the WebSocket handshake through `ws` with a subprotocol chosen here (ws refuses names such
// as "SPDY/3.1+portforward.k8s.io" that are not HTTP tokens, so it never sees the header).
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { badRequest } from '../../machinery/errors/status-error-factories.js';
import { goStringList, negotiateProtocol } from './stream-protocols.js';
import { WebSocketServer, type WsSocket } from './ws-module.js';

const upgradeInConnection = /(^|.*,\s*)upgrade($|\s*,)/;

/** True for a WebSocket upgrade request (wsstream.IsWebSocketRequest). */
export function isWebSocketUpgrade(req: IncomingMessage): boolean {
  const upgrade = header(req, 'upgrade')[0] ?? '';
  if (upgrade.toLowerCase() !== 'websocket') return false;
  return upgradeInConnection.test((header(req, 'connection')[0] ?? '').toLowerCase());
}

/** The subprotocols a WebSocket client offered, in its order. */
export function offeredWebSocketProtocols(req: IncomingMessage): string[] {
  return commaSeparated(header(req, 'sec-websocket-protocol'));
}

/** The X-Stream-Protocol-Version values a SPDY client offered (repeated and comma-separated). */
export function offeredStreamProtocols(req: IncomingMessage): string[] {
  return commaSeparated(header(req, 'x-stream-protocol-version'));
}

/**
 * Answers on a raw upgrade socket the way Go's http.Error does (text/plain, message plus a
 * newline), then closes it.
 */
export function writeHttpError(
  socket: Duplex,
  statusCode: number,
  message: string,
  extraHeaders: readonly (readonly [string, string])[] = [],
): void {
  writeHttpResponse(socket, statusCode, 'text/plain; charset=utf-8', `${message}\n`, [
    ['X-Content-Type-Options', 'nosniff'],
    ...extraHeaders,
  ]);
}

/**
 * Answers a plain (non-upgrade) request to exec/attach/portforward the way upstream's
 * upgrade-aware handler does: 400 with the Status "Upgrade request required".
 */
export function respondUpgradeRequired(res: ServerResponse): void {
  const status = badRequest('Upgrade request required').status;
  res.writeHead(400, { 'Content-Type': 'application/json' }).end(JSON.stringify(status));
}

/** Answers on a raw upgrade socket with a JSON body (e.g. a Status), then closes it. */
export function writeHttpJson(socket: Duplex, statusCode: number, body: unknown): void {
  writeHttpResponse(socket, statusCode, 'application/json', JSON.stringify(body), []);
}

function writeHttpResponse(
  socket: Duplex,
  statusCode: number,
  contentType: string,
  body: string,
  extraHeaders: readonly (readonly [string, string])[],
): void {
  if (socket.destroyed) return;
  const bytes = Buffer.from(body, 'utf8');
  const lines = [
    `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode] ?? 'Unknown'}`,
    `Content-Type: ${contentType}`,
    ...extraHeaders.map(([k, v]) => `${k}: ${v}`),
    `Content-Length: ${bytes.length}`,
    'Connection: close',
  ];
  socket.end(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), bytes]));
}

/**
 * Negotiates X-Stream-Protocol-Version and answers 101 with `Upgrade: SPDY/3.1`; afterwards the
 * socket carries SPDY. Returns the chosen protocol, or undefined after writing upstream's error
 * response (400 for missing headers, 403 when no protocol matches).
 */
export function acceptSpdyUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  supported: readonly string[],
): string | undefined {
  const offered = offeredStreamProtocols(req);
  if (offered.length === 0) {
    writeHttpError(socket, 400, 'unable to upgrade: X-Stream-Protocol-Version is required');
    return undefined;
  }
  const chosen = negotiateProtocol(offered, supported);
  if (chosen === undefined) {
    writeHttpError(
      socket,
      403,
      `unable to upgrade: unable to negotiate protocol: client supports ${goStringList(offered)}, server accepts ${goStringList(supported)}`,
      supported.map((p) => ['X-Accepted-Stream-Protocol-Versions', p] as const),
    );
    return undefined;
  }
  const connection = (header(req, 'connection')[0] ?? '').toLowerCase();
  const upgrade = (header(req, 'upgrade')[0] ?? '').toLowerCase();
  if (!connection.includes('upgrade') || !upgrade.includes('spdy/3.1')) {
    writeHttpError(
      socket,
      400,
      `unable to upgrade: missing upgrade headers in request: ${JSON.stringify(req.headers)}`,
    );
    return undefined;
  }
  socket.write(
    'HTTP/1.1 101 Switching Protocols\r\n' +
      'Connection: Upgrade\r\n' +
      'Upgrade: SPDY/3.1\r\n' +
      `X-Stream-Protocol-Version: ${chosen}\r\n` +
      '\r\n',
  );
  return chosen;
}

/**
 * Completes a WebSocket handshake answering with subprotocol `protocol` ('' = none). Resolves
 * with the open socket, or undefined when the request was not a valid handshake (ws has then
 * written its 4xx and closed the socket).
 */
export function acceptWebSocket(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  protocol: string,
): Promise<WsSocket | undefined> {
  const server = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    perMessageDeflate: false,
    // Port-forward data and tar streams for kubectl cp travel as large messages.
    maxPayload: 256 * 1024 * 1024,
  });
  if (protocol !== '') {
    server.on('headers', (lines: string[]) => lines.push(`Sec-WebSocket-Protocol: ${protocol}`));
  }
  delete req.headers['sec-websocket-protocol'];
  return new Promise((resolve) => {
    const failed = () => resolve(undefined);
    socket.once('close', failed);
    server.handleUpgrade(req, socket, head, (ws) => {
      socket.off('close', failed);
      resolve(ws);
    });
  });
}

/** Answers a WebSocket request whose subprotocols are all unknown, as x/net/websocket does. */
export function rejectWebSocketProtocols(
  socket: Duplex,
  offered: readonly string[],
  supported: readonly string[],
): void {
  writeHttpError(
    socket,
    403,
    `requested protocol(s) are not supported: ${goStringList(offered)}; supports ${goStringList(supported)}`,
  );
}

function header(req: IncomingMessage, name: string): string[] {
  return req.headersDistinct[name] ?? [];
}

function commaSeparated(values: readonly string[]): string[] {
  return values
    .flatMap((v) => v.split(','))
    .map((p) => p.trim())
    .filter((p) => p !== '');
}
