import { setMaxListeners } from 'node:events';
import type http from 'node:http';
import type https from 'node:https';
import type { TransportRequest, TransportResponse } from './transport.js';

/** Where and how an HTTP/1.1 request goes: the module, its connection pool and the server's base URL. */
export interface AgentTarget {
  readonly module: typeof http | typeof https;
  readonly agent: http.Agent;
  /** The server's URL; its path is a prefix of every request path. */
  readonly base: URL;
  /** Sent as Authorization when the request carries none. */
  readonly authorization?: string;
}

/**
 * Sends one Transport request over node:http(s) through `target.agent` and resolves once the
 * response headers arrived, with the body as the response stream. Shared by the transports so
 * HTTPS and in-process connections speak exactly the same HTTP.
 */
export function requestThroughAgent(target: AgentTarget, req: TransportRequest): Promise<TransportResponse> {
  const { base } = target;
  const prefix = base.pathname.replace(/\/+$/, '');
  const query = req.query?.toString();
  const headers: Record<string, string> = { ...req.headers };
  if (target.authorization !== undefined && headers['authorization'] === undefined)
    headers['authorization'] = target.authorization;
  if (req.body !== undefined) headers['content-length'] = String(req.body.byteLength);
  // Components pass one long-lived signal to all their requests (a controller's hundreds of
  // concurrent creates); each request listens on it until it ends, which is no leak.
  if (req.signal !== undefined) setMaxListeners(0, req.signal);
  return new Promise((resolve, reject) => {
    const outgoing = target.module.request(
      {
        agent: target.agent,
        protocol: base.protocol,
        hostname: base.hostname.replace(/^\[|\]$/g, ''),
        port: base.port,
        method: req.method,
        path: `${prefix}${req.path}${query ? `?${query}` : ''}`,
        headers,
        ...(req.signal ? { signal: req.signal } : {}),
      },
      (res) => {
        // An aborted stream errors even when nobody reads it any more; readers still see the error.
        res.on('error', () => {});
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: res });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(req.body);
  });
}
