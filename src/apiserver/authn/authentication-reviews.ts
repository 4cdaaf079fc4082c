// TokenReview and SelfSubjectReview (authentication.k8s.io/v1) responses as pure builders; the
// handler decodes the request, calls the authenticator and sends what these return.

import type { KubeObject } from '../../api/object.js';
import { formatRfc3339 } from '../../base/rfc3339.js';
import { badRequest } from '../../machinery/errors/index.js';
import type { UserInfo } from '../http/api-request.js';
import type { TokenAuthResult } from './bearer-token-authenticator.js';

/** authentication.k8s.io/v1 UserInfo. */
export interface ReviewUserInfo {
  readonly username?: string;
  readonly uid?: string;
  readonly groups?: readonly string[];
  readonly extra?: Readonly<Record<string, readonly string[]>>;
}

/** The wire form of a user (empty fields left out, as Go's omitempty). */
export function reviewUserInfo(user: UserInfo): ReviewUserInfo {
  return {
    username: user.name,
    ...(user.uid ? { uid: user.uid } : {}),
    ...(user.groups.length ? { groups: [...user.groups] } : {}),
    ...(user.extra && Object.keys(user.extra).length ? { extra: user.extra } : {}),
  };
}

/** The token a TokenReview asks about; a 400 when it has none (upstream's message). */
export function tokenReviewToken(review: KubeObject): { token: string; audiences?: string[] } {
  const spec = (review as { spec?: { token?: string; audiences?: string[] } }).spec ?? {};
  if (!spec.token) throw badRequest('token is required for TokenReview in authentication');
  return { token: spec.token, ...(spec.audiences?.length ? { audiences: spec.audiences } : {}) };
}

/** The TokenReview response for a request and the authenticator's outcome. */
export function tokenReviewResponse(review: KubeObject, outcome: TokenAuthResult): KubeObject {
  const status = outcome.ok
    ? {
        authenticated: true,
        user: reviewUserInfo(outcome.result.user),
        ...(outcome.result.audiences?.length ? { audiences: [...outcome.result.audiences] } : {}),
      }
    : { user: {}, ...(outcome.error ? { error: outcome.error } : {}) };
  return {
    kind: 'TokenReview',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: {
      ...(review.metadata ?? {}),
      creationTimestamp: review.metadata?.creationTimestamp ?? null,
    } as KubeObject['metadata'],
    spec: (review as { spec?: unknown }).spec ?? {},
    status,
  };
}

/** The SelfSubjectReview response (`kubectl auth whoami`) for the requesting user. */
export function selfSubjectReviewResponse(user: UserInfo, now: number): KubeObject {
  return {
    kind: 'SelfSubjectReview',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { creationTimestamp: formatRfc3339(now) },
    status: { userInfo: reviewUserInfo(user) },
  };
}
