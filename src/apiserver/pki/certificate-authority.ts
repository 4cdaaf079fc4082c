import {
  BasicConstraintsExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectKeyIdentifierExtension,
  X509CertificateGenerator,
} from '@peculiar/x509';
import { certificateValidity } from './certificate-validity.js';
import { exportPrivateKeyPem, generateKeyPair } from './key-pair.js';
import { subjectName } from './subject-name.js';
import { webCrypto } from './web-crypto.js';

/** A certificate and its private key, both PEM-encoded. */
export interface CertificateAndKey {
  readonly certPem: string;
  readonly keyPem: string;
}

/** A certificate authority that can sign: its certificate and private key, both PEM-encoded. */
export type CertificateAuthority = CertificateAndKey;

/** Options for a new self-signed certificate authority. */
export interface CreateCertificateAuthorityOptions {
  readonly commonName: string;
  /** Lifetime in days (default ten years, like kubeadm's CA). */
  readonly days?: number;
  /** Issue time (default now); injectable for tests. */
  readonly now?: Date;
}

/** Creates a self-signed CA (basicConstraints CA, keyCertSign + cRLSign) with a fresh key. */
export async function createCertificateAuthority(
  options: CreateCertificateAuthorityOptions,
): Promise<CertificateAuthority> {
  const keys = await generateKeyPair();
  const cert = await X509CertificateGenerator.createSelfSigned(
    {
      name: subjectName(options.commonName),
      keys,
      ...certificateValidity(options.now ?? new Date(), options.days ?? 3650),
      extensions: [
        new BasicConstraintsExtension(true, undefined, true),
        new KeyUsagesExtension(
          KeyUsageFlags.digitalSignature | KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign,
          true,
        ),
        // Leaf certificates point back at this id (authorityKeyIdentifier) for chain building.
        await SubjectKeyIdentifierExtension.create(keys.publicKey, false, webCrypto),
      ],
    },
    webCrypto,
  );
  return { certPem: cert.toString('pem') + '\n', keyPem: await exportPrivateKeyPem(keys.privateKey) };
}
