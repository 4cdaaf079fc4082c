import type { HPAScalingRules, HorizontalPodAutoscalerBehavior } from 'kubernetes-types/autoscaling/v2.js';
import { defined } from './defined.js';
import type { GoType } from './go-json.js';

// Upstream marshals spec.behavior as the *internal* Go struct, which has no json tags: the
// annotation therefore spells fields "ScaleUp", "StabilizationWindowSeconds", ..., writes nil
// pointers as null, and is read back with Go's case-insensitive field matching.

interface GoPolicy {
  Type: string;
  Value: number;
  PeriodSeconds: number;
}
interface GoRules {
  StabilizationWindowSeconds?: number;
  SelectPolicy?: string;
  Policies?: GoPolicy[];
}

/** The internal HorizontalPodAutoscalerBehavior as json.Unmarshal fills it (nil pointers undefined). */
export interface GoBehavior {
  ScaleUp?: GoRules;
  ScaleDown?: GoRules;
}

const rulesType: GoType = {
  ptr: {
    struct: {
      StabilizationWindowSeconds: { ptr: 'int32' },
      SelectPolicy: { ptr: 'string' },
      Policies: { slice: { struct: { Type: 'string', Value: 'int32', PeriodSeconds: 'int32' } } },
    },
  },
};

/** The Go type of GoBehavior. */
export const goBehaviorType: GoType = { struct: { ScaleUp: rulesType, ScaleDown: rulesType } };

function rulesToGo(rules: HPAScalingRules | null | undefined) {
  if (!rules) return null;
  return {
    StabilizationWindowSeconds: rules.stabilizationWindowSeconds ?? null,
    SelectPolicy: rules.selectPolicy ?? null,
    Policies: rules.policies
      ? rules.policies.map((p) => ({
          Type: p.type ?? '',
          Value: p.value ?? 0,
          PeriodSeconds: p.periodSeconds ?? 0,
        }))
      : null,
  };
}

/** v2 behavior laid out as Go marshals the internal struct (every field present, nil as null). */
export function behaviorToGo(behavior: HorizontalPodAutoscalerBehavior): unknown {
  return { ScaleUp: rulesToGo(behavior.scaleUp), ScaleDown: rulesToGo(behavior.scaleDown) };
}

function rulesFromGo(rules: GoRules | undefined): HPAScalingRules | undefined {
  if (!rules) return undefined;
  return defined({
    stabilizationWindowSeconds: rules.StabilizationWindowSeconds,
    selectPolicy: rules.SelectPolicy,
    // v2's policies are omitempty: an empty list is not written back.
    policies: rules.Policies?.length
      ? rules.Policies.map((p) => ({ type: p.Type, value: p.Value, periodSeconds: p.PeriodSeconds }))
      : undefined,
  });
}

/** The v2 behavior a decoded annotation stands for; undefined for the zero struct, which upstream drops. */
export function behaviorFromGo(behavior: GoBehavior): HorizontalPodAutoscalerBehavior | undefined {
  if (!behavior.ScaleUp && !behavior.ScaleDown) return undefined;
  return defined({ scaleUp: rulesFromGo(behavior.ScaleUp), scaleDown: rulesFromGo(behavior.ScaleDown) });
}
