import { isIPv4, isIPv6 } from 'node:net';

// Just enough CIDR arithmetic for pod-CIDR allocation: addresses as bigints, IPv4 and IPv6.

/** A parsed CIDR: its first address, prefix length and family width (32 or 128 bits). */
export interface Cidr {
  readonly base: bigint;
  readonly prefix: number;
  readonly bits: 32 | 128;
}

function parseIPv4(text: string): bigint {
  return text.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

function parseIPv6(text: string): bigint {
  const [head = '', tail] = text.split('::');
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  let left = groups(head);
  let right = tail === undefined ? [] : groups(tail);
  // An embedded IPv4 suffix counts as two groups.
  const fixV4 = (list: string[]) => {
    const last = list[list.length - 1];
    if (last !== undefined && last.includes('.')) {
      const v4 = parseIPv4(last);
      return [...list.slice(0, -1), (v4 >> 16n).toString(16), (v4 & 0xffffn).toString(16)];
    }
    return list;
  };
  if (tail === undefined) left = fixV4(left);
  else right = fixV4(right);
  const missing = 8 - left.length - right.length;
  const all = [...left, ...Array.from({ length: tail === undefined ? 0 : missing }, () => '0'), ...right];
  return all.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/** Parses "10.42.0.0/16" or "fd00::/56"; throws on anything else. The base is masked. */
export function parseCidr(text: string): Cidr {
  const [ip = '', prefixText = ''] = text.split('/');
  const prefix = Number(prefixText);
  let bits: 32 | 128;
  let value: bigint;
  if (isIPv4(ip)) {
    bits = 32;
    value = parseIPv4(ip);
  } else if (isIPv6(ip)) {
    bits = 128;
    value = parseIPv6(ip);
  } else {
    throw new Error(`invalid CIDR address: ${text}`);
  }
  if (!/^[0-9]+$/.test(prefixText) || prefix > bits) throw new Error(`invalid CIDR address: ${text}`);
  const hostBits = BigInt(bits - prefix);
  return { base: (value >> hostBits) << hostBits, prefix, bits };
}

function formatIPv6(value: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(16 * (7 - i))) & 0xffffn));
  // RFC 5952: compress the longest run (of at least two) of zero groups.
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/** The CIDR in its canonical text form. */
export function formatCidr(cidr: Cidr): string {
  const ip =
    cidr.bits === 32
      ? [24n, 16n, 8n, 0n].map((s) => ((cidr.base >> s) & 0xffn).toString()).join('.')
      : formatIPv6(cidr.base);
  return `${ip}/${cidr.prefix}`;
}
