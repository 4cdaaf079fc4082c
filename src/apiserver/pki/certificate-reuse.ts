import { X509Certificate, createPrivateKey } from 'node:crypto';
import type { CertificateAndKey } from './certificate-authority.js';
import { validForAtLeast } from './certificate-validity.js';
import type { ServingNames } from './serving-names.js';

/** What an existing certificate must still satisfy to be kept. */
export interface ReuseRequirements {
  /** PEM of the CA that must have signed it. */
  readonly caCertPem: string;
  readonly now: Date;
  /** It must stay valid at least this many more days. */
  readonly minRemainingDays: number;
  /** Names it must cover (serving certificates only). */
  readonly names?: ServingNames;
  /** The user (CN) and groups (O) it must assert (client certificates of components). */
  readonly subject?: { readonly user: string; readonly groups: readonly string[] };
}

// The legacy object keeps names verbatim (the string form escapes some characters): one value, or
// an array when the attribute repeats.
function subjectMatches(cert: X509Certificate, want: { user: string; groups: readonly string[] }): boolean {
  const subject = cert.toLegacyObject().subject as unknown as Record<string, string | string[] | undefined>;
  const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  const cns = list(subject['CN']);
  const os = [...list(subject['O'])].sort();
  return cns[cns.length - 1] === want.user && JSON.stringify(os) === JSON.stringify([...want.groups].sort());
}

/**
 * Why an existing certificate/key pair must be re-issued, or undefined when it can be kept.
 * A reason (not a boolean) so start-up can log what changed.
 */
export function reissueReason(pair: CertificateAndKey, req: ReuseRequirements): string | undefined {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pair.certPem);
    // A crash between writing the key and the certificate leaves a mismatched pair.
    if (!cert.checkPrivateKey(createPrivateKey(pair.keyPem))) return 'key does not match certificate';
  } catch (err) {
    return `unreadable: ${(err as Error).message}`;
  }
  // A re-created CA invalidates everything the old one signed.
  if (!cert.verify(new X509Certificate(req.caCertPem).publicKey)) return 'not signed by the current CA';
  if (!validForAtLeast(new Date(cert.validTo), req.now, req.minRemainingDays)) {
    return `expires ${new Date(cert.validTo).toISOString()}`;
  }
  if (req.subject && !subjectMatches(cert, req.subject)) return 'subject differs';
  for (const name of req.names?.dnsNames ?? []) {
    // Exact SAN match only: neither a wildcard nor the subject CN stands in for a requested name.
    if (cert.checkHost(name, { subject: 'never', wildcards: false }) === undefined)
      return `missing SAN ${name}`;
  }
  for (const ip of req.names?.ips ?? []) {
    if (cert.checkIP(ip) === undefined) return `missing SAN ${ip}`;
  }
  return undefined;
}
