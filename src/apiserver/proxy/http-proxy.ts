// The non-upgrade half of upstream's UpgradeAwareHandler for the proxy subresources: a reverse
// proxy that sends the client's request on to the backend and streams the answer back as it
// comes (each chunk written at once, so event streams and long polls work), until either side
// is done. A client that goes away aborts the backend request.

import type { ApiRequest } from '../http/api-request.js';
import { sendToBackend } from './backend-request.js';
import type { BackendTarget } from './backend-target.js';
import { forwardedRequestHeaders, forwardedResponseHeaders } from './forwarded-headers.js';
import { streamBackendBody } from './stream-body.js';

/** What to ask the backend for. */
export interface ProxiedPath {
  /** The backend path with its query, escaped. */
  readonly path: string;
  /** The apiserver path the client used up to and including `/proxy` (X-Forwarded-Uri's prefix). */
  readonly proxyPrefix: string;
}

/**
 * Proxies a plain HTTP request. The backend's status and headers (less hop-by-hop ones) and body
 * reach the client unchanged; a backend that cannot be reached is a 500 with Go's dial error.
 * Resolves once the response is over or the client went away.
 */
export async function proxyHttp(
  areq: ApiRequest,
  target: BackendTarget,
  proxied: ProxiedPath,
): Promise<void> {
  const { req, res } = areq;
  const aborted = new AbortController();
  const onClientGone = () => {
    if (!res.writableFinished) aborted.abort();
  };
  res.once('close', onClientGone);
  const backendPath = proxied.path.split('?')[0]!;
  const headers = [
    ...forwardedRequestHeaders(req, false),
    'X-Forwarded-Uri',
    proxied.proxyPrefix + backendPath,
  ];
  const hasBody =
    req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
  const answer = await sendToBackend(target, {
    method: req.method ?? 'GET',
    path: proxied.path,
    headers,
    ...(hasBody ? { body: req } : {}),
    signal: aborted.signal,
    failureMessage: (netError) => netError,
  });
  const response = answer.response;
  if (answer.kind === 'upgrade') {
    // Only a request that asked to switch is ever answered with a switch; anything else is a
    // broken backend.
    answer.socket.destroy();
    res.writeHead(502).end();
    return;
  }
  res.writeHead(
    response.statusCode ?? 502,
    response.statusMessage,
    forwardedResponseHeaders(response.rawHeaders),
  );
  await streamBackendBody(response, res);
}
