import { EncryptionError } from './encryption-error.js';
import type { TransformedValue, ValueTransformer } from './value-transformer.js';

/** One key of one provider: the prefix its values carry (`k8s:enc:aescbc:v1:key1:`) and its cipher. */
export interface PrefixedTransformer {
  readonly prefix: string;
  readonly transformer: ValueTransformer;
}

/** The marker every encrypted value starts with; identity refuses to hand such bytes out as plain. */
export const ENCRYPTED_PREFIX = 'k8s:enc:';

/** The error when no configured provider claims a stored value (upstream's wording). */
export const NO_MATCHING_PREFIX = 'no matching prefix found';

function startsWith(data: Uint8Array, prefix: Uint8Array): boolean {
  if (data.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (data[i] !== prefix[i]) return false;
  return true;
}

/**
 * Upstream's prefix transformer: writes with the first entry (prefix + ciphertext); reads with the
 * entries whose prefix the value carries, in order, so values written under any listed key stay
 * readable after rotation. A value read with any entry but the first is stale. An entry with an
 * empty prefix is identity: it matches every value, but never one carrying the `k8s:enc:` marker.
 * A prefix match that fails to decrypt does not end the search — two entries may share a prefix
 * (the same provider and key name listed twice while a key is replaced) — and the failures are
 * reported together when no entry succeeds.
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
      const failures: string[] = [];
      for (let i = 0; i < encoded.length; i++) {
        const e = encoded[i]!;
        if (!startsWith(data, e.bytes)) continue;
        // Identity never hands out ciphertext as the object; a later key may still read it, which
        // is how a cluster migrates away from encryption (identity listed first).
        if (e.bytes.length === 0 && startsWith(data, marker)) continue;
        try {
          const result = e.transformer.fromStorage(data.subarray(e.bytes.length), context);
          return { data: result.data, stale: result.stale || i !== 0 };
        } catch (err) {
          failures.push(err instanceof Error ? err.message : String(err));
        }
      }
      if (failures.length === 1) throw new EncryptionError(failures[0]!);
      if (failures.length > 1) throw new EncryptionError(`[${failures.join(', ')}]`);
      throw new EncryptionError(NO_MATCHING_PREFIX);
    },
  };
}
