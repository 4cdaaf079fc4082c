import type { ExtendedKeyUsage, Extension, JsonGeneralName, Name } from '@peculiar/x509';
import {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  ExtendedKeyUsageExtension,
  KeyUsagesExtension,
  SubjectAlternativeNameExtension,
  SubjectKeyIdentifierExtension,
  X509Certificate,
  X509CertificateGenerator,
} from '@peculiar/x509';
import type { CertificateAndKey, CertificateAuthority } from './certificate-authority.js';
import { certificateValidity } from './certificate-validity.js';
import { exportPrivateKeyPem, generateKeyPair, importSigningKeyPem } from './key-pair.js';
import { webCrypto } from './web-crypto.js';

/** What a leaf certificate says about itself; the key is always fresh. */
export interface LeafCertificateProfile {
  readonly subject: Name;
  /** KeyUsageFlags bits. */
  readonly keyUsages: number;
  readonly extendedKeyUsages: readonly ExtendedKeyUsage[];
  readonly subjectAltNames?: readonly JsonGeneralName[];
  readonly days: number;
  /** Issue time (default now); injectable for tests. */
  readonly now?: Date;
}

/** Issues a leaf (non-CA) certificate with a new ECDSA key, signed by `ca`. */
export async function issueCertificate(
  ca: CertificateAuthority,
  profile: LeafCertificateProfile,
): Promise<CertificateAndKey> {
  const caCert = new X509Certificate(ca.certPem);
  const signingKey = await importSigningKeyPem(ca.keyPem);
  const keys = await generateKeyPair();
  const extensions: Extension[] = [
    new BasicConstraintsExtension(false, undefined, true),
    new KeyUsagesExtension(profile.keyUsages, true),
    new ExtendedKeyUsageExtension([...profile.extendedKeyUsages]),
  ];
  const caKeyId = caCert.getExtension(SubjectKeyIdentifierExtension)?.keyId;
  if (caKeyId !== undefined) extensions.push(new AuthorityKeyIdentifierExtension(caKeyId));
  if (profile.subjectAltNames !== undefined && profile.subjectAltNames.length > 0) {
    extensions.push(new SubjectAlternativeNameExtension([...profile.subjectAltNames]));
  }
  const cert = await X509CertificateGenerator.create(
    {
      subject: profile.subject,
      // The CA's own encoded subject, byte for byte: verifiers match issuer to subject exactly.
      issuer: caCert.subjectName,
      publicKey: keys.publicKey,
      signingKey,
      ...certificateValidity(profile.now ?? new Date(), profile.days),
      extensions,
    },
    webCrypto,
  );
  return { certPem: cert.toString('pem') + '\n', keyPem: await exportPrivateKeyPem(keys.privateKey) };
}
