// The authorizer contract the handler chain calls (upstream's authorizer.Authorizer and
// authorizer.Attributes). RBAC is one implementation; the node authorizer and a union of several
// will implement the same interface, which is why "no opinion" is distinct from "deny".

import type { UserInfo } from '../../http/api-request.js';
import type { RequestInfo } from '../../request/request-info.js';

/** What an authorizer decides: allow, deny outright, or leave the request to the next authorizer. */
export type AuthorizationDecision = 'allow' | 'deny' | 'no-opinion';

/** A decision and the reason an authorizer gives for it ('' when it has none to give). */
export interface AuthorizationResult {
  readonly decision: AuthorizationDecision;
  readonly reason: string;
}

/** The attributes of one request an authorizer judges, as upstream's authorizer.Attributes. */
export interface AuthorizationAttributes {
  readonly user: UserInfo;
  /** Lower-case verb: get, list, watch, create, ... or the lower-case HTTP method for non-resource paths. */
  readonly verb: string;
  readonly apiGroup: string;
  readonly apiVersion?: string;
  readonly resource: string;
  readonly subresource: string;
  readonly name: string;
  readonly namespace: string;
  /** The URL path; only non-resource requests are judged by it. */
  readonly path: string;
  readonly isResourceRequest: boolean;
}

/** Anything that can judge a request (RBAC, node, a union of several). */
export interface Authorizer {
  /** Judges one request; never throws for an ordinary denial. */
  authorize(attrs: AuthorizationAttributes): AuthorizationResult;
}

/** The attributes of a request as the handler chain parsed it. */
export function attributesFromRequest(user: UserInfo, info: RequestInfo): AuthorizationAttributes {
  return {
    user,
    verb: info.verb,
    apiGroup: info.apiGroup,
    apiVersion: info.apiVersion,
    resource: info.resource,
    subresource: info.subresource,
    name: info.name,
    namespace: info.namespace,
    path: info.path,
    isResourceRequest: info.isResourceRequest,
  };
}
