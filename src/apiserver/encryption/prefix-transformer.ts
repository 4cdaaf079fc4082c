import { EncryptionError } from './encryption-error.js';
import type { TransformedValue, ValueTransformer } from './value-transformer.js';

/** One key of one provider: the prefix its values carry (`k8s:enc:aescbc:v1:key1:`) and its cipher. */
export interface PrefixedTransformer {
  readonly prefix: string;
  readonly transformer: ValueTransformer;
}

/** The marker every encrypted value starts with; identity refuses to hand such bytes out as plain. */
export const ENCRYPTED_PREFIX = 'k8s:enc:';

function startsWith(data: Uint8Array, prefix: Uint8Array): boolean {
  if (data.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (data[i] !== prefix[i]) return false;
  return true;
}

/**
 * Upstream's prefix transformer: writes with the first entry (prefix + ciphertext); reads with the
 * entry whose prefix the value carries, so values written under any listed key stay readable after
 * rotation. A value read with any entry but the first is stale. An entry with an empty prefix is
 * identity and matches every value that no earlier entry claimed.
 */
export function prefixTransformer(entries: readonly PrefixedTransformer[]): ValueTransformer {
  if (entries.length === 0) throw new EncryptionError('no transformers configured');
  const encoded = entries.map((e) => ({ ...e, bytes: Buffer.from(e.prefix, 'utf8') }));
  const marker = Buffer.from(ENCRYPTED_PREFIX, 'utf8');
  const first = encoded[0]!;
  return {
    toStorage(data, context) {
      const out = first.transformer.toStorage(data, context);
      return first.bytes.length === 0 ? out : Buffer.concat([first.bytes, out]);
    },
    fromStorage(data, context): TransformedValue {
      let identityRefused = false;
      for (let i = 0; i < encoded.length; i++) {
        const e = encoded[i]!;
        if (!startsWith(data, e.bytes)) continue;
        if (e.bytes.length === 0 && startsWith(data, marker)) {
          // Identity never hands out ciphertext as the object; a later key may still read it, which
          // is how a cluster migrates away from encryption (identity listed first).
          identityRefused = true;
          continue;
        }
        const result = e.transformer.fromStorage(data.subarray(e.bytes.length), context);
        return { data: result.data, stale: result.stale || i !== 0 };
      }
      throw new EncryptionError(
        identityRefused ? 'identity transformer tried to read encrypted data' : 'no matching prefix found',
      );
    },
  };
}
