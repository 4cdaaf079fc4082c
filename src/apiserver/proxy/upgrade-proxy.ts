// The upgrade half of upstream's UpgradeAwareHandler: the client's request to switch protocols
// (WebSocket or SPDY for exec, attach and port-forward; any upgrade through a proxy subresource)
// goes to the backend as it came; the backend's 101 goes back to the client byte for byte, and
// from then on the apiserver copies raw bytes both ways without looking at them, with no time
// limit, until either side closes. The apiserver does not speak the streaming protocols itself.

import type { Duplex } from 'node:stream';
import type { ApiRequest } from '../http/api-request.js';
import { takeOverConnection } from '../http/upgraded-connections.js';
import { sendToBackend } from './backend-request.js';
import type { BackendTarget } from './backend-target.js';
import { forwardedRequestHeaders, forwardedResponseHeaders } from './forwarded-headers.js';
import { plainServerError } from './proxy-errors.js';

// Upstream gives up echoing a backend's refusal after this long.
const refusalEchoMs = 10_000;

/** The 101 response head as the backend sent it (status line, its headers in order, blank line). */
function switchingProtocolsHead(statusMessage: string | undefined, rawHeaders: readonly string[]): string {
  let head = `HTTP/1.1 101 ${statusMessage || 'Switching Protocols'}\r\n`;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) head += `${rawHeaders[i]}: ${rawHeaders[i + 1]}\r\n`;
  return `${head}\r\n`;
}

/**
 * Copies bytes both ways until one side closes, then ends the other once its pending bytes are
 * written (upstream closes both when either copy stops). Resolves when both are closed.
 */
export function relayStreams(client: Duplex, backend: Duplex): Promise<void> {
  return new Promise<void>((resolve) => {
    if (client.destroyed || backend.destroyed) {
      // One side left while the other was still being reached: nothing to relay.
      client.destroy();
      backend.destroy();
      resolve();
      return;
    }
    let open = 2;
    const closed = (other: Duplex) => () => {
      if (!other.destroyed) {
        other.end();
        // Its last bytes get a moment to drain; a peer that stopped reading does not hold it open.
        const cut = setTimeout(() => other.destroy(), 5_000);
        cut.unref();
        other.once('close', () => clearTimeout(cut));
      }
      if (--open === 0) resolve();
    };
    client.once('close', closed(backend));
    backend.once('close', closed(client));
    client.on('error', () => client.destroy());
    backend.on('error', () => backend.destroy());
    client.pipe(backend);
    backend.pipe(client);
  });
}

/**
 * Proxies an upgrade request to `path` on `target`. Before the switch every failure is an
 * ordinary Status answer: the backend cannot be dialed (500 `error dialing backend: ...`), it
 * refused (its own error response, echoed as it is), or it answered without switching (500
 * `invalid upgrade response: status code N`). After the switch the promise resolves when the
 * session ends.
 */
export async function proxyUpgrade(areq: ApiRequest, target: BackendTarget, path: string): Promise<void> {
  const { req, res } = areq;
  const aborted = new AbortController();
  const onClientGone = () => aborted.abort();
  req.socket.once('close', onClientGone);
  let answer;
  try {
    answer = await sendToBackend(target, {
      method: req.method ?? 'GET',
      path,
      headers: forwardedRequestHeaders(req, true),
      signal: aborted.signal,
      failureMessage: (netError) => `error dialing backend: ${netError}`,
    });
  } finally {
    req.socket.off('close', onClientGone);
  }
  if (answer.kind === 'response') {
    const { response } = answer;
    const status = response.statusCode ?? 500;
    if (status < 400) {
      response.destroy();
      throw plainServerError(`invalid upgrade response: status code ${status}`);
    }
    // The backend's refusal (a missing container, a bad request, its own 403) reaches the client
    // as the backend worded it.
    res.writeHead(status, response.statusMessage, forwardedResponseHeaders(response.rawHeaders));
    const cut = setTimeout(() => response.destroy(), refusalEchoMs);
    response.pipe(res);
    await new Promise<void>((resolve) => {
      res.once('close', resolve);
      response.once('close', resolve);
    });
    clearTimeout(cut);
    return;
  }
  const client = takeOverConnection(res);
  if (client === undefined) {
    answer.socket.destroy();
    throw plainServerError('request connection cannot be hijacked');
  }
  client.write(switchingProtocolsHead(answer.response.statusMessage, answer.response.rawHeaders));
  if (answer.head.length > 0) client.write(answer.head);
  await relayStreams(client, answer.socket);
}
