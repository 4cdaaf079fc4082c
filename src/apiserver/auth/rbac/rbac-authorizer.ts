// The RBAC authorizer: allows a request when any rule bound to the user allows it, and otherwise
// has no opinion (upstream RBAC never denies outright, so a later authorizer may still allow).

import type { UserInfo } from '../../http/api-request.js';
import type { AuthorizationAttributes, AuthorizationResult, Authorizer } from './authorizer.js';
import { ruleAllows } from './rule-matching.js';
import { aggregateErrorMessage, resolveRulesFor, visitRulesFor } from './rule-resolver.js';
import type { RbacRuleSource } from './rule-source.js';

/** The group whose members may do anything (upstream's user.SystemPrivilegedGroup). */
export const SYSTEM_MASTERS_GROUP = 'system:masters';

/**
 * One resource rule of a SelfSubjectRulesReview (authorization/v1 ResourceRule; the
 * kubernetes-types interface lacks verbs and resources, so it is spelled out here).
 */
export interface ResourceRule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames: string[];
}

/** One non-resource rule of a SelfSubjectRulesReview (authorization/v1 NonResourceRule). */
export interface NonResourceRule {
  verbs: string[];
  nonResourceURLs: string[];
}

/** Options of an RbacAuthorizer. */
export interface RbacAuthorizerOptions {
  /** Roles and bindings, normally the apiserver's watch caches. */
  readonly source: RbacRuleSource;
}

/** The rules a user holds in a namespace, in the shape SelfSubjectRulesReview returns. */
export interface UserRules {
  readonly resourceRules: ResourceRule[];
  readonly nonResourceRules: NonResourceRule[];
  /** True when the list may be missing rules (RBAC itself always lists everything it knows). */
  readonly incomplete: boolean;
  /** Why some bindings could not be resolved ('' when all could). */
  readonly evaluationError: string;
}

/** True when the user is in system:masters, which the apiserver always allows. */
export function isSuperuser(user: UserInfo): boolean {
  return user.groups.includes(SYSTEM_MASTERS_GROUP);
}

/** Upstream's RBAC authorizer, plus its privileged-group short-circuit for system:masters. */
export class RbacAuthorizer implements Authorizer {
  private readonly source: RbacRuleSource;

  constructor(options: RbacAuthorizerOptions) {
    this.source = options.source;
  }

  /**
   * Allow with "RBAC: allowed by ..." when a bound rule allows the request; otherwise no opinion,
   * with "RBAC: <errors>" when some binding's role could not be found ('' otherwise).
   */
  authorize(attrs: AuthorizationAttributes): AuthorizationResult {
    // system:masters passes without a rule lookup, as upstream's privileged-group authorizer does
    // ahead of RBAC; it gives no reason.
    if (isSuperuser(attrs.user)) return { decision: 'allow', reason: '' };
    let allowedBy = '';
    const errors: string[] = [];
    visitRulesFor(this.source, attrs.user, attrs.namespace, (origin, rule, error) => {
      if (rule && origin && ruleAllows(attrs, rule)) {
        allowedBy = origin.describe();
        return false;
      }
      if (error) errors.push(error.message);
      return true;
    });
    if (allowedBy !== '') return { decision: 'allow', reason: `RBAC: allowed by ${allowedBy}` };
    const reason = errors.length > 0 ? `RBAC: ${aggregateErrorMessage(errors)}` : '';
    return { decision: 'no-opinion', reason };
  }

  /** The rules the user holds in the namespace ("" = cluster-wide bindings only). */
  rulesFor(user: UserInfo, namespace: string): UserRules {
    const { rules, errors } = resolveRulesFor(this.source, user, namespace);
    const resourceRules: ResourceRule[] = [];
    const nonResourceRules: NonResourceRule[] = [];
    for (const rule of rules) {
      // A rule may carry both kinds; each part is listed where it belongs, as upstream.
      if ((rule.resources ?? []).length > 0) {
        resourceRules.push({
          verbs: [...rule.verbs],
          apiGroups: [...(rule.apiGroups ?? [])],
          resources: [...(rule.resources ?? [])],
          resourceNames: [...(rule.resourceNames ?? [])],
        });
      }
      if ((rule.nonResourceURLs ?? []).length > 0) {
        nonResourceRules.push({ verbs: [...rule.verbs], nonResourceURLs: [...(rule.nonResourceURLs ?? [])] });
      }
    }
    return {
      resourceRules,
      nonResourceRules,
      incomplete: false,
      evaluationError: aggregateErrorMessage(errors.map((e) => e.message)),
    };
  }
}
