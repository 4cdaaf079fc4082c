// The contract between the stores and encryption at rest, shaped like upstream's
// value.Transformer: every value written under a storage key passes through toStorage, every value
// read through fromStorage. `context` is the storage key, which AES-GCM binds as additional
// authenticated data so a ciphertext copied under another key fails to decrypt.

/** The result of reading a stored value: the plain bytes and whether they should be rewritten. */
export interface TransformedValue {
  readonly data: Uint8Array;
  /** True when the value was not written with the current write key (re-write it to rotate). */
  readonly stale: boolean;
}

/** Turns stored bytes into plain bytes and back; implementations are synchronous and thread-free. */
export interface ValueTransformer {
  /** Encrypts (or passes through) plain bytes about to be stored under `context`. */
  toStorage(data: Uint8Array, context: string): Uint8Array;
  /** Decrypts stored bytes read from `context`; throws when no configured key can read them. */
  fromStorage(data: Uint8Array, context: string): TransformedValue;
}

/** The transformer that stores values as they are (upstream's identity provider). */
export const identityTransformer: ValueTransformer = {
  toStorage: (data) => data,
  fromStorage: (data) => ({ data, stale: false }),
};
