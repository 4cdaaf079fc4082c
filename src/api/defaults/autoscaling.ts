import type { HorizontalPodAutoscaler as HpaV1 } from 'kubernetes-types/autoscaling/v1.js';
import type {
  HPAScalingRules,
  HorizontalPodAutoscaler as HpaV2,
  MetricStatus,
  MetricSpec,
} from 'kubernetes-types/autoscaling/v2.js';
import { isPlainObject, type KubeObject } from '../object.js';
import { ensureStruct, struct, structs, view } from './fields.js';
import { normalizeQuantity } from './quantity.js';

/** An HPA without metrics scales on average CPU utilization at this percentage. */
const defaultCpuUtilization = 80;
/** v1 carries v2's other metrics in this annotation; with it, no CPU default applies. */
const v1MetricsAnnotation = 'autoscaling.alpha.kubernetes.io/metrics';

// The scaling rules that reproduce the HPA's behaviour from before `behavior` existed.
function scaleUpRules(): HPAScalingRules {
  return {
    stabilizationWindowSeconds: 0,
    selectPolicy: 'Max',
    policies: [
      { type: 'Pods', value: 4, periodSeconds: 15 },
      { type: 'Percent', value: 100, periodSeconds: 15 },
    ],
  };
}

// Scale-down's stabilization window stays unset: the controller's command-line flag decides it.
function scaleDownRules(): HPAScalingRules {
  return { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] };
}

/** Fills the unset fields of given rules from the defaults (all of them when none were given). */
function completeRules(given: HPAScalingRules | undefined, defaults: HPAScalingRules): HPAScalingRules {
  const rules = struct(given);
  if (!rules) return defaults;
  rules.selectPolicy ??= defaults.selectPolicy;
  if (defaults.stabilizationWindowSeconds !== undefined) {
    rules.stabilizationWindowSeconds ??= defaults.stabilizationWindowSeconds;
  }
  rules.policies ??= defaults.policies;
  return rules;
}

/** Metric targets and current values are quantities: written back canonical. */
function normalizeMetricValues(metrics: ReadonlyArray<MetricSpec | MetricStatus> | undefined): void {
  for (const metric of structs(metrics)) {
    // Whatever the metric type, its source holds a `target` (spec) or `current` (status) value.
    for (const source of Object.values(view<Record<string, unknown>>(metric))) {
      for (const key of ['target', 'current']) {
        const value = isPlainObject(source) ? source[key] : undefined;
        if (!isPlainObject(value)) continue;
        for (const field of ['value', 'averageValue']) {
          const quantity = value[field];
          if (quantity !== undefined && quantity !== null) value[field] = normalizeQuantity(quantity);
        }
      }
    }
  }
}

/** HorizontalPodAutoscaler (autoscaling/v2): min 1 replica, CPU 80% without metrics, complete behavior. */
export function defaultHorizontalPodAutoscalerV2(object: KubeObject): void {
  const hpa = view<HpaV2>(object);
  const spec = ensureStruct(hpa, 'spec');
  if (!spec) return;
  spec.minReplicas ??= 1;
  if (!Array.isArray(spec.metrics) || spec.metrics.length === 0) {
    spec.metrics = [
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: defaultCpuUtilization } },
      },
    ];
  }
  // Only a behavior the user started is completed; none at all means the controller's defaults.
  const behavior = struct(spec.behavior);
  if (behavior) {
    behavior.scaleUp = completeRules(behavior.scaleUp, scaleUpRules());
    behavior.scaleDown = completeRules(behavior.scaleDown, scaleDownRules());
  }
  normalizeMetricValues(spec.metrics);
  normalizeMetricValues(struct(hpa.status)?.currentMetrics);
}

/**
 * HorizontalPodAutoscaler (autoscaling/v1): min 1 replica. Upstream applies the 80% CPU target in
 * conversion (and through v2's defaults when read back from storage), so it is visible here too.
 */
export function defaultHorizontalPodAutoscalerV1(object: KubeObject): void {
  const hpa = view<HpaV1>(object);
  const spec = ensureStruct(hpa, 'spec');
  if (!spec) return;
  spec.minReplicas ??= 1;
  const annotations = struct(struct(hpa.metadata)?.annotations);
  if (annotations?.[v1MetricsAnnotation] === undefined)
    spec.targetCPUUtilizationPercentage ??= defaultCpuUtilization;
}
