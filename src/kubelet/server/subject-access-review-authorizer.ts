// The kubelet API's authorization (upstream --authorization-mode=Webhook): a SubjectAccessReview
// to the apiserver for the user and the request's node attributes; answers are cached as upstream's
// defaults, allowed for 5 min and denied for 30 s. API failures are not cached.
import type { Clock } from '../../base/clock.js';
import type { KubeClient } from '../../client/index.js';
import type { NodeRequestAttributes } from './authorization-attributes.js';
import { ExpiringCache } from './expiring-cache.js';
import type { KubeletUser } from './kubelet-user.js';

const subjectAccessReviews = {
  group: 'authorization.k8s.io',
  version: 'v1',
  resource: 'subjectaccessreviews',
} as const;

/** A decision and the authorizer's reason. */
export interface AuthorizationDecision {
  readonly allowed: boolean;
  readonly reason?: string;
}

/** Options of SubjectAccessReviewAuthorizer. */
export interface SubjectAccessReviewAuthorizerOptions {
  readonly client: KubeClient;
  readonly clock: Clock;
  /** --authorization-webhook-cache-authorized-ttl (default 5 min). */
  readonly allowedTtlMs?: number;
  /** --authorization-webhook-cache-unauthorized-ttl (default 30 s). */
  readonly deniedTtlMs?: number;
}

/** Authorizes kubelet API requests through SubjectAccessReview. */
export class SubjectAccessReviewAuthorizer {
  private readonly cache: ExpiringCache<AuthorizationDecision>;
  /** Reviews sent (tests count them to see the cache work). */
  reviews = 0;

  constructor(private readonly o: SubjectAccessReviewAuthorizerOptions) {
    this.cache = new ExpiringCache(o.clock);
  }

  /** Whether `user` may make a request with these attributes; throws when the apiserver cannot say. */
  async authorize(user: KubeletUser, a: NodeRequestAttributes): Promise<AuthorizationDecision> {
    const spec = {
      resourceAttributes: {
        namespace: '',
        verb: a.verb,
        group: '',
        version: a.apiVersion,
        resource: a.resource,
        subresource: a.subresource,
        name: a.name,
      },
      user: user.name,
      ...(user.uid ? { uid: user.uid } : {}),
      groups: [...user.groups],
      ...(user.extra !== undefined ? { extra: user.extra } : {}),
    };
    const key = JSON.stringify(spec);
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    this.reviews++;
    const review = await this.o.client
      .resource<{ apiVersion: string; kind: string; spec: unknown; status?: AuthorizationDecision }>(
        subjectAccessReviews,
      )
      .create({ apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec });
    const decision: AuthorizationDecision = {
      allowed: review.status?.allowed === true,
      ...(review.status?.reason ? { reason: review.status.reason } : {}),
    };
    this.cache.set(
      key,
      decision,
      decision.allowed ? (this.o.allowedTtlMs ?? 300_000) : (this.o.deniedTtlMs ?? 30_000),
    );
    return decision;
  }
}
