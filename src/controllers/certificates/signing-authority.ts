// The CA the csrsigning controller signs with (upstream's authority.CertificateAuthority), read
// from the --cluster-signing-cert-file and --cluster-signing-key-file PEM files.
import { createPrivateKey, randomBytes, webcrypto } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  ExtendedKeyUsageExtension,
  type Extension,
  type JsonGeneralName,
  KeyUsagesExtension,
  SubjectAlternativeNameExtension,
  SubjectKeyIdentifierExtension,
  X509Certificate,
  X509CertificateGenerator,
} from '@peculiar/x509';
import type { CertificateRequest } from '../../api/certificates/certificate-request.js';
import { certificateRequestSignatureError } from '../../api/certificates/csr-signature.js';
import { certificateValidity, keyUsagesFromStrings } from './signing-policy.js';

/** What one signature needs besides the request. */
export interface SignOptions {
  readonly usages: readonly string[];
  readonly ttlMs: number;
  readonly now: Date;
}

type SigningAlgorithm = webcrypto.EcdsaParams | webcrypto.RsaHashedImportParams;

// Imports any PEM private key flavour (PKCS#8, SEC1, PKCS#1) into WebCrypto, with the signature
// algorithm Go's x509 would pick for it.
async function importSigningKey(
  pem: string,
): Promise<{ key: webcrypto.CryptoKey; algorithm: SigningAlgorithm }> {
  const keyObject = createPrivateKey(pem);
  const pkcs8 = keyObject.export({ type: 'pkcs8', format: 'der' });
  if (keyObject.asymmetricKeyType === 'ec') {
    const curve = keyObject.asymmetricKeyDetails?.namedCurve;
    const namedCurve = curve === 'prime256v1' ? 'P-256' : curve === 'secp384r1' ? 'P-384' : undefined;
    if (namedCurve === undefined) throw new Error(`unsupported EC curve ${curve ?? '(unknown)'}`);
    const key = await webcrypto.subtle.importKey('pkcs8', pkcs8, { name: 'ECDSA', namedCurve }, false, [
      'sign',
    ]);
    return { key, algorithm: { name: 'ECDSA', hash: namedCurve === 'P-384' ? 'SHA-384' : 'SHA-256' } };
  }
  if (keyObject.asymmetricKeyType === 'rsa') {
    const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    return { key: await webcrypto.subtle.importKey('pkcs8', pkcs8, algorithm, false, ['sign']), algorithm };
  }
  throw new Error(`unsupported private key type ${keyObject.asymmetricKeyType ?? '(unknown)'}`);
}

// A positive random 128-bit serial number, as upstream draws it.
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] as number) & 0x7f;
  return bytes.toString('hex');
}

/** A CA certificate and key that issue certificates for approved requests. */
export class SigningAuthority {
  private constructor(
    /** The CA certificate. */
    readonly certificate: X509Certificate,
    private readonly key: webcrypto.CryptoKey,
    private readonly algorithm: SigningAlgorithm,
  ) {}

  /** Reads the CA from its certificate and key PEM files. */
  static async load(certFile: string, keyFile: string): Promise<SigningAuthority> {
    const [certPem, keyPem] = await Promise.all([readFile(certFile, 'utf8'), readFile(keyFile, 'utf8')]);
    return SigningAuthority.fromPem(certPem, keyPem);
  }

  /** The CA from PEM text. */
  static async fromPem(certPem: string, keyPem: string): Promise<SigningAuthority> {
    const { key, algorithm } = await importSigningKey(keyPem);
    return new SigningAuthority(new X509Certificate(certPem), key, algorithm);
  }

  /**
   * Issues a certificate for `request` (upstream's Sign with the permissive policy): the request's
   * subject and DNS/IP/email/URI names, the usages asked for, not a CA; returns it as PEM.
   */
  async sign(request: CertificateRequest, options: SignOptions): Promise<string> {
    const signatureError = certificateRequestSignatureError(request.der);
    if (signatureError !== undefined)
      throw new Error(`unable to verify certificate request signature: ${signatureError}`);
    const { keyUsage, extKeyUsages } = keyUsagesFromStrings(options.usages);
    const validity = certificateValidity(options.now, options.ttlMs, this.certificate.notAfter);
    const extensions: Extension[] = [];
    if (keyUsage !== 0) extensions.push(new KeyUsagesExtension(keyUsage, true));
    if (extKeyUsages.length > 0) extensions.push(new ExtendedKeyUsageExtension(extKeyUsages));
    extensions.push(new BasicConstraintsExtension(false, undefined, true));
    const caKeyId = this.certificate.getExtension(SubjectKeyIdentifierExtension)?.keyId;
    if (caKeyId !== undefined) extensions.push(new AuthorityKeyIdentifierExtension(caKeyId));
    const names: JsonGeneralName[] = [
      ...request.dnsNames.map((value) => ({ type: 'dns' as const, value })),
      ...request.emailAddresses.map((value) => ({ type: 'email' as const, value })),
      ...request.ipAddresses.map((value) => ({ type: 'ip' as const, value })),
      ...request.uris.map((value) => ({ type: 'url' as const, value })),
    ];
    if (names.length > 0) extensions.push(new SubjectAlternativeNameExtension(names));
    const cert = await X509CertificateGenerator.create(
      {
        serialNumber: serialNumber(),
        subject: request.parsed.subjectName,
        issuer: this.certificate.subjectName,
        publicKey: request.parsed.publicKey,
        signingKey: this.key,
        signingAlgorithm: this.algorithm,
        ...validity,
        extensions,
      },
      webcrypto,
    );
    return cert.toString('pem') + '\n';
  }
}
