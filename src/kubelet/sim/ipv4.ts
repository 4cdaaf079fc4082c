/** An IPv4 network: its first address as an unsigned 32-bit number, and its prefix length. */
export interface Ipv4Cidr {
  readonly base: number;
  readonly prefix: number;
}

/** Parses dotted-quad IPv4 into an unsigned 32-bit number; throws on anything else. */
export function parseIpv4(text: string): number {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255))
    throw new RangeError(`not an IPv4 address: ${JSON.stringify(text)}`);
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

/** Formats an unsigned 32-bit number as dotted-quad IPv4. */
export function formatIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** Parses "a.b.c.d/len" (host bits are cleared); throws on a malformed CIDR. */
export function parseCidr(text: string): Ipv4Cidr {
  const [addr, len, extra] = text.split('/');
  const prefix = Number(len);
  if (addr === undefined || extra !== undefined || !/^\d{1,2}$/.test(len ?? '') || prefix > 32)
    throw new RangeError(`not an IPv4 CIDR: ${JSON.stringify(text)}`);
  const size = 2 ** (32 - prefix);
  return { base: Math.floor(parseIpv4(addr) / size) * size, prefix };
}

/** Formats a CIDR as "a.b.c.d/len". */
export function formatCidr(cidr: Ipv4Cidr): string {
  return `${formatIpv4(cidr.base)}/${cidr.prefix}`;
}

/** Number of addresses in the CIDR. */
export function cidrSize(cidr: Ipv4Cidr): number {
  return 2 ** (32 - cidr.prefix);
}

/** True when `ip` lies inside `cidr`. */
export function cidrContains(cidr: Ipv4Cidr, ip: number): boolean {
  return ip >= cidr.base && ip < cidr.base + cidrSize(cidr);
}
