// spec.successPolicy of Indexed Jobs (upstream's matchSuccessPolicy): the Job has met its success
// criteria once any rule holds — all its succeededIndexes succeeded, or at least succeededCount of
// them (or of all indexes when the rule lists none).
import type { SuccessPolicy } from 'kubernetes-types/batch/v1.js';
import { parseIntervals, totalIndexes, type OrderedIntervals } from './ordered-intervals.js';

/** The message of the SuccessCriteriaMet condition when a rule matched, else undefined. */
export function matchSuccessPolicy(
  policy: SuccessPolicy | undefined,
  completions: number,
  succeeded: OrderedIntervals,
): string | undefined {
  if (policy === undefined || succeeded.length === 0) return undefined;
  for (const [index, rule] of policy.rules.entries()) {
    if (rule.succeededIndexes !== undefined) {
      const required = parseIntervals(rule.succeededIndexes, completions);
      // A rule whose indexes do not parse never matches.
      if (required.length === 0) continue;
      if (matchSucceededIndexesRule(required, succeeded, rule.succeededCount))
        return `Matched rules at index ${index}`;
    } else if (rule.succeededCount !== undefined && totalIndexes(succeeded) >= rule.succeededCount) {
      return `Matched rules at index ${index}`;
    }
  }
  return undefined;
}

/** True when every required index succeeded, or at least `succeededCount` of them did. */
export function matchSucceededIndexesRule(
  required: OrderedIntervals,
  succeeded: OrderedIntervals,
  succeededCount: number | undefined,
): boolean {
  let contains = 0;
  let s = 0;
  let r = 0;
  while (r < required.length && s < succeeded.length) {
    const ri = required[r]!;
    const si = succeeded[s]!;
    const overlap = Math.min(ri.last, si.last) - Math.max(ri.first, si.first) + 1;
    if (overlap > 0) contains += overlap;
    if (si.last < ri.last) s++;
    else if (si.last > ri.last) r++;
    else {
      s++;
      r++;
    }
  }
  return contains === totalIndexes(required) || (succeededCount !== undefined && contains >= succeededCount);
}
