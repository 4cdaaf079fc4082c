import { isIP } from 'node:net';

function ipv4Octets(ip: string): number[] {
  return ip.split('.').map(Number);
}

/**
 * Whether the apiserver may proxy to this IP (nodes/proxy, pods/proxy). Upstream refuses loopback
 * and link-local addresses (pods: anything but global unicast) so that the apiserver cannot be
 * turned against its own host. k8ts allows loopback: its single-machine nodes and host-network
 * pods live at 127.0.0.1, and the apiserver reaches them there. Link-local (cloud metadata
 * endpoints), multicast, broadcast and unspecified addresses stay refused; so does a non-IP.
 */
export function isProxyableIp(ip: string): boolean {
  const family = isIP(ip);
  if (family === 4) {
    const [a, b] = ipv4Octets(ip) as [number, number];
    if (a === 0) return false; // unspecified / "this network"
    if (a === 169 && b === 254) return false; // link-local
    if (a >= 224) return false; // multicast, reserved, broadcast
    return true;
  }
  if (family === 6) {
    const lower = ip.toLowerCase();
    if (lower === '::') return false;
    if (/^fe[89ab]/.test(lower)) return false; // fe80::/10 link-local
    if (lower.startsWith('ff')) return false; // multicast
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
    return mapped === null || isProxyableIp(mapped[1]!);
  }
  return false;
}
