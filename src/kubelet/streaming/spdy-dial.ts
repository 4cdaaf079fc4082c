// The client half of a SPDY/3.1 upgrade, as client-go's SpdyRoundTripper does it: POST with
// `Connection: Upgrade`, `Upgrade: SPDY/3.1` and one X-Stream-Protocol-Version header per offered
// protocol; a 101 answer turns the socket into a SPDY connection in the client role. Used against
// containerd's CRI streaming server (http://127.0.0.1:PORT/exec/TOKEN and friends).
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { SpdyConnection } from './spdy-connection.js';

/** Options of dialSpdy. */
export interface DialSpdyOptions {
  /** Give up when there is no answer within this time (default 30 s). */
  readonly timeoutMs?: number;
  /** Extra request headers (e.g. authorization). */
  readonly headers?: Readonly<Record<string, string>>;
  /** TLS settings for https URLs. */
  readonly tls?: https.RequestOptions;
}

/** An established SPDY client connection and the protocol the server chose. */
export interface SpdyDialResult {
  readonly connection: SpdyConnection;
  readonly protocol: string;
}

/** Upgrades `url` to SPDY/3.1 offering `protocols`; rejects with the server's answer on refusal. */
export function dialSpdy(
  url: string,
  protocols: readonly string[],
  options: DialSpdyOptions = {},
): Promise<SpdyDialResult> {
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  const timeoutMs = options.timeoutMs ?? 30_000;
  return new Promise((resolve, reject) => {
    const req = client.request(target, {
      ...(target.protocol === 'https:' ? options.tls : {}),
      method: 'POST',
      headers: {
        ...options.headers,
        Connection: 'Upgrade',
        Upgrade: 'SPDY/3.1',
        'X-Stream-Protocol-Version': [...protocols],
        'Content-Length': '0',
      },
    });
    req.setTimeout(timeoutMs, () =>
      req.destroy(new Error(`no answer from ${target.origin} in ${timeoutMs} ms`)),
    );
    req.on('error', reject);
    req.on('upgrade', (res: http.IncomingMessage, socket: Socket, head: Buffer) => {
      req.setTimeout(0);
      const protocol = String(res.headers['x-stream-protocol-version'] ?? '');
      if (res.statusCode !== 101 || (protocols.length > 0 && !protocols.includes(protocol))) {
        socket.destroy();
        reject(
          new Error(`unable to upgrade connection: unexpected protocol "${protocol}" from ${target.origin}`),
        );
        return;
      }
      socket.setNoDelay(true);
      resolve({ connection: new SpdyConnection({ transport: socket, role: 'client', head }), protocol });
    });
    req.on('response', (res: http.IncomingMessage) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () =>
        reject(new Error(`unable to upgrade connection: ${body.trim() || `HTTP ${res.statusCode}`}`)),
      );
    });
    req.end();
  });
}
