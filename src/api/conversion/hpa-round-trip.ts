import type { ObjectMeta } from '../object.js';

// pkg/apis/autoscaling/annotations.go: where autoscaling/v1 keeps what only v2 can express. The
// tolerance annotations arrived after 1.32 and are not part of this set.

/** Every metric but the CPU utilization target, as a JSON list of autoscaling/v1 MetricSpec. */
export const metricSpecsAnnotation = 'autoscaling.alpha.kubernetes.io/metrics';
/** status.currentMetrics (all of them, CPU included), as a JSON list of autoscaling/v1 MetricStatus. */
export const metricStatusesAnnotation = 'autoscaling.alpha.kubernetes.io/current-metrics';
/** status.conditions, as a JSON list of autoscaling/v1 HorizontalPodAutoscalerCondition. */
export const conditionsAnnotation = 'autoscaling.alpha.kubernetes.io/conditions';
/** spec.behavior, as Go's JSON of the internal (untagged, so capitalized) behavior struct. */
export const behaviorSpecsAnnotation = 'autoscaling.alpha.kubernetes.io/behavior';

const roundTripAnnotations = [
  metricSpecsAnnotation,
  metricStatusesAnnotation,
  conditionsAnnotation,
  behaviorSpecsAnnotation,
] as const;

/**
 * A copy of the metadata without the round-trip annotations (DropRoundTripHorizontalPodAutoscalerAnnotations);
 * an annotations map left empty is omitted, as Go's omitempty would.
 */
export function withoutRoundTripAnnotations(metadata: ObjectMeta | undefined): ObjectMeta | undefined {
  const annotations = metadata?.annotations;
  if (!metadata || !annotations || !roundTripAnnotations.some((key) => key in annotations)) return metadata;
  const kept = { ...annotations };
  for (const key of roundTripAnnotations) delete kept[key];
  const { annotations: _dropped, ...rest } = metadata;
  return Object.keys(kept).length > 0 ? { ...rest, annotations: kept } : rest;
}
