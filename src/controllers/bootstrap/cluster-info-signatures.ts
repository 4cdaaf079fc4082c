// The bootstrapsigner's core, kept pure: given cluster-info's data and the tokens allowed to sign,
// the data with exactly one fresh detached JWS per token and no stale ones.
import {
  CLUSTER_INFO_KUBECONFIG_KEY,
  JWS_SIGNATURE_KEY_PREFIX,
} from '../../api/bootstrap-tokens/cluster-info.js';
import { computeDetachedSignature } from '../../api/bootstrap-tokens/detached-jws.js';
import type { BootstrapToken } from '../../api/bootstrap-tokens/bootstrap-token.js';

/**
 * cluster-info's data re-signed with `tokens`, or undefined when it needs no change (or holds no
 * kubeconfig to sign). Other keys are kept as they are.
 */
export function resignedClusterInfo(
  data: Readonly<Record<string, string>>,
  tokens: readonly BootstrapToken[],
): Record<string, string> | undefined {
  const content = data[CLUSTER_INFO_KUBECONFIG_KEY];
  if (content === undefined) return undefined;
  const next: Record<string, string> = {};
  const old = new Map<string, string>();
  for (const [key, value] of Object.entries(data)) {
    if (key.startsWith(JWS_SIGNATURE_KEY_PREFIX)) old.set(key.slice(JWS_SIGNATURE_KEY_PREFIX.length), value);
    else next[key] = value;
  }
  let changed = false;
  for (const token of tokens) {
    // Duplicates cannot happen for Secrets named after their id; the first one wins if they do.
    if (next[JWS_SIGNATURE_KEY_PREFIX + token.id] !== undefined) continue;
    const signature = computeDetachedSignature(content, token.id, token.secret);
    if (old.get(token.id) !== signature) changed = true;
    old.delete(token.id);
    next[JWS_SIGNATURE_KEY_PREFIX + token.id] = signature;
  }
  // Signatures left over belong to tokens that are gone, expired or no longer for signing.
  if (old.size > 0) changed = true;
  return changed ? next : undefined;
}
