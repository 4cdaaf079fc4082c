import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { cipherName } from './aes-cbc.js';
import { EncryptionError } from './encryption-error.js';
import type { ValueTransformer } from './value-transformer.js';

const NONCE = 12;
const TAG = 16;

/**
 * AES-GCM in upstream's layout: a random 12-byte nonce, the ciphertext, then the 16-byte tag; the
 * storage key is the additional authenticated data, so a value moved to another key is rejected.
 */
export function aesGcmTransformer(key: Uint8Array): ValueTransformer {
  const algorithm = cipherName(key, 'gcm') as 'aes-128-gcm' | 'aes-192-gcm' | 'aes-256-gcm';
  return {
    toStorage(data, context) {
      const nonce = randomBytes(NONCE);
      const cipher = createCipheriv(algorithm, key, nonce, { authTagLength: TAG });
      cipher.setAAD(Buffer.from(context, 'utf8'));
      return Buffer.concat([nonce, cipher.update(data), cipher.final(), cipher.getAuthTag()]);
    },
    fromStorage(data, context) {
      if (data.length < NONCE + TAG)
        throw new EncryptionError('the stored data was shorter than the required size');
      const decipher = createDecipheriv(algorithm, key, data.subarray(0, NONCE), { authTagLength: TAG });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(data.subarray(data.length - TAG));
      try {
        return {
          data: Buffer.concat([decipher.update(data.subarray(NONCE, data.length - TAG)), decipher.final()]),
          stale: false,
        };
      } catch {
        throw new EncryptionError('cipher: message authentication failed');
      }
    },
  };
}
