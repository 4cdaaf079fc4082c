// IP and CIDR checks with upstream's (1.32) messages. Parsing is Go's "sloppy" flavour that
// Kubernetes uses for API fields: IPv4 octets may carry leading zeros, IPv6 may embed IPv4.

import { isIPv6 } from 'node:net';
import { type FieldError, fieldInvalid } from './field-error.js';
import type { FieldPath } from './field-path.js';

/** A parsed address: family and its 4 or 16 bytes. */
export interface ParsedIP {
  readonly family: 4 | 6;
  readonly bytes: readonly number[];
}

function parseIPv4(s: string): number[] | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const bytes: number[] = [];
  for (const p of parts) {
    if (!/^[0-9]{1,3}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    bytes.push(n);
  }
  return bytes;
}

function parseIPv6(s: string): number[] | undefined {
  if (s.includes('%') || !isIPv6(s)) return undefined;
  let text = s;
  const tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  const v4 = parseIPv4(text.slice(lastColon + 1));
  if (v4) {
    tail.push(...v4);
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const [head = '', rest] = text.split('::');
  const groups = (t: string): string[] => (t === '' ? [] : t.split(':'));
  const h = groups(head);
  const r = rest === undefined ? [] : groups(rest);
  const fill = rest === undefined ? 0 : 8 - h.length - r.length;
  const all = [...h, ...Array<string>(fill).fill('0'), ...r];
  const bytes: number[] = [];
  for (const g of all) {
    const n = parseInt(g, 16);
    bytes.push(n >> 8, n & 0xff);
  }
  if (tail.length) bytes.splice(12, 4, ...tail);
  return bytes.length === 16 ? bytes : undefined;
}

/** Go's netutils.ParseIPSloppy: the address, or undefined when it is none. */
export function parseIPSloppy(s: string): ParsedIP | undefined {
  const v4 = parseIPv4(s);
  if (v4) return { family: 4, bytes: v4 };
  const v6 = parseIPv6(s);
  return v6 ? { family: 6, bytes: v6 } : undefined;
}

/** The address family of a string: 4, 6, or undefined when it is no address. */
export function ipFamilyOf(s: string): 4 | 6 | undefined {
  return parseIPSloppy(s)?.family;
}

/** Upstream's IsValidIP. */
export function isValidIP(path: FieldPath, value: string): FieldError[] {
  return parseIPSloppy(value)
    ? []
    : [fieldInvalid(path, value, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)')];
}

/** Upstream's IsValidIPv4Address. */
export function isValidIPv4Address(path: FieldPath, value: string): FieldError[] {
  return ipFamilyOf(value) === 4 ? [] : [fieldInvalid(path, value, 'must be a valid IPv4 address')];
}

/** Upstream's IsValidIPv6Address. */
export function isValidIPv6Address(path: FieldPath, value: string): FieldError[] {
  return ipFamilyOf(value) === 6 ? [] : [fieldInvalid(path, value, 'must be a valid IPv6 address')];
}

/** A parsed CIDR: the masked network address and the prefix length. */
export interface ParsedCIDR {
  readonly ip: ParsedIP;
  readonly prefix: number;
}

/** Go's ParseCIDRSloppy: the network (address masked), or undefined. */
export function parseCIDRSloppy(s: string): ParsedCIDR | undefined {
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIPSloppy(s.slice(0, slash));
  const bits = s.slice(slash + 1);
  if (!ip || !/^[0-9]{1,3}$/.test(bits)) return undefined;
  const prefix = Number(bits);
  if (prefix > ip.bytes.length * 8) return undefined;
  const masked = ip.bytes.map((b, i) => {
    const keep = Math.max(0, Math.min(8, prefix - i * 8));
    return b & ((0xff << (8 - keep)) & 0xff);
  });
  return { ip: { family: ip.family, bytes: masked }, prefix };
}

/** Upstream's IsValidCIDR. */
export function isValidCIDR(path: FieldPath, value: string): FieldError[] {
  return parseCIDRSloppy(value)
    ? []
    : [fieldInvalid(path, value, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)')];
}

/** True when the network contains the address. */
export function cidrContains(net: ParsedCIDR, ip: ParsedIP): boolean {
  if (net.ip.family !== ip.family) return false;
  const masked = parseCIDRSloppy(`${formatBytes(ip)}/${net.prefix}`);
  return masked !== undefined && masked.ip.bytes.every((b, i) => b === net.ip.bytes[i]);
}

function formatBytes(ip: ParsedIP): string {
  if (ip.family === 4) return ip.bytes.join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2)
    groups.push((((ip.bytes[i] ?? 0) << 8) | (ip.bytes[i + 1] ?? 0)).toString(16));
  return groups.join(':');
}

/** Upstream's ValidateNonSpecialIP (Endpoints, EndpointSlices, external IPs). */
export function validateNonSpecialIP(value: string, path: FieldPath): FieldError[] {
  const ip = parseIPSloppy(value);
  if (!ip) return [fieldInvalid(path, value, 'must be a valid IP address')];
  const b = ip.bytes;
  const errs: FieldError[] = [];
  const v4 =
    ip.family === 4
      ? b
      : b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff
        ? b.slice(12)
        : undefined;
  const unspecified = v4 ? v4.every((x) => x === 0) : b.every((x) => x === 0);
  const loopback = v4 ? v4[0] === 127 : b.slice(0, 15).every((x) => x === 0) && b[15] === 1;
  const linkLocal = v4 ? v4[0] === 169 && v4[1] === 254 : b[0] === 0xfe && ((b[1] ?? 0) & 0xc0) === 0x80;
  const linkLocalMulticast = v4
    ? v4[0] === 224 && v4[1] === 0 && v4[2] === 0
    : b[0] === 0xff && ((b[1] ?? 0) & 0x0f) === 0x02;
  if (unspecified) errs.push(fieldInvalid(path, value, `may not be unspecified (${value})`));
  if (loopback)
    errs.push(fieldInvalid(path, value, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'));
  if (linkLocal)
    errs.push(fieldInvalid(path, value, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'));
  if (linkLocalMulticast) {
    errs.push(
      fieldInvalid(path, value, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'),
    );
  }
  return errs;
}

/** True when the addresses include both an IPv4 and an IPv6 one (netutils.IsDualStackIPStrings). */
export function isDualStack(values: readonly string[]): boolean {
  const families = new Set(values.map(ipFamilyOf));
  return families.has(4) && families.has(6);
}
