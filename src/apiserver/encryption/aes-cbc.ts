import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { EncryptionError } from './encryption-error.js';
import type { ValueTransformer } from './value-transformer.js';

const BLOCK = 16;

/**
 * AES-CBC with PKCS#7 padding in upstream's layout: a random 16-byte IV, then the ciphertext.
 * CBC authenticates nothing, so the storage context is not bound (as upstream).
 */
export function aesCbcTransformer(key: Uint8Array): ValueTransformer {
  const algorithm = cipherName(key, 'cbc');
  return {
    toStorage(data) {
      const iv = randomBytes(BLOCK);
      const cipher = createCipheriv(algorithm, key, iv);
      // Node's automatic padding is PKCS#7, which is what upstream writes by hand.
      return Buffer.concat([iv, cipher.update(data), cipher.final()]);
    },
    fromStorage(data) {
      if (data.length < BLOCK)
        throw new EncryptionError('the stored data was shorter than the required size');
      const body = data.subarray(BLOCK);
      if (body.length % BLOCK !== 0)
        throw new EncryptionError('the stored data is not a multiple of the block size');
      const decipher = createDecipheriv(algorithm, key, data.subarray(0, BLOCK));
      try {
        return { data: Buffer.concat([decipher.update(body), decipher.final()]), stale: false };
      } catch {
        throw new EncryptionError('invalid PKCS7 data (empty or not padded)');
      }
    },
  };
}

/** The Node cipher name for an AES key of 16, 24 or 32 bytes in the given mode. */
export function cipherName(
  key: Uint8Array,
  mode: 'cbc' | 'gcm',
): 'aes-128-cbc' | 'aes-192-cbc' | 'aes-256-cbc' | 'aes-128-gcm' | 'aes-192-gcm' | 'aes-256-gcm' {
  switch (key.length) {
    case 16:
      return mode === 'cbc' ? 'aes-128-cbc' : 'aes-128-gcm';
    case 24:
      return mode === 'cbc' ? 'aes-192-cbc' : 'aes-192-gcm';
    case 32:
      return mode === 'cbc' ? 'aes-256-cbc' : 'aes-256-gcm';
    default:
      throw new EncryptionError(`crypto/aes: invalid key size ${key.length}`);
  }
}
