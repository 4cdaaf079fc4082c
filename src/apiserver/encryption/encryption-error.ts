/** A stored value could not be decrypted, or a configuration could not be used. */
export class EncryptionError extends Error {
  override readonly name = 'EncryptionError';
}
