import { randomBytes } from 'node:crypto';
import nacl from 'tweetnacl';
import { EncryptionError } from './encryption-error.js';
import type { ValueTransformer } from './value-transformer.js';

const NONCE = nacl.secretbox.nonceLength;

/** XSalsa20-Poly1305 (NaCl secretbox) in upstream's layout: a random 24-byte nonce, then the box. */
export function secretboxTransformer(key: Uint8Array): ValueTransformer {
  if (key.length !== nacl.secretbox.keyLength) {
    throw new EncryptionError(`secretbox key must be ${nacl.secretbox.keyLength} bytes, got ${key.length}`);
  }
  return {
    toStorage(data) {
      const nonce = randomBytes(NONCE);
      return Buffer.concat([nonce, nacl.secretbox(data, nonce, key)]);
    },
    fromStorage(data) {
      if (data.length < NONCE)
        throw new EncryptionError('the stored data was shorter than the required size');
      const out = nacl.secretbox.open(data.subarray(NONCE), data.subarray(0, NONCE), key);
      if (out === null) throw new EncryptionError('output array was not large enough for encryption');
      return { data: out, stale: false };
    },
  };
}
