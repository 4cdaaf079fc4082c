// Bootstrap tokens (k8s.io/cluster-bootstrap, see api/bootstrap-tokens): `<id>.<secret>` matched
// against the Secret kube-system/bootstrap-token-<id> of type bootstrap.kubernetes.io/token.

import { timingSafeEqual } from 'node:crypto';
import {
  BOOTSTRAP_DEFAULT_GROUP,
  BOOTSTRAP_TOKEN_SECRET_PREFIX,
  BOOTSTRAP_TOKEN_SECRET_TYPE,
  BOOTSTRAP_USER_PREFIX,
  bootstrapTokenExpiry,
  bootstrapTokenKeys,
  parseBootstrapToken,
  secretDataValue as dataOf,
} from '../../api/bootstrap-tokens/bootstrap-token.js';
import type { KubeObject } from '../../api/object.js';
import type { TokenAuthenticator, TokenAuthSuccess } from './token-authenticator.js';

const groupPattern = /^system:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]$/;

/** The groups a bootstrap token Secret grants (sorted, as upstream's sets.List), or an error text. */
export function bootstrapTokenGroups(secret: KubeObject): string[] | string {
  const groups = new Set([BOOTSTRAP_DEFAULT_GROUP]);
  const extra = dataOf(secret, bootstrapTokenKeys.extraGroups);
  if (extra !== '') {
    for (const g of extra.split(',')) {
      if (!groupPattern.test(g))
        return `bootstrap group "${g}" is invalid (must match ${groupPattern.source})`;
      groups.add(g);
    }
  }
  return [...groups].sort();
}

/** Authenticates bootstrap tokens against Secrets in kube-system; mismatches are "not mine". */
export class BootstrapTokenAuthenticator implements TokenAuthenticator {
  constructor(
    private readonly options: {
      /** Reads a Secret in kube-system by name (undefined when missing). */
      getSecret(name: string): Promise<KubeObject | undefined>;
      now?: () => number;
    },
  ) {}

  async authenticate(token: string): Promise<TokenAuthSuccess | undefined> {
    const parsed = parseBootstrapToken(token);
    if (!parsed) return undefined;
    const secret = await this.options.getSecret(`${BOOTSTRAP_TOKEN_SECRET_PREFIX}${parsed.id}`);
    if (!secret || secret.metadata?.deletionTimestamp) return undefined;
    const s = secret as { type?: string; data?: unknown };
    if (s.type !== BOOTSTRAP_TOKEN_SECRET_TYPE || !s.data) return undefined;
    const stored = Buffer.from(dataOf(secret, bootstrapTokenKeys.secret));
    const given = Buffer.from(parsed.secret);
    if (stored.length !== given.length || !timingSafeEqual(stored, given)) return undefined;
    if (dataOf(secret, bootstrapTokenKeys.id) !== parsed.id) return undefined;
    if (bootstrapTokenExpiry(secret, (this.options.now ?? Date.now)()).expired) return undefined;
    if (dataOf(secret, bootstrapTokenKeys.usageAuthentication) !== 'true') return undefined;
    const groups = bootstrapTokenGroups(secret);
    if (typeof groups === 'string') return undefined;
    return { user: { name: `${BOOTSTRAP_USER_PREFIX}${parsed.id}`, groups } };
  }
}
