// Which headers pass between a client and a backend the apiserver proxies to, as upstream's
// UpgradeAwareHandler and Go's ReverseProxy decide it.

import type { IncomingMessage } from 'node:http';

// RFC 7230 hop-by-hop headers (Go's ReverseProxy list): they describe one connection, not the
// message, so a proxy drops them; an upgrade keeps Connection and Upgrade, which ask the backend
// to switch protocols.
const hopByHop = new Set([
  'connection',
  'proxy-connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** Headers named by the Connection header, which are hop-by-hop too. */
function connectionTokens(rawHeaders: readonly string[]): Set<string> {
  const tokens = new Set<string>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (rawHeaders[i]!.toLowerCase() !== 'connection') continue;
    for (const t of rawHeaders[i + 1]!.split(',')) tokens.add(t.trim().toLowerCase());
  }
  tokens.delete('upgrade');
  return tokens;
}

/** The client's address as Go's RemoteAddr host (no port, no brackets). */
function clientAddress(req: IncomingMessage): string | undefined {
  return req.socket.remoteAddress?.replace(/^::ffff:/, '');
}

/**
 * The request headers to send to the backend, as name/value pairs: the client's own, less Host
 * (the backend's is used), the credentials the apiserver consumed (Authorization, Impersonate-*,
 * which upstream's filters strip once used) and, unless the request switches protocols, the
 * hop-by-hop headers; with the client's address appended to X-Forwarded-For.
 */
export function forwardedRequestHeaders(req: IncomingMessage, upgrade: boolean): string[] {
  const raw = req.rawHeaders;
  const named = upgrade ? new Set<string>() : connectionTokens(raw);
  const out: string[] = [];
  const forwardedFor: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!;
    const lower = name.toLowerCase();
    if (lower === 'host' || lower === 'authorization' || lower.startsWith('impersonate-')) continue;
    if (lower === 'x-forwarded-for') {
      forwardedFor.push(raw[i + 1]!);
      continue;
    }
    if (upgrade ? lower === 'proxy-authorization' : hopByHop.has(lower) || named.has(lower)) continue;
    out.push(name, raw[i + 1]!);
  }
  const client = clientAddress(req);
  if (client !== undefined) forwardedFor.push(client);
  if (forwardedFor.length > 0) out.push('X-Forwarded-For', forwardedFor.join(', '));
  return out;
}

/** The backend's response headers to pass back to the client: all but the hop-by-hop ones. */
export function forwardedResponseHeaders(rawHeaders: readonly string[]): string[] {
  const named = connectionTokens(rawHeaders);
  const out: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const lower = rawHeaders[i]!.toLowerCase();
    if (hopByHop.has(lower) || named.has(lower)) continue;
    out.push(rawHeaders[i]!, rawHeaders[i + 1]!);
  }
  return out;
}
