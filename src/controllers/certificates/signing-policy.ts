// Upstream's PermissiveSigningPolicy and the signer's duration rules: which key usages a certificate
// gets from spec.usages, and its validity window from spec.expirationSeconds, the signer's maximum
// (--cluster-signing-duration) and the CA's own expiry.

/** Upstream's default --cluster-signing-duration: one year. */
export const DEFAULT_CLUSTER_SIGNING_DURATION_MS = 365 * 24 * 60 * 60 * 1000;

const minute = 60 * 1000;
// Certificates start five minutes early for clock skew; below eight hours the end is not moved
// back with them, so a short certificate still lasts (about) as long as asked.
const backdateMs = 5 * minute;
const shortMs = 8 * 60 * minute;
// Twice the backdate: the shortest certificate the signer issues.
const minimumTtlMs = 10 * minute;

// X.509 KeyUsage bits (RFC 5280 order; @peculiar/x509's KeyUsageFlags use the same values).
const keyUsageBits: Readonly<Record<string, number>> = {
  signing: 1,
  'digital signature': 1,
  'content commitment': 2,
  'key encipherment': 4,
  'data encipherment': 8,
  'key agreement': 16,
  'cert sign': 32,
  'crl sign': 64,
  'encipher only': 128,
  'decipher only': 256,
};

// Extended key usages in the order of Go's ExtKeyUsage constants, which upstream sorts by.
const extKeyUsageOids: readonly (readonly [string, string])[] = [
  ['any', '2.5.29.37.0'],
  ['server auth', '1.3.6.1.5.5.7.3.1'],
  ['client auth', '1.3.6.1.5.5.7.3.2'],
  ['code signing', '1.3.6.1.5.5.7.3.3'],
  ['email protection', '1.3.6.1.5.5.7.3.4'],
  ['s/mime', '1.3.6.1.5.5.7.3.4'],
  ['ipsec end system', '1.3.6.1.5.5.7.3.5'],
  ['ipsec tunnel', '1.3.6.1.5.5.7.3.6'],
  ['ipsec user', '1.3.6.1.5.5.7.3.7'],
  ['timestamping', '1.3.6.1.5.5.7.3.8'],
  ['ocsp signing', '1.3.6.1.5.5.7.3.9'],
  ['microsoft sgc', '1.3.6.1.4.1.311.10.3.3'],
  ['netscape sgc', '2.16.840.1.113730.4.1'],
];

/** The KeyUsage bits and extended key usage OIDs a certificate gets for `usages`. */
export function keyUsagesFromStrings(usages: readonly string[]): {
  keyUsage: number;
  extKeyUsages: string[];
} {
  let keyUsage = 0;
  const wanted = new Set<string>();
  const unrecognized: string[] = [];
  for (const usage of usages) {
    const bit = keyUsageBits[usage];
    if (bit !== undefined) keyUsage |= bit;
    else if (extKeyUsageOids.some(([name]) => name === usage)) wanted.add(usage);
    else unrecognized.push(usage);
  }
  if (unrecognized.length > 0)
    throw new Error(`unrecognized usage values: [${unrecognized.map((u) => JSON.stringify(u)).join(' ')}]`);
  const oids: string[] = [];
  for (const [name, oid] of extKeyUsageOids) if (wanted.has(name) && !oids.includes(oid)) oids.push(oid);
  return { keyUsage, extKeyUsages: oids };
}

/** How long a certificate should last: the requested duration within [10 min, maximum]. */
export function certificateTtlMs(expirationSeconds: number | undefined, maximumMs: number): number {
  if (expirationSeconds === undefined) return maximumMs;
  const requested = expirationSeconds * 1000;
  if (requested > maximumMs) return maximumMs;
  return Math.max(requested, minimumTtlMs);
}

// Go's %v of a time.Time in UTC: "2006-01-02 15:04:05 +0000 UTC".
function goTime(t: Date): string {
  return `${t
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, '')} +0000 UTC`;
}

/** The validity window of a certificate issued at `now`, never past the CA's own `caNotAfter`. */
export function certificateValidity(
  now: Date,
  ttlMs: number,
  caNotAfter: Date,
): { notBefore: Date; notAfter: Date } {
  const notBefore = new Date(now.getTime() - backdateMs);
  let notAfter = new Date((ttlMs < shortMs ? now.getTime() : notBefore.getTime()) + ttlMs);
  if (notAfter.getTime() >= caNotAfter.getTime()) notAfter = caNotAfter;
  if (notBefore.getTime() >= caNotAfter.getTime())
    throw new Error(`the signer has expired: NotAfter=${goTime(caNotAfter)}`);
  if (now.getTime() >= caNotAfter.getTime())
    throw new Error(
      `refusing to sign a certificate that expired in the past: NotAfter=${goTime(caNotAfter)}`,
    );
  return { notBefore, notAfter };
}
