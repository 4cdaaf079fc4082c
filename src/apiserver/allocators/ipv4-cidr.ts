/** An IPv4 network: its address as an unsigned 32-bit number and its prefix length. */
export interface Ipv4Cidr {
  /** The network address (host bits cleared). */
  readonly network: number;
  readonly prefixLength: number;
  /** Number of addresses in the block, network and broadcast included. */
  readonly totalSize: number;
  /** Canonical text, e.g. "10.43.0.0/16". */
  readonly text: string;
}

/** The address as an unsigned 32-bit number, or undefined unless it is a plain dotted quad. */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    // Digits only, no sign or spaces; leading zeros are rejected like Go's netip (octal ambiguity).
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

/** Dotted-quad text of an unsigned 32-bit address. */
export function formatIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

/** Parses "a.b.c.d/n" (host bits are cleared, as Go's ParseCIDR does); undefined when malformed. */
export function parseIpv4Cidr(text: string): Ipv4Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = parseIpv4(text.slice(0, slash));
  const bitsText = text.slice(slash + 1);
  if (address === undefined || !/^(0|[1-9][0-9]?)$/.test(bitsText)) return undefined;
  const prefixLength = Number(bitsText);
  if (prefixLength > 32) return undefined;
  const totalSize = 2 ** (32 - prefixLength);
  const network = address - (address % totalSize);
  return { network, prefixLength, totalSize, text: `${formatIpv4(network)}/${prefixLength}` };
}
