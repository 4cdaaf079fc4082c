// One request to a backend (kubelet, pod, service endpoint) and its first answer: either a normal
// response or, for a request that asked to switch protocols, the 101 with the raw socket.

import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import type { Duplex } from 'node:stream';
import { goNetErrorText } from '../admission/webhook/go-net-error.js';
import { joinHostPort, type BackendTarget } from './backend-target.js';
import { plainServerError } from './proxy-errors.js';

/** What the backend answered first. */
export type BackendAnswer =
  | { readonly kind: 'response'; readonly response: IncomingMessage }
  | {
      readonly kind: 'upgrade';
      readonly response: IncomingMessage;
      readonly socket: Duplex;
      /** Bytes of the switched protocol that arrived with the 101. */
      readonly head: Buffer;
    };

/** One request to send. */
export interface BackendCall {
  readonly method: string;
  /** Path and query, already escaped. */
  readonly path: string;
  /** Header name/value pairs as node's rawHeaders lists them (repeated names stay separate lines). */
  readonly headers: readonly string[];
  /** Request body to stream (absent: none). */
  readonly body?: Readable;
  /** Aborts the call (the client went away). */
  readonly signal?: AbortSignal;
  /**
   * The 500's message for a backend that cannot be reached, given Go's text of the failure and the
   * URL: upstream words it differently per path (`error dialing backend: ...` for upgrades).
   */
  readonly failureMessage: (netError: string, url: string) => string;
}

/** Node's request headers from a flat name/value list, keeping repeated names as arrays. */
function headerObject(pairs: readonly string[]): OutgoingHttpHeaders {
  const out: Record<string, string | string[]> = {};
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    const name = pairs[i]!;
    const value = pairs[i + 1]!;
    const key = Object.keys(out).find((k) => k.toLowerCase() === name.toLowerCase()) ?? name;
    const existing = out[key];
    out[key] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return out;
}

/**
 * Sends `call` to `target` and resolves with its first answer. A failure to connect (refused,
 * timed out, TLS rejected) rejects with a 500 worded by `call.failureMessage`.
 */
export function sendToBackend(target: BackendTarget, call: BackendCall): Promise<BackendAnswer> {
  const hostPort = joinHostPort(target.host, target.port);
  return new Promise<BackendAnswer>((resolve, reject) => {
    const options = {
      host: target.host,
      port: target.port,
      method: call.method,
      path: call.path,
      headers: headerObject(call.headers),
      // One connection per call: streams and upgraded sessions must never share or return to a pool.
      agent: false as const,
      ...(call.signal ? { signal: call.signal } : {}),
    };
    const tls = target.tls;
    const req =
      target.scheme === 'https'
        ? httpsRequest({
            ...options,
            ...(tls?.certPem !== undefined ? { cert: tls.certPem, key: tls.keyPem } : {}),
            ...(tls?.caPem !== undefined ? { ca: tls.caPem } : {}),
            rejectUnauthorized: tls?.caPem !== undefined,
          })
        : httpRequest(options);
    let settled = false;
    let connectTimer: NodeJS.Timeout | undefined;
    const fail = (err: unknown) => {
      clearTimeout(connectTimer);
      if (settled) return;
      settled = true;
      const url = `${target.scheme}://${hostPort}${call.path}`;
      reject(plainServerError(call.failureMessage(goNetErrorText(err, hostPort), url)));
    };
    req.on('error', fail);
    if (target.connectTimeoutMs !== undefined) {
      const limit = target.connectTimeoutMs;
      req.once('socket', (socket) => {
        connectTimer = setTimeout(() => {
          req.destroy(Object.assign(new Error('i/o timeout'), { code: 'ETIMEDOUT' }));
        }, limit);
        // Only connecting is limited: a log stream or a session may then stay quiet for hours.
        socket.once(target.scheme === 'https' ? 'secureConnect' : 'connect', () =>
          clearTimeout(connectTimer),
        );
      });
    }
    req.once('response', (response) => {
      clearTimeout(connectTimer);
      if (settled) return void response.destroy();
      settled = true;
      resolve({ kind: 'response', response });
    });
    req.once('upgrade', (response, socket, head) => {
      clearTimeout(connectTimer);
      if (settled) return void socket.destroy();
      settled = true;
      resolve({ kind: 'upgrade', response, socket, head });
    });
    if (call.body !== undefined) call.body.pipe(req);
    else req.end();
  });
}
