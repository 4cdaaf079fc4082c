// A throw-away CA for the certificates controller tests (never used by production code).
import { createPrivateKey, webcrypto } from 'node:crypto';
import {
  BasicConstraintsExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectKeyIdentifierExtension,
  X509CertificateGenerator,
} from '@peculiar/x509';

/** A CA certificate and its private key, both PEM. */
export interface TestCa {
  readonly certPem: string;
  readonly keyPem: string;
}

/** Creates a self-signed CA valid from `notBefore` to `notAfter` (EC P-256, or RSA with a PKCS#1 key). */
export async function createTestCa(
  options: { key?: 'ec' | 'rsa'; notBefore?: Date; notAfter?: Date } = {},
): Promise<TestCa> {
  const algorithm =
    options.key === 'rsa'
      ? {
          name: 'RSASSA-PKCS1-v1_5',
          hash: 'SHA-256',
          publicExponent: new Uint8Array([1, 0, 1]),
          modulusLength: 2048,
        }
      : { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const now = Date.now();
  const cert = await X509CertificateGenerator.createSelfSigned(
    {
      name: 'CN=test-ca',
      keys,
      signingAlgorithm: algorithm,
      notBefore: options.notBefore ?? new Date(now - 60_000),
      notAfter: options.notAfter ?? new Date(now + 10 * 365 * 24 * 3600_000),
      extensions: [
        new BasicConstraintsExtension(true, undefined, true),
        new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true),
        await SubjectKeyIdentifierExtension.create(keys.publicKey, false, webcrypto),
      ],
    },
    webcrypto,
  );
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const keyObject = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  // RSA CAs written by other tools (kubeadm) use PKCS#1 "RSA PRIVATE KEY" files.
  const keyPem =
    options.key === 'rsa'
      ? (keyObject.export({ type: 'pkcs1', format: 'pem' }) as string)
      : (keyObject.export({ type: 'pkcs8', format: 'pem' }) as string);
  return { certPem: cert.toString('pem') + '\n', keyPem };
}
