import type { IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { ApiServer } from '../../src/apiserver/api-server.js';

/** What a raw request got back: status, headers and the whole body as text. */
export interface AdminAnswer {
  readonly status: number;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/**
 * One request to an in-process ApiServer with the admin's client certificate, read to the end;
 * a body is sent as JSON. For tests that need what a client library hides (headers, raw bodies).
 */
export function adminRequest(
  server: ApiServer,
  method: string,
  path: string,
  options: { headers?: Record<string, string | string[]>; body?: unknown } = {},
): Promise<AdminAnswer> {
  return new Promise((resolve, reject) => {
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const req = httpsRequest(
      `${server.url}${path}`,
      {
        method,
        cert: server.pki.admin.certPem,
        key: server.pki.admin.keyPem,
        ca: server.pki.ca.certPem,
        headers: { ...(body ? { 'Content-Type': 'application/json' } : {}), ...options.headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
