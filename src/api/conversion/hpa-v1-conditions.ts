import type { HorizontalPodAutoscalerCondition } from 'kubernetes-types/autoscaling/v2.js';
import { defined } from './defined.js';
import { goTime, type GoType } from './go-json.js';

/** autoscaling/v1 HorizontalPodAutoscalerCondition as the conditions annotation carries it. */
export interface V1Condition {
  type: string;
  status: string;
  /** A zero metav1.Time marshals as null even under omitempty. */
  lastTransitionTime: string | null;
  reason?: string;
  message?: string;
}

/** The Go type of V1Condition (as of 1.32: no observedGeneration yet). */
export const v1ConditionType: GoType = {
  struct: {
    type: 'string',
    status: 'string',
    lastTransitionTime: 'time',
    reason: 'string',
    message: 'string',
  },
};

/** A v2 condition as the v1 conditions annotation writes it. */
export function conditionToV1(c: HorizontalPodAutoscalerCondition): V1Condition {
  return {
    type: c.type ?? '',
    status: c.status ?? '',
    lastTransitionTime: c.lastTransitionTime ? goTime(c.lastTransitionTime) : null,
    reason: c.reason || undefined,
    message: c.message || undefined,
  };
}

/** A decoded v1 condition in v2's shape. */
export function conditionFromV1(c: V1Condition): HorizontalPodAutoscalerCondition {
  return defined({
    type: c.type,
    status: c.status,
    lastTransitionTime: c.lastTransitionTime ?? undefined,
    reason: c.reason || undefined,
    message: c.message || undefined,
  });
}
