// A serving certificate signed by a throw-away CA of its own, as upstream's
// certutil.GenerateSelfSignedCertKey makes for a kubelet without one: CA "<host>-ca@<unix>", leaf
// "<host>@<unix>" for serverAuth with the given DNS names and IPs, both valid a year from an hour
// ago (a peer whose clock lags must not see it as not yet valid). ECDSA P-256 keys.
import { randomBytes, webcrypto } from 'node:crypto';
import { isIP } from 'node:net';
import {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  ExtendedKeyUsage,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  Name,
  PemConverter,
  SubjectAlternativeNameExtension,
  SubjectKeyIdentifierExtension,
  X509CertificateGenerator,
} from '@peculiar/x509';

/** A certificate chain (leaf, then its CA) and the leaf's key, as PEM. */
export interface SelfSignedPair {
  readonly certPem: string;
  readonly keyPem: string;
}

const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const dayMs = 24 * 60 * 60 * 1000;

function name(commonName: string): Name {
  return new Name([{ CN: [{ utf8String: commonName }] }]);
}

/** Generates the pair for `host` with `names` (DNS names or IP addresses) as its SANs. */
export async function generateSelfSignedPair(
  host: string,
  names: readonly string[],
  now = new Date(),
): Promise<SelfSignedPair> {
  const stamp = Math.floor(now.getTime() / 1000);
  const notBefore = new Date(now.getTime() - 60 * 60 * 1000);
  const notAfter = new Date(now.getTime() + 365 * dayMs);
  const caKeys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const caName = name(`${host}-ca@${stamp}`);
  const caSki = await SubjectKeyIdentifierExtension.create(caKeys.publicKey, false, webcrypto);
  const ca = await X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: randomBytes(16)
        .toString('hex')
        .replace(/^[89a-f]/, '1'),
      name: caName,
      notBefore,
      notAfter,
      keys: caKeys,
      signingAlgorithm: algorithm,
      extensions: [
        new BasicConstraintsExtension(true, undefined, true),
        new KeyUsagesExtension(KeyUsageFlags.digitalSignature | KeyUsageFlags.keyCertSign, true),
        caSki,
      ],
    },
    webcrypto,
  );
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const leaf = await X509CertificateGenerator.create(
    {
      serialNumber: randomBytes(16)
        .toString('hex')
        .replace(/^[89a-f]/, '1'),
      subject: name(`${host}@${stamp}`),
      issuer: ca.subjectName,
      notBefore,
      notAfter,
      publicKey: keys.publicKey,
      signingKey: caKeys.privateKey,
      signingAlgorithm: algorithm,
      extensions: [
        new BasicConstraintsExtension(false, undefined, true),
        new KeyUsagesExtension(KeyUsageFlags.digitalSignature | KeyUsageFlags.keyEncipherment, true),
        new ExtendedKeyUsageExtension([ExtendedKeyUsage.serverAuth]),
        new AuthorityKeyIdentifierExtension(caSki.keyId),
        new SubjectAlternativeNameExtension(
          [...new Set(names)].map((n) =>
            isIP(n) !== 0 ? { type: 'ip', value: n } : { type: 'dns', value: n },
          ),
        ),
      ],
    },
    webcrypto,
  );
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return {
    certPem: `${leaf.toString('pem')}\n${ca.toString('pem')}\n`,
    keyPem: `${PemConverter.encode(pkcs8, 'PRIVATE KEY')}\n`,
  };
}
