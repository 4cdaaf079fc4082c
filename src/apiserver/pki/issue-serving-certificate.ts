import { ExtendedKeyUsage, KeyUsageFlags } from '@peculiar/x509';
import type { CertificateAndKey, CertificateAuthority } from './certificate-authority.js';
import { issueCertificate } from './issue-certificate.js';
import type { ServingNames } from './serving-names.js';
import { subjectName } from './subject-name.js';

/** Options for the apiserver's TLS serving certificate. */
export interface ServingCertificateOptions {
  readonly names: ServingNames;
  /** Lifetime in days (default 365). */
  readonly days?: number;
  /** Issue time (default now); injectable for tests. */
  readonly now?: Date;
}

/** Issues a serverAuth certificate covering `names` (CN "kube-apiserver", as kubeadm names it). */
export async function issueServingCertificate(
  ca: CertificateAuthority,
  options: ServingCertificateOptions,
): Promise<CertificateAndKey> {
  return issueCertificate(ca, {
    subject: subjectName('kube-apiserver'),
    // ECDSA keys only sign in TLS; keyEncipherment applies to RSA key transport, so it is left out.
    keyUsages: KeyUsageFlags.digitalSignature,
    extendedKeyUsages: [ExtendedKeyUsage.serverAuth],
    subjectAltNames: [
      ...options.names.dnsNames.map((value) => ({ type: 'dns' as const, value })),
      ...options.names.ips.map((value) => ({ type: 'ip' as const, value })),
    ],
    days: options.days ?? 365,
    ...(options.now === undefined ? {} : { now: options.now }),
  });
}
