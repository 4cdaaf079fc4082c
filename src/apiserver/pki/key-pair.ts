import { createPrivateKey } from 'node:crypto';
import type { webcrypto } from 'node:crypto';
import { PemConverter } from '@peculiar/x509';
import { webCrypto } from './web-crypto.js';

// ECDSA P-256: generated in about a millisecond (RSA 2048 takes tens to hundreds), and accepted by
// Go's crypto/tls (kubectl, client-go), OpenSSL (Node clients) and every Kubernetes tool.
const ECDSA_P256: webcrypto.EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };

/** Generates a fresh signing key pair (ECDSA P-256) whose private half can be exported. */
export async function generateKeyPair(): Promise<webcrypto.CryptoKeyPair> {
  return webCrypto.subtle.generateKey(ECDSA_P256, true, ['sign', 'verify']);
}

/** Encodes a private key as a PKCS#8 "PRIVATE KEY" PEM, the form Go's tls.X509KeyPair and Node both read. */
export async function exportPrivateKeyPem(key: webcrypto.CryptoKey): Promise<string> {
  const der = await webCrypto.subtle.exportKey('pkcs8', key);
  return PemConverter.encode(der, 'PRIVATE KEY') + '\n';
}

/**
 * Imports a PEM private key (PKCS#8, SEC1 "EC PRIVATE KEY" or PKCS#1 "RSA PRIVATE KEY") as a
 * signing key, so a CA written by another tool (kubeadm uses RSA) still works.
 */
export async function importSigningKeyPem(pem: string): Promise<webcrypto.CryptoKey> {
  // Node parses every PEM flavour; WebCrypto only takes PKCS#8, so normalise through it.
  const keyObject = createPrivateKey(pem);
  const pkcs8 = keyObject.export({ type: 'pkcs8', format: 'der' });
  const type = keyObject.asymmetricKeyType;
  let algorithm: webcrypto.EcKeyImportParams | webcrypto.RsaHashedImportParams;
  if (type === 'ec') {
    const curve = keyObject.asymmetricKeyDetails?.namedCurve;
    const namedCurve = curve === 'prime256v1' ? 'P-256' : curve === 'secp384r1' ? 'P-384' : undefined;
    if (namedCurve === undefined) throw new Error(`unsupported EC curve ${curve ?? '(unknown)'}`);
    algorithm = { name: 'ECDSA', namedCurve };
  } else if (type === 'rsa') {
    algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  } else {
    throw new Error(`unsupported private key type ${type ?? '(unknown)'}`);
  }
  return webCrypto.subtle.importKey('pkcs8', pkcs8, algorithm, false, ['sign']);
}
