import type { KubeObject } from '../../api/object.js';
import { isPlainObject } from '../../api/object.js';
import { badRequest } from '../../machinery/errors/index.js';
import type { AuthorizationAttributes } from '../auth/rbac/authorizer.js';
import {
  selfSubjectReviewResponse,
  tokenReviewResponse,
  tokenReviewToken,
} from '../authn/authentication-reviews.js';
import type { ApiRequest, UserInfo } from '../http/api-request.js';
import { writeJson } from '../http/write-response.js';
import { contentType, decodeObjectBody, readBody } from './body.js';
import type { ServedResource } from './served-resource.js';
import type { ServerContext } from './server-context.js';

/** The review APIs that only compute an answer (nothing is stored): which ones this serves. */
export const reviewResources = new Set([
  'authentication.k8s.io/selfsubjectreviews',
  'authentication.k8s.io/tokenreviews',
  'authorization.k8s.io/selfsubjectaccessreviews',
  'authorization.k8s.io/subjectaccessreviews',
  'authorization.k8s.io/localsubjectaccessreviews',
  'authorization.k8s.io/selfsubjectrulesreviews',
]);

interface ResourceAttributes {
  namespace?: string;
  verb?: string;
  group?: string;
  version?: string;
  resource?: string;
  subresource?: string;
  name?: string;
}

/** The authorization attributes a SubjectAccessReview spec describes. */
function reviewAttributes(spec: Record<string, unknown>, user: UserInfo): AuthorizationAttributes {
  const res = spec['resourceAttributes'] as ResourceAttributes | undefined;
  const nonRes = spec['nonResourceAttributes'] as { path?: string; verb?: string } | undefined;
  if (res !== undefined) {
    return {
      user,
      verb: res.verb ?? '',
      apiGroup: res.group ?? '',
      ...(res.version ? { apiVersion: res.version } : {}),
      resource: res.resource ?? '',
      subresource: res.subresource ?? '',
      name: res.name ?? '',
      namespace: res.namespace ?? '',
      path: '',
      isResourceRequest: true,
    };
  }
  if (nonRes !== undefined) {
    return {
      user,
      verb: nonRes.verb ?? '',
      apiGroup: '',
      resource: '',
      subresource: '',
      name: '',
      namespace: '',
      path: nonRes.path ?? '',
      isResourceRequest: false,
    };
  }
  throw badRequest(
    'spec: Invalid value: one of resourceAttributes or nonResourceAttributes must be specified',
  );
}

/**
 * POST of a review (SelfSubjectAccessReview, SubjectAccessReview, LocalSubjectAccessReview,
 * SelfSubjectRulesReview, SelfSubjectReview, TokenReview): computes the answer with the authorizer
 * or the token authenticators and returns the object with its status, 201, as upstream; nothing is
 * stored.
 */
export async function handleReview(
  areq: ApiRequest,
  served: ServedResource,
  ctx: ServerContext,
): Promise<void> {
  const authorizer = ctx.authorizer;
  const body = decodeObjectBody(await readBody(areq.req), contentType(areq.req), served.type.kind);
  const spec = isPlainObject(body['spec']) ? (body['spec'] as Record<string, unknown>) : {};
  const out: KubeObject = {
    kind: served.type.kind,
    apiVersion: `${served.type.group}/${served.type.version}`,
    metadata: { ...(body.metadata ?? {}), creationTimestamp: undefined },
    spec,
  };
  switch (served.type.kind) {
    case 'SelfSubjectReview':
      writeJson(areq.res, 201, selfSubjectReviewResponse(areq.user, Date.now()));
      return;
    case 'TokenReview': {
      const { token, audiences } = tokenReviewToken(body);
      const outcome = ctx.tokens
        ? await ctx.tokens.authenticator.authenticateToken(token, audiences)
        : { ok: false as const, error: '' };
      // A token no authenticator recognizes reads as upstream's bearer-token wrapper words it.
      const answer =
        outcome.ok || outcome.error ? outcome : { ok: false as const, error: 'invalid bearer token' };
      writeJson(areq.res, 201, tokenReviewResponse(body, answer));
      return;
    }
    case 'SelfSubjectRulesReview': {
      const rules = authorizer.rulesFor(
        areq.user,
        typeof spec['namespace'] === 'string' ? spec['namespace'] : '',
      );
      out['status'] = {
        resourceRules: rules.resourceRules,
        nonResourceRules: rules.nonResourceRules,
        incomplete: rules.incomplete,
        ...(rules.evaluationError ? { evaluationError: rules.evaluationError } : {}),
      };
      break;
    }
    default: {
      let user = areq.user;
      if (served.type.kind !== 'SelfSubjectAccessReview') {
        const extra = spec['extra'] as Record<string, string[]> | undefined;
        user = {
          name: typeof spec['user'] === 'string' ? spec['user'] : '',
          groups: Array.isArray(spec['groups']) ? (spec['groups'] as string[]) : [],
          ...(typeof spec['uid'] === 'string' ? { uid: spec['uid'] } : {}),
          ...(extra ? { extra } : {}),
        };
      }
      const attrs = reviewAttributes(spec, user);
      if (served.type.kind === 'LocalSubjectAccessReview' && attrs.namespace !== areq.info.namespace) {
        throw badRequest(`spec.resourceAttributes.namespace must match namespace: ${areq.info.namespace}`);
      }
      const decision = authorizer.authorize(attrs);
      out['status'] = {
        allowed: decision.decision === 'allow',
        ...(decision.decision === 'deny' ? { denied: true } : {}),
        ...(decision.reason ? { reason: decision.reason } : {}),
      };
    }
  }
  writeJson(areq.res, 201, out);
}
