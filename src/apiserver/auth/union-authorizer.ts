import type { UserInfo } from '../http/api-request.js';
import type { AuthorizationAttributes, AuthorizationResult, Authorizer } from './rbac/authorizer.js';
import type { UserRules } from './rbac/rbac-authorizer.js';
import { aggregateErrorMessage } from './rbac/rule-resolver.js';

/** An authorizer that can also list a user's rules (for SelfSubjectRulesReview). */
export type RuleListingAuthorizer = Authorizer & { rulesFor(user: UserInfo, namespace: string): UserRules };

/**
 * Upstream's authorizer union (--authorization-mode Node,RBAC): the first allow or deny decides;
 * when none decides, the reasons the others gave are joined by newlines for the 403 message.
 */
export class UnionAuthorizer implements RuleListingAuthorizer {
  constructor(private readonly authorizers: readonly RuleListingAuthorizer[]) {}

  authorize(attrs: AuthorizationAttributes): AuthorizationResult {
    const reasons: string[] = [];
    for (const a of this.authorizers) {
      const result = a.authorize(attrs);
      if (result.decision !== 'no-opinion') return result;
      if (result.reason !== '') reasons.push(result.reason);
    }
    return { decision: 'no-opinion', reason: reasons.join('\n') };
  }

  /** Every authorizer's rules together; incomplete when any is, with their errors aggregated. */
  rulesFor(user: UserInfo, namespace: string): UserRules {
    const all = this.authorizers.map((a) => a.rulesFor(user, namespace));
    return {
      resourceRules: all.flatMap((r) => r.resourceRules),
      nonResourceRules: all.flatMap((r) => r.nonResourceRules),
      incomplete: all.some((r) => r.incomplete),
      evaluationError: aggregateErrorMessage(all.map((r) => r.evaluationError).filter((e) => e !== '')),
    };
  }
}
