import { ExtendedKeyUsage, KeyUsageFlags } from '@peculiar/x509';
import type { CertificateAndKey, CertificateAuthority } from './certificate-authority.js';
import { issueCertificate } from './issue-certificate.js';
import { subjectName } from './subject-name.js';

/** Who a client certificate authenticates as: the user name (CN) and groups (one O each). */
export interface ClientCertificateOptions {
  readonly commonName: string;
  readonly organizations: readonly string[];
  /** Lifetime in days (default 365). */
  readonly days?: number;
  /** Issue time (default now); injectable for tests. */
  readonly now?: Date;
}

/** Issues a clientAuth certificate for a user or component identity (CN = user, O = groups). */
export async function issueClientCertificate(
  ca: CertificateAuthority,
  options: ClientCertificateOptions,
): Promise<CertificateAndKey> {
  return issueCertificate(ca, {
    subject: subjectName(options.commonName, options.organizations),
    keyUsages: KeyUsageFlags.digitalSignature,
    extendedKeyUsages: [ExtendedKeyUsage.clientAuth],
    days: options.days ?? 365,
    ...(options.now === undefined ? {} : { now: options.now }),
  });
}
