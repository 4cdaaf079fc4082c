import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { join } from 'node:path';
import { PRIVATE_FILE_MODE, PUBLIC_FILE_MODE, readOptionalFile, writeFileAtomic } from '../pki/pem-files.js';

/** The key that signs service account tokens, and the public keys that verify them. */
export interface ServiceAccountSigningKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** base64url(SHA-256(DER SubjectPublicKeyInfo)), upstream's non-reversible key id. */
  readonly keyId: string;
  /** Always RS256: what upstream uses by default and every JWT consumer accepts. */
  readonly algorithm: 'RS256';
}

/** Upstream's key id: the unpadded base64url SHA-256 of the public key's DER SPKI encoding. */
export function keyIdFor(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64url');
}

/** Builds the signing key from a PEM private key (PKCS#8 or PKCS#1 RSA). */
export function signingKeyFromPem(pem: string): ServiceAccountSigningKey {
  const publicKey = createPublicKey(pem);
  if (publicKey.asymmetricKeyType !== 'rsa')
    throw new Error('service account signing key must be an RSA key');
  return { privateKey: createPrivateKey(pem), publicKey, keyId: keyIdFor(publicKey), algorithm: 'RS256' };
}

/**
 * Loads DATA_DIR/pki/sa.key, generating a 2048-bit RSA key (and sa.pub beside it) on first start,
 * as kubeadm does. The key outlives restarts so issued tokens stay valid.
 */
export async function ensureServiceAccountKey(dataDir: string): Promise<ServiceAccountSigningKey> {
  const keyPath = join(dataDir, 'pki', 'sa.key');
  let pem = await readOptionalFile(keyPath);
  if (pem === undefined) {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await writeFileAtomic(keyPath, pem, PRIVATE_FILE_MODE);
  }
  const key = signingKeyFromPem(pem);
  const pub = key.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const pubPath = join(dataDir, 'pki', 'sa.pub');
  if ((await readOptionalFile(pubPath)) !== pub) await writeFileAtomic(pubPath, pub, PUBLIC_FILE_MODE);
  return key;
}
