// POSTs an AdmissionReview to a webhook over HTTPS the way upstream's webhook REST client does:
// TLS 1.2+, the configuration's caBundle (else the system roots), the service's DNS name as the TLS
// server name, `?timeout=<timeoutSeconds>s` on the URL and a deadline of the same length. Every
// failure becomes a WebhookCallError worded as upstream's.

import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { posix } from 'node:path';
import { formatGoDuration } from '../../../base/go-duration.js';
import { isPlainObject } from '../../../api/object.js';
import { parseGoUrl } from '../../../api/validation/go-url.js';
import { genericServerResponse, goQuote } from '../../../machinery/errors/index.js';
import { goNetErrorText } from './go-net-error.js';
import { goServerIdentity } from './server-identity.js';
import type { DialAddress } from './service-resolver.js';
import type { WebhookAccessor, WebhookServiceReference } from './webhook-accessor.js';
import { WebhookCallError } from './webhook-errors.js';

/** Largest response body read from a webhook. */
const maxResponseBytes = 10 * 1024 * 1024;

/** Resolves a service reference to an address to dial (throws with upstream's wording). */
export type ServiceDialer = (ref: WebhookServiceReference) => Promise<DialAddress>;

/** Where one call goes: the URL upstream would print, and where to connect. */
interface CallTarget {
  /** `https://host[:port]/path?timeout=10s`, as Go's url.URL prints it. */
  readonly url: string;
  /** The name the certificate must carry and SNI announces. */
  readonly serverName: string;
  readonly pathAndQuery: string;
  readonly dial: () => Promise<DialAddress>;
}

/** Go's path.Join("/", p): cleaned, rooted, no trailing slash. */
function cleanPath(p: string | undefined): string {
  const cleaned = posix.normalize(`/${p ?? ''}`);
  return cleaned.length > 1 && cleaned.endsWith('/') ? cleaned.slice(0, -1) : cleaned;
}

function splitHostPort(host: string): { hostname: string; port: number } {
  const bracketed = /^\[(.*)\](?::(\d*))?$/.exec(host);
  if (bracketed) return { hostname: bracketed[1]!, port: Number(bracketed[2] || 443) };
  const colon = host.lastIndexOf(':');
  if (colon < 0) return { hostname: host, port: 443 };
  return { hostname: host.slice(0, colon), port: Number(host.slice(colon + 1) || 443) };
}

function callTarget(hook: WebhookAccessor, dialService: ServiceDialer): CallTarget {
  const query = `?timeout=${formatGoDuration(hook.timeoutSeconds * 1000)}`;
  const { url, service } = hook.clientConfig;
  if (url !== undefined) {
    const parsed = parseGoUrl(url);
    const u = 'url' in parsed ? parsed.url : { scheme: 'https', host: '', path: '' };
    const path = cleanPath(u.path);
    const { hostname, port } = splitHostPort(u.host);
    return {
      url: `${u.scheme}://${u.host}${path}${query}`,
      serverName: hostname,
      pathAndQuery: `${encodeURI(path)}${query}`,
      dial: async () => ({ host: hostname, port }),
    };
  }
  const ref = service ?? { namespace: '', name: '', path: undefined, port: 443 };
  const serverName = `${ref.name}.${ref.namespace}.svc`;
  const path = cleanPath(ref.path);
  return {
    url: `https://${serverName}:${ref.port}${path}${query}`,
    serverName,
    pathAndQuery: `${encodeURI(path)}${query}`,
    dial: () => dialService(ref),
  };
}

/** The body of a failed response as the REST client reports it: the Status message, or a generic one. */
function statusFailureText(code: number, body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (isPlainObject(parsed) && parsed['kind'] === 'Status' && typeof parsed['message'] === 'string') {
      return parsed['message'];
    }
  } catch {
    // Not JSON: fall through to the generic text.
  }
  return genericServerResponse({ code, verb: 'POST', serverMessage: body.trim() }).message;
}

interface RawResponse {
  readonly status: number;
  readonly body: string;
}

function post(
  target: CallTarget,
  address: DialAddress,
  caPem: string | undefined,
  body: string,
  signal: AbortSignal,
) {
  return new Promise<RawResponse>((resolve, reject) => {
    const req = httpsRequest(
      {
        host: address.host,
        port: address.port,
        path: target.pathAndQuery,
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json, */*',
          'User-Agent': 'kube-apiserver-admission',
          'Content-Length': Buffer.byteLength(body),
        },
        ...(caPem !== undefined ? { ca: caPem } : {}),
        // SNI carries names only; an IP literal is checked against the certificate's IP SANs.
        ...(isIP(target.serverName) === 0 ? { servername: target.serverName } : {}),
        checkServerIdentity: goServerIdentity(target.serverName),
        minVersion: 'TLSv1.2',
        signal,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxResponseBytes) {
            req.destroy(new Error(`response body larger than ${maxResponseBytes} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Sends `review` to the webhook and returns the decoded response body; throws WebhookCallError
 * (`failed to call webhook: Post "<url>": <cause>`) when the call fails or times out.
 */
export async function callWebhook(
  hook: WebhookAccessor,
  review: Record<string, unknown>,
  dialService: ServiceDialer,
): Promise<unknown> {
  const target = callTarget(hook, dialService);
  const fail = (cause: string): WebhookCallError =>
    new WebhookCallError(hook.name, `failed to call webhook: Post ${goQuote(target.url)}: ${cause}`);
  const deadline = AbortSignal.timeout(hook.timeoutSeconds * 1000);
  let address: DialAddress;
  try {
    address = await target.dial();
  } catch (err) {
    throw fail(err instanceof Error ? err.message : String(err));
  }
  let response: RawResponse;
  try {
    response = await post(target, address, hook.clientConfig.caPem, JSON.stringify(review), deadline);
  } catch (err) {
    const hostPort =
      isIP(address.host) === 6 ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
    throw fail(deadline.aborted ? 'context deadline exceeded' : goNetErrorText(err, hostPort));
  }
  if (response.status < 200 || response.status > 299) {
    throw new WebhookCallError(
      hook.name,
      `failed to call webhook: ${statusFailureText(response.status, response.body)}`,
    );
  }
  try {
    return JSON.parse(response.body) as unknown;
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new WebhookCallError(
      hook.name,
      `failed to call webhook: couldn't get version/kind; json parse error: ${detail}`,
    );
  }
}
