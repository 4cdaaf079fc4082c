// Impersonation headers (kubectl --as, --as-group, --as-uid, Impersonate-Extra-*), as upstream's
// WithImpersonation filter: each thing impersonated is authorized with verb "impersonate" against
// the real user, and only then does the request act as the impersonated user.

import { internalError } from '../../machinery/errors/index.js';
import type { AuthorizationAttributes, Authorizer } from '../auth/rbac/authorizer.js';
import { forbiddenError } from '../auth/rbac/forbidden-message.js';
import type { UserInfo } from '../http/api-request.js';
import {
  ANONYMOUS_USER,
  AUTHENTICATED_GROUP,
  serviceAccountGroups,
  serviceAccountUsername,
  splitServiceAccountUsername,
  UNAUTHENTICATED_GROUP,
} from './service-account-names.js';

/** Header names (lower case, as Node presents them). */
export const IMPERSONATE_USER_HEADER = 'impersonate-user';
export const IMPERSONATE_GROUP_HEADER = 'impersonate-group';
export const IMPERSONATE_UID_HEADER = 'impersonate-uid';
export const IMPERSONATE_EXTRA_PREFIX = 'impersonate-extra-';

/** One thing a request asks to impersonate (upstream builds an ObjectReference for each). */
export interface ImpersonationRequest {
  readonly kind: 'User' | 'ServiceAccount' | 'Group' | 'UserExtra' | 'UID';
  readonly namespace?: string;
  readonly name: string;
  /** The extra key, for UserExtra. */
  readonly extraKey?: string;
}

/** Headers as Node's `req.headersDistinct` gives them: every value of a repeated header kept apart. */
export type DistinctHeaders = Readonly<Record<string, readonly string[] | undefined>>;

function pathUnescape(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

// Go's %v of a v1.ObjectReference: its seven string fields in declaration order.
function goObjectReference(r: ImpersonationRequest): string {
  const apiVersion = r.kind === 'UserExtra' || r.kind === 'UID' ? 'authentication.k8s.io/v1' : '';
  return `{${[r.kind, r.namespace ?? '', r.name, '', apiVersion, '', r.extraKey ?? ''].join(' ')}}`;
}

/**
 * Reads the impersonation headers; an empty list means no impersonation. Groups, extras or a UID
 * without a user are a 500, as upstream answers them.
 */
export function parseImpersonationHeaders(headers: DistinctHeaders): ImpersonationRequest[] {
  const out: ImpersonationRequest[] = [];
  const first = (name: string) => headers[name]?.[0] ?? '';
  const user = first(IMPERSONATE_USER_HEADER);
  if (user !== '') {
    const sa = splitServiceAccountUsername(user);
    out.push(
      sa ? { kind: 'ServiceAccount', namespace: sa.namespace, name: sa.name } : { kind: 'User', name: user },
    );
  }
  let others = false;
  for (const g of headers[IMPERSONATE_GROUP_HEADER] ?? []) {
    others = true;
    out.push({ kind: 'Group', name: g });
  }
  for (const name of Object.keys(headers).sort()) {
    if (!name.toLowerCase().startsWith(IMPERSONATE_EXTRA_PREFIX)) continue;
    const key = pathUnescape(name.slice(IMPERSONATE_EXTRA_PREFIX.length).toLowerCase());
    for (const value of headers[name] ?? []) {
      others = true;
      out.push({ kind: 'UserExtra', name: value, extraKey: key });
    }
  }
  const uid = first(IMPERSONATE_UID_HEADER);
  if (uid !== '') {
    others = true;
    out.push({ kind: 'UID', name: uid });
  }
  if (others && user === '') {
    throw internalError(`requested [${out.map(goObjectReference).join(' ')}] without impersonating a user`);
  }
  return out;
}

/** The authorization check ("impersonate") one request needs, made by the real user. */
export function impersonationCheck(requestor: UserInfo, r: ImpersonationRequest): AuthorizationAttributes {
  const base = {
    user: requestor,
    verb: 'impersonate',
    apiVersion: '',
    name: r.name,
    namespace: '',
    subresource: '',
    path: '',
    isResourceRequest: true,
  };
  switch (r.kind) {
    case 'ServiceAccount':
      return { ...base, apiGroup: '', resource: 'serviceaccounts', namespace: r.namespace ?? '' };
    case 'User':
      return { ...base, apiGroup: '', resource: 'users' };
    case 'Group':
      return { ...base, apiGroup: '', resource: 'groups' };
    case 'UserExtra':
      return {
        ...base,
        apiGroup: 'authentication.k8s.io',
        resource: 'userextras',
        subresource: r.extraKey ?? '',
      };
    case 'UID':
      return { ...base, apiGroup: 'authentication.k8s.io', resource: 'uids' };
  }
}

/** The user a request acts as once every impersonation check passed. */
export function impersonatedUser(requests: readonly ImpersonationRequest[]): UserInfo {
  let name = '';
  let uid = '';
  let groups: string[] = [];
  const extra: Record<string, string[]> = {};
  const groupsSpecified = requests.some((r) => r.kind === 'Group');
  for (const r of requests) {
    if (r.kind === 'ServiceAccount') {
      name = serviceAccountUsername(r.namespace ?? '', r.name);
      // A service account's groups are fixed; they are implied unless groups were given.
      if (!groupsSpecified) groups = serviceAccountGroups(r.namespace ?? '');
    } else if (r.kind === 'User') name = r.name;
    else if (r.kind === 'Group') groups.push(r.name);
    else if (r.kind === 'UserExtra') (extra[r.extraKey ?? ''] ??= []).push(r.name);
    else uid = r.name;
  }
  if (name !== ANONYMOUS_USER) {
    if (!groups.includes(AUTHENTICATED_GROUP) && !groups.includes(UNAUTHENTICATED_GROUP))
      groups.push(AUTHENTICATED_GROUP);
  } else if (!groups.includes(UNAUTHENTICATED_GROUP)) {
    groups.push(UNAUTHENTICATED_GROUP);
  }
  return { name, ...(uid ? { uid } : {}), groups, ...(Object.keys(extra).length ? { extra } : {}) };
}

/**
 * The whole filter: undefined when the request impersonates nobody; the impersonated user when the
 * real user may impersonate everything asked; otherwise throws upstream's 403 (or 500).
 */
export function impersonate(
  requestor: UserInfo,
  headers: DistinctHeaders,
  authorizer: Authorizer,
): UserInfo | undefined {
  const requests = parseImpersonationHeaders(headers);
  if (requests.length === 0) return undefined;
  for (const r of requests) {
    const check = impersonationCheck(requestor, r);
    const result = authorizer.authorize(check);
    if (result.decision !== 'allow') throw forbiddenError(check, result.reason);
  }
  return impersonatedUser(requests);
}

/** True for the headers the filter consumes (to strip them before proxying onwards). */
export function isImpersonationHeader(name: string): boolean {
  const n = name.toLowerCase();
  return (
    n === IMPERSONATE_USER_HEADER ||
    n === IMPERSONATE_GROUP_HEADER ||
    n === IMPERSONATE_UID_HEADER ||
    n.startsWith(IMPERSONATE_EXTRA_PREFIX)
  );
}
