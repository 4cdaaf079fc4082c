// The authorizer contract the handler chain calls (upstream's authorizer.Authorizer and
// authorizer.Attributes). RBAC is one implementation; the node authorizer and a union of several
// will implement the same interface, which is why "no opinion" is distinct from "deny".

import { parseFieldSelector, type FieldRequirement } from '../../../machinery/fields/index.js';
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
  /** The field selector terms of a list, watch or deletecollection (upstream's AuthorizeWithSelectors). */
  readonly fieldSelector?: readonly FieldRequirement[];
}

/** Anything that can judge a request (RBAC, node, a union of several). */
export interface Authorizer {
  /** Judges one request; never throws for an ordinary denial. */
  authorize(attrs: AuthorizationAttributes): AuthorizationResult;
}

// Upstream's path.IsValidPathSegmentName: a name that could stand in a URL path segment.
function validPathSegmentName(name: string): boolean {
  return name !== '.' && name !== '..' && !name.includes('/') && !name.includes('%');
}

/**
 * The attributes of a request as the handler chain parsed it. With the query, a list, watch or
 * deletecollection also carries its field selector, and a list or watch selecting one
 * `metadata.name` is named by it, as upstream's RequestInfo does (so resourceNames rules apply).
 */
export function attributesFromRequest(
  user: UserInfo,
  info: RequestInfo,
  query?: URLSearchParams,
): AuthorizationAttributes {
  let name = info.name;
  let fieldSelector: readonly FieldRequirement[] | undefined;
  const selectorText = query?.get('fieldSelector');
  if (info.isResourceRequest && selectorText && ['list', 'watch', 'deletecollection'].includes(info.verb)) {
    try {
      fieldSelector = parseFieldSelector(selectorText).requirements;
    } catch {
      // An unparseable selector selects nothing here; the list itself reports the error.
    }
    const exact = fieldSelector?.filter((r) => r.field === 'metadata.name' && r.operator === '=');
    if (name === '' && info.verb !== 'deletecollection' && exact?.length === 1) {
      if (validPathSegmentName(exact[0]!.value)) name = exact[0]!.value;
    }
  }
  return {
    user,
    verb: info.verb,
    apiGroup: info.apiGroup,
    apiVersion: info.apiVersion,
    resource: info.resource,
    subresource: info.subresource,
    name,
    namespace: info.namespace,
    path: info.path,
    isResourceRequest: info.isResourceRequest,
    ...(fieldSelector ? { fieldSelector } : {}),
  };
}
