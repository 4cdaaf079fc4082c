// Bearer tokens on the kubelet API are checked by the apiserver (upstream's webhook token
// authenticator with --authentication-token-webhook): a TokenReview per token, the answer —
// authenticated or not — kept for the cache TTL (2 min, the kubelet's default) so a busy client
// costs one review per TTL. API failures are not cached; the request then fails with 401.
import { createHash } from 'node:crypto';
import type { Clock } from '../../base/clock.js';
import type { KubeClient } from '../../client/index.js';
import { ExpiringCache } from './expiring-cache.js';
import { authenticatedGroup, type KubeletUser } from './kubelet-user.js';

const tokenReviews = { group: 'authentication.k8s.io', version: 'v1', resource: 'tokenreviews' } as const;

interface TokenReview {
  apiVersion: string;
  kind: string;
  spec: { token: string };
  status?: {
    authenticated?: boolean;
    user?: { username?: string; uid?: string; groups?: string[]; extra?: Record<string, string[]> };
    error?: string;
  };
}

/** Options of TokenReviewAuthenticator. */
export interface TokenReviewAuthenticatorOptions {
  readonly client: KubeClient;
  readonly clock: Clock;
  /** How long an answer is kept (default 2 min, --authentication-token-webhook-cache-ttl). */
  readonly cacheTtlMs?: number;
}

/** Authenticates bearer tokens through TokenReview. */
export class TokenReviewAuthenticator {
  private readonly cache: ExpiringCache<KubeletUser | null>;
  /** Reviews sent (tests count them to see the cache work). */
  reviews = 0;

  constructor(private readonly o: TokenReviewAuthenticatorOptions) {
    this.cache = new ExpiringCache(o.clock);
  }

  /** The token's user, or undefined when the apiserver does not accept it; throws when it cannot say. */
  async authenticate(token: string): Promise<KubeletUser | undefined> {
    // Keep only a digest of the token in memory.
    const key = createHash('sha256').update(token).digest('hex');
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached ?? undefined;
    this.reviews++;
    const review = await this.o.client.resource<TokenReview & { metadata?: object }>(tokenReviews).create({
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenReview',
      spec: { token },
    });
    const u = review.status?.user;
    const user: KubeletUser | null =
      review.status?.authenticated === true && u?.username
        ? {
            name: u.username,
            ...(u.uid ? { uid: u.uid } : {}),
            // Upstream's AuthenticatedGroupAdder: every authenticated user is in system:authenticated.
            groups: [...new Set([...(u.groups ?? []), authenticatedGroup])],
            ...(u.extra !== undefined ? { extra: u.extra } : {}),
          }
        : null;
    this.cache.set(key, user, this.o.cacheTtlMs ?? 120_000);
    return user ?? undefined;
  }
}
