import type {
  FlowSchema,
  NonResourcePolicyRule,
  PolicyRulesWithSubjects,
  ResourcePolicyRule,
  Subject,
} from 'kubernetes-types/flowcontrol/v1.js';
import type { UserInfo } from '../http/api-request.js';
import type { RequestInfo } from '../request/request-info.js';

/** What classification looks at: who asks, and for what. */
export interface RequestDigest {
  readonly info: RequestInfo;
  readonly user: UserInfo;
}

const serviceAccountPrefix = 'system:serviceaccount:';

/** True when any of the FlowSchema's rules matches the request (upstream's matchesFlowSchema). */
export function matchesFlowSchema(digest: RequestDigest, fs: FlowSchema): boolean {
  return (fs.spec?.rules ?? []).some((rule) => matchesRule(digest, rule));
}

function matchesRule(digest: RequestDigest, rule: PolicyRulesWithSubjects): boolean {
  if (!rule.subjects.some((s) => matchesSubject(digest.user, s))) return false;
  return digest.info.isResourceRequest
    ? (rule.resourceRules ?? []).some((r) => matchesResourceRule(digest.info, r))
    : (rule.nonResourceRules ?? []).some((r) => matchesNonResourceRule(digest.info, r));
}

function matchesSubject(user: UserInfo, subject: Subject): boolean {
  switch (subject.kind) {
    case 'User':
      return subject.user !== undefined && (subject.user.name === '*' || subject.user.name === user.name);
    case 'Group': {
      const seek = subject.group?.name;
      if (seek === undefined) return false;
      return seek === '*' || user.groups.includes(seek);
    }
    case 'ServiceAccount': {
      const sa = subject.serviceAccount;
      if (sa === undefined) return false;
      // "*" matches every service account of the namespace: the name's prefix up to the colon.
      if (sa.name === '*') return user.name.startsWith(`${serviceAccountPrefix}${sa.namespace}:`);
      return user.name === `${serviceAccountPrefix}${sa.namespace}:${sa.name}`;
    }
    default:
      return false;
  }
}

function matchesResourceRule(info: RequestInfo, rule: ResourcePolicyRule): boolean {
  if (!contains(rule.verbs, info.verb, '*')) return false;
  const resource = info.subresource === '' ? info.resource : `${info.resource}/${info.subresource}`;
  if (!contains(rule.resources, resource, '*')) return false;
  if (!contains(rule.apiGroups, info.apiGroup, '*')) return false;
  if (info.namespace === '') return rule.clusterScope === true;
  return contains(rule.namespaces ?? [], info.namespace, '*');
}

function matchesNonResourceRule(info: RequestInfo, rule: NonResourcePolicyRule): boolean {
  if (!contains(rule.verbs, info.verb, '*')) return false;
  return rule.nonResourceURLs.some((pattern) => {
    if (pattern === '*' || pattern === info.path) return true;
    // "/healthz/*" and "/healthz" both cover the paths below /healthz/.
    let prefix = pattern.endsWith('*') ? pattern.slice(0, -1) : pattern;
    if (!prefix.endsWith('/')) prefix += '/';
    return info.path.startsWith(prefix);
  });
}

// Validation keeps a wildcard alone in its list, so a lone wildcard is the only form to look for.
function contains(list: readonly string[], value: string, wildcard: string): boolean {
  if (list.length === 1 && list[0] === wildcard) return true;
  return list.includes(value);
}
