import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/** An address as Go prints it: IPv4-mapped IPv6 (`::ffff:127.0.0.1`) becomes plain IPv4. */
function normalized(ip: string): string | undefined {
  const trimmed = ip.trim();
  const plain = trimmed.startsWith('::ffff:') && isIP(trimmed.slice(7)) === 4 ? trimmed.slice(7) : trimmed;
  return isIP(plain) !== 0 ? plain : undefined;
}

/**
 * The client addresses of a request as upstream records them in audit events: the valid entries of
 * X-Forwarded-For, then X-Real-Ip unless already listed, then the connection's remote address
 * unless it is already the last one (it cannot be spoofed, so it is always there).
 */
export function sourceIPs(req: IncomingMessage): string[] {
  const ips: string[] = [];
  const forwarded = req.headers['x-forwarded-for'];
  const forwardedText = Array.isArray(forwarded) ? forwarded.join(',') : forwarded;
  if (forwardedText) {
    for (const part of forwardedText.split(',')) {
      const ip = normalized(part);
      if (ip !== undefined) ips.push(ip);
    }
  }
  const real = req.headers['x-real-ip'];
  const realIp = typeof real === 'string' ? normalized(real) : undefined;
  if (realIp !== undefined && !ips.includes(realIp)) ips.push(realIp);
  const remote = req.socket.remoteAddress === undefined ? undefined : normalized(req.socket.remoteAddress);
  if (remote !== undefined && ips[ips.length - 1] !== remote) ips.push(remote);
  return ips;
}
