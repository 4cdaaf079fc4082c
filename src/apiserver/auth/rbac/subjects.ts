// Which binding subjects a user is, as upstream's appliesTo/appliesToUser, and how a subject is
// named in the "allowed by" reason.

import type { Subject } from 'kubernetes-types/rbac/v1.js';
import type { UserInfo } from '../../http/api-request.js';
import { goQuote } from '../../../machinery/errors/index.js';

/** The user-name prefix of service-account identities. */
export const SERVICE_ACCOUNT_USERNAME_PREFIX = 'system:serviceaccount:';

/** The user name a service account authenticates as: system:serviceaccount:<namespace>:<name>. */
export function serviceAccountUsername(namespace: string, name: string): string {
  return `${SERVICE_ACCOUNT_USERNAME_PREFIX}${namespace}:${name}`;
}

/**
 * True when the subject denotes the user. A ServiceAccount subject without a namespace means the
 * binding's own namespace (so it never matches from a ClusterRoleBinding, where that is "").
 */
export function subjectAppliesToUser(user: UserInfo, subject: Subject, bindingNamespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return user.name === subject.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const namespace = subject.namespace ? subject.namespace : bindingNamespace;
      if (namespace === '') return false;
      return user.name === serviceAccountUsername(namespace, subject.name);
    }
    default:
      return false;
  }
}

/** The index of the first subject that denotes the user, or -1. */
export function firstApplyingSubject(
  user: UserInfo,
  subjects: readonly Subject[] | undefined,
  bindingNamespace: string,
): number {
  return (subjects ?? []).findIndex((s) => subjectAppliesToUser(user, s, bindingNamespace));
}

/** A subject as upstream's reasons print it: `User "jane"`, `ServiceAccount "name/namespace"`. */
export function describeSubject(subject: Subject, bindingNamespace: string): string {
  if (subject.kind === 'ServiceAccount') {
    const namespace = subject.namespace ? subject.namespace : bindingNamespace;
    return `${subject.kind} ${goQuote(`${subject.name}/${namespace}`)}`;
  }
  return `${subject.kind} ${goQuote(subject.name)}`;
}
