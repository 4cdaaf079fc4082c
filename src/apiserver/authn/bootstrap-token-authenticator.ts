// Bootstrap tokens (k8s.io/cluster-bootstrap): `<id>.<secret>` matched against the Secret
// kube-system/bootstrap-token-<id> of type bootstrap.kubernetes.io/token.

import { timingSafeEqual } from 'node:crypto';
import type { KubeObject } from '../../api/object.js';
import type { TokenAuthenticator, TokenAuthSuccess } from './token-authenticator.js';

/** The Secret type of bootstrap tokens. */
export const BOOTSTRAP_TOKEN_SECRET_TYPE = 'bootstrap.kubernetes.io/token';
/** The Secret name prefix; the token id follows it. */
export const BOOTSTRAP_TOKEN_SECRET_PREFIX = 'bootstrap-token-';
/** The user name prefix of bootstrap tokens; the token id follows it. */
export const BOOTSTRAP_USER_PREFIX = 'system:bootstrap:';
/** The group every bootstrap token is in. */
export const BOOTSTRAP_DEFAULT_GROUP = 'system:bootstrappers';

const tokenPattern = /^([a-z0-9]{6})\.([a-z0-9]{16})$/;
const groupPattern = /^system:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]$/;

/** Splits a bootstrap token into id and secret; undefined when it is not of that form. */
export function parseBootstrapToken(token: string): { id: string; secret: string } | undefined {
  const m = tokenPattern.exec(token);
  return m ? { id: m[1]!, secret: m[2]! } : undefined;
}

function dataOf(secret: KubeObject, key: string): string {
  const data = (secret as { data?: Record<string, string> }).data ?? {};
  const v = data[key];
  return v === undefined ? '' : Buffer.from(v, 'base64').toString('utf8');
}

/** The groups a bootstrap token Secret grants (sorted, as upstream's sets.List), or an error text. */
export function bootstrapTokenGroups(secret: KubeObject): string[] | string {
  const groups = new Set([BOOTSTRAP_DEFAULT_GROUP]);
  const extra = dataOf(secret, 'auth-extra-groups');
  if (extra !== '') {
    for (const g of extra.split(',')) {
      if (!groupPattern.test(g))
        return `bootstrap group "${g}" is invalid (must match ${groupPattern.source})`;
      groups.add(g);
    }
  }
  return [...groups].sort();
}

/** True when the Secret's expiration (RFC 3339) has passed. */
export function bootstrapTokenExpired(secret: KubeObject, nowMs: number): boolean {
  const exp = dataOf(secret, 'expiration');
  if (exp === '') return false;
  const t = Date.parse(exp);
  // An unparseable expiration counts as expired, as upstream does.
  return Number.isNaN(t) || nowMs > t;
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
    const stored = Buffer.from(dataOf(secret, 'token-secret'));
    const given = Buffer.from(parsed.secret);
    if (stored.length !== given.length || !timingSafeEqual(stored, given)) return undefined;
    if (dataOf(secret, 'token-id') !== parsed.id) return undefined;
    if (bootstrapTokenExpired(secret, (this.options.now ?? Date.now)())) return undefined;
    if (dataOf(secret, 'usage-bootstrap-authentication') !== 'true') return undefined;
    const groups = bootstrapTokenGroups(secret);
    if (typeof groups === 'string') return undefined;
    return { user: { name: `${BOOTSTRAP_USER_PREFIX}${parsed.id}`, groups } };
  }
}
