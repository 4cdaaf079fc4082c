import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import type { Clock } from '../../base/clock.js';
import { joinHostPort } from './container-port.js';
import { goTransportError, isPlainHttpAnswerToTls } from './go-net-error.js';
import type { HttpGetRequest } from './http-get-request.js';

/** Upstream reads at most 10 KiB of a probe's answer; the rest is never read. */
export const maxProbeBodyBytes = 10 * 1024;

/** How an httpGet is made. */
export interface HttpGetOptions {
  readonly clock: Clock;
  /** Go's http.Client.Timeout: one deadline over connecting, redirects and the body; none if absent. */
  readonly timeoutMs?: number;
  /** Aborting rejects with the signal's reason (not an HttpGetError). */
  readonly signal?: AbortSignal;
  readonly maxBodyBytes?: number;
}

/** The final answer of an httpGet. */
export interface HttpGetResponse {
  readonly statusCode: number;
  /** The body's first maxBodyBytes, as text. */
  readonly body: string;
  /** The URL that answered (after redirects). */
  readonly url: string;
  /** Set when reading the body failed for another reason than its length (Go's text). */
  readonly bodyError?: string;
}

/** A GET that got no answer; `message` is Go's url.Error text: `Get "URL": reason`. */
export class HttpGetError extends Error {
  override readonly name = 'HttpGetError';

  constructor(
    readonly url: string,
    readonly reason: string,
    /** The server answered a TLS hello in plain HTTP. */
    readonly plainHttpAnswer = false,
  ) {
    super(`Get "${url}": ${reason}`);
  }
}

const redirectCodes = new Set([301, 302, 303, 307, 308]);
const maxRedirects = 10;
const clientTimeoutAwaitingHeaders =
  'context deadline exceeded (Client.Timeout exceeded while awaiting headers)';
const clientTimeoutReadingBody =
  'context deadline exceeded (Client.Timeout or context cancellation while reading body)';

interface Hop {
  readonly url: URL;
  /** The URL as Go prints it: the first hop keeps its explicit port. */
  readonly text: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly host?: string;
}

function portOf(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

function hostname(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

function goText(url: URL, explicitPort: boolean): string {
  if (!explicitPort) return url.href;
  return `${url.protocol}//${joinHostPort(hostname(url), portOf(url))}${url.pathname}${url.search}`;
}

function headerObject(hop: Hop): OutgoingHttpHeaders {
  const out: Record<string, string | string[]> = {
    Host: hop.host ?? joinHostPort(hostname(hop.url), portOf(hop.url)),
  };
  for (const [name, value] of hop.headers) {
    // Go sends no User-Agent at all when it is set to "".
    if (name === 'User-Agent' && value === '') continue;
    const prev = out[name];
    out[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

/** Sends one request and resolves with the response head; the caller reads or drops the body. */
function send(hop: Hop, signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const host = hostname(hop.url);
    const common = {
      method: 'GET',
      host,
      port: portOf(hop.url),
      path: `${hop.url.pathname}${hop.url.search}`,
      headers: headerObject(hop),
      // Upstream's probe transport keeps no connections and asks for no compression.
      agent: false as const,
      signal,
    };
    const req =
      hop.url.protocol === 'https:'
        ? // Probes and hooks never verify the container's certificate, as upstream.
          httpsRequest({ ...common, rejectUnauthorized: false, servername: isIP(host) ? '' : host })
        : httpRequest(common);
    req.once('response', resolve);
    req.once('error', reject);
    req.end();
  });
}

/** Reads up to `max` bytes of the body, then drops the connection. */
function readBody(res: IncomingMessage, max: number): Promise<{ body: Buffer; error?: unknown }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (error?: unknown) => {
      if (done) return;
      done = true;
      const body = Buffer.concat(chunks, size).subarray(0, max);
      resolve(error === undefined ? { body } : { body, error });
    };
    res.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= max) {
        finish();
        res.destroy();
      }
    });
    res.once('end', () => finish());
    res.once('error', (err) => finish(err));
    res.once('close', () => finish(res.complete ? undefined : new Error('unexpected EOF')));
  });
}

function isAbsoluteUrl(location: string): boolean {
  return /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(location);
}

/**
 * GETs `request` the way the kubelet's probe client does: certificates not verified, no keep-alive,
 * redirects followed only to the same host name (any port) and at most 10 times (a redirect
 * elsewhere is returned as the answer), the body read up to maxBodyBytes. Rejects with an
 * HttpGetError when no answer came, or with the signal's reason when aborted.
 */
export async function httpGet(request: HttpGetRequest, options: HttpGetOptions): Promise<HttpGetResponse> {
  const controller = new AbortController();
  let timedOut = false;
  const cancelTimer =
    options.timeoutMs !== undefined
      ? options.clock.after(options.timeoutMs, () => {
          timedOut = true;
          controller.abort(new Error('client timeout'));
        })
      : undefined;
  const onAbort = () => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const first = request.url;
  let hop: Hop = {
    url: first,
    text: goText(first, true),
    headers: request.headers,
    ...(request.host !== undefined ? { host: request.host } : {}),
  };
  const address = () => joinHostPort(hostname(hop.url), portOf(hop.url));
  try {
    for (let via = 0; ; via++) {
      let res: IncomingMessage;
      try {
        res = await send(hop, controller.signal);
      } catch (err) {
        if (options.signal?.aborted) throw options.signal.reason;
        if (timedOut) throw new HttpGetError(hop.text, clientTimeoutAwaitingHeaders);
        throw new HttpGetError(hop.text, goTransportError(address(), err), isPlainHttpAnswerToTls(err));
      }
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (redirectCodes.has(status) && location !== undefined && location !== '') {
        let next: URL;
        try {
          next = new URL(location, hop.url);
        } catch {
          res.destroy();
          throw new HttpGetError(hop.text, `failed to parse Location header "${location}"`);
        }
        if (next.hostname === first.hostname) {
          res.destroy();
          if (via + 1 >= maxRedirects)
            throw new HttpGetError(hop.text, `stopped after ${maxRedirects} redirects`);
          const referer =
            hop.url.protocol === 'https:' && next.protocol === 'http:' ? undefined : hop.url.href;
          const headers = hop.headers.filter(([n]) => n !== 'Referer');
          // Go keeps a Host override only through relative redirects.
          const keepHost = hop.host !== undefined && !isAbsoluteUrl(location);
          hop = {
            url: next,
            text: next.href,
            headers: referer === undefined ? headers : [...headers, ['Referer', referer]],
            ...(keepHost ? { host: hop.host } : {}),
          };
          continue;
        }
        // A redirect to another host is not followed: its answer is the result.
      }
      const { body, error } = await readBody(res, options.maxBodyBytes ?? maxProbeBodyBytes);
      if (options.signal?.aborted) throw options.signal.reason;
      const bodyError =
        error === undefined
          ? undefined
          : timedOut
            ? clientTimeoutReadingBody
            : goTransportError(address(), error);
      return {
        statusCode: status,
        body: body.toString('utf8'),
        url: hop.text,
        ...(bodyError !== undefined ? { bodyError } : {}),
      };
    }
  } finally {
    cancelTimer?.();
    options.signal?.removeEventListener('abort', onAbort);
  }
}
