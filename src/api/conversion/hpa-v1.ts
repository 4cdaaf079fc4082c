import type {
  HorizontalPodAutoscalerSpec as SpecV1,
  HorizontalPodAutoscalerStatus as StatusV1,
  HorizontalPodAutoscaler as HpaV1,
} from 'kubernetes-types/autoscaling/v1.js';
import type {
  HorizontalPodAutoscalerSpec as SpecV2,
  HorizontalPodAutoscalerStatus as StatusV2,
  HorizontalPodAutoscaler as HpaV2,
  MetricSpec,
  MetricStatus,
} from 'kubernetes-types/autoscaling/v2.js';
import type { KubeObject, ObjectMeta } from '../object.js';
import { copyAs, type ConversionPair } from './conversion-pair.js';
import { defined } from './defined.js';
import { goMarshal, goUnmarshal } from './go-json.js';
import { behaviorFromGo, behaviorToGo, goBehaviorType, type GoBehavior } from './hpa-v1-behavior.js';
import { conditionFromV1, conditionToV1, v1ConditionType, type V1Condition } from './hpa-v1-conditions.js';
import {
  metricSpecFromV1,
  metricSpecToV1,
  v1MetricSpecType,
  type V1MetricSpec,
} from './hpa-v1-metric-spec.js';
import {
  metricStatusFromV1,
  metricStatusToV1,
  v1MetricStatusType,
  type V1MetricStatus,
} from './hpa-v1-metric-status.js';
import {
  behaviorSpecsAnnotation,
  conditionsAnnotation,
  metricSpecsAnnotation,
  metricStatusesAnnotation,
  withoutRoundTripAnnotations,
} from './hpa-round-trip.js';

// pkg/apis/autoscaling/v1/conversion.go. v1 speaks only a CPU utilization target; everything else
// v2 holds travels in annotations (see hpa-round-trip.ts), so v2 → v1 → v2 gives back what was
// stored, with upstream's caveats: the CPU target moves to the end of the metric list, a second CPU
// utilization target is lost, and the shapes v1's structs cannot hold are filled as upstream does.

const kind = 'HorizontalPodAutoscaler';
/** The target autoscaling/v1 applied implicitly when an HPA names no metric at all. */
const defaultCpuUtilization = 80;

function isCpuUtilizationTarget(m: MetricSpec): boolean {
  return (
    m.type === 'Resource' &&
    m.resource?.name === 'cpu' &&
    typeof m.resource.target?.averageUtilization === 'number'
  );
}

function isCpuUtilizationStatus(m: MetricStatus): boolean {
  return (
    m.type === 'Resource' &&
    m.resource?.name === 'cpu' &&
    typeof m.resource.current?.averageUtilization === 'number'
  );
}

function cpuTarget(percent: number): MetricSpec {
  return {
    type: 'Resource',
    resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: percent } },
  };
}

function addAnnotations(
  metadata: ObjectMeta | undefined,
  added: Record<string, string>,
): ObjectMeta | undefined {
  if (Object.keys(added).length === 0) return metadata;
  return { ...metadata, annotations: { ...metadata?.annotations, ...added } };
}

function specToV1(spec: SpecV2): SpecV1 {
  return defined({
    scaleTargetRef: spec.scaleTargetRef,
    minReplicas: spec.minReplicas,
    maxReplicas: spec.maxReplicas,
    // The first CPU utilization target; further ones are dropped here and from the annotation alike.
    targetCPUUtilizationPercentage: (spec.metrics ?? []).find(isCpuUtilizationTarget)?.resource?.target
      .averageUtilization,
  });
}

function statusToV1(status: StatusV2): StatusV1 {
  return defined<Partial<StatusV1>>({
    observedGeneration: status.observedGeneration,
    lastScaleTime: status.lastScaleTime,
    currentReplicas: status.currentReplicas,
    desiredReplicas: status.desiredReplicas,
    // Upstream keeps overwriting while it scans, so the last CPU utilization wins.
    currentCPUUtilizationPercentage: (status.currentMetrics ?? []).findLast(isCpuUtilizationStatus)?.resource
      ?.current.averageUtilization,
  }) as StatusV1;
}

/** The stored autoscaling/v2 HPA as autoscaling/v1 shows it. */
function toV1(object: KubeObject): KubeObject {
  const hpa = copyAs<HpaV2>(object);
  const otherMetrics = (hpa.spec?.metrics ?? []).filter((m) => !isCpuUtilizationTarget(m));
  const currentMetrics = hpa.status?.currentMetrics ?? [];
  const conditions = hpa.status?.conditions ?? [];
  const behavior = hpa.spec?.behavior;
  const added: Record<string, string> = {};
  if (otherMetrics.length > 0) added[metricSpecsAnnotation] = goMarshal(otherMetrics.map(metricSpecToV1));
  // All current metrics, CPU included: the annotation keeps the raw values v1's percentage cannot.
  if (currentMetrics.length > 0)
    added[metricStatusesAnnotation] = goMarshal(currentMetrics.map(metricStatusToV1));
  if (behavior) added[behaviorSpecsAnnotation] = goMarshal(behaviorToGo(behavior));
  if (conditions.length > 0) added[conditionsAnnotation] = goMarshal(conditions.map(conditionToV1));
  const out: HpaV1 = defined({
    apiVersion: 'autoscaling/v1' as const,
    kind,
    metadata: addAnnotations(withoutRoundTripAnnotations(hpa.metadata), added),
    spec: hpa.spec ? specToV1(hpa.spec) : undefined,
    status: hpa.status ? statusToV1(hpa.status) : undefined,
  });
  return out as KubeObject;
}

/** An autoscaling/v1 HPA as autoscaling/v2 stores it. */
function toV2(object: KubeObject): KubeObject {
  const hpa = copyAs<HpaV1>(object);
  const annotations = hpa.metadata?.annotations ?? {};
  const spec = hpa.spec;
  const status = hpa.status;
  const target = spec?.targetCPUUtilizationPercentage;
  let metrics = typeof target === 'number' ? [cpuTarget(target)] : [];
  const others = goUnmarshal<V1MetricSpec[]>(annotations[metricSpecsAnnotation], { slice: v1MetricSpecType });
  if (others) metrics = [...(others.value ?? []).map(metricSpecFromV1), ...metrics];
  // v1 used to apply this default in the controller; with the annotation read, v2 can say it.
  if (metrics.length === 0) metrics = [cpuTarget(defaultCpuUtilization)];
  const behavior = goUnmarshal<GoBehavior>(annotations[behaviorSpecsAnnotation], goBehaviorType);
  const specV2 = defined({
    scaleTargetRef: spec?.scaleTargetRef,
    minReplicas: spec?.minReplicas,
    maxReplicas: spec?.maxReplicas,
    metrics,
    behavior: behavior?.value && behaviorFromGo(behavior.value),
  }) as SpecV2;

  const current = goUnmarshal<V1MetricStatus[]>(annotations[metricStatusesAnnotation], {
    slice: v1MetricStatusType,
  });
  const conditions = goUnmarshal<V1Condition[]>(annotations[conditionsAnnotation], {
    slice: v1ConditionType,
  });
  const cpuNow = status?.currentCPUUtilizationPercentage;
  const cpuStatus: MetricStatus[] | undefined =
    typeof cpuNow === 'number'
      ? [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: cpuNow } } }]
      : undefined;
  const statusV2 =
    status || current || conditions
      ? (defined({
          observedGeneration: status?.observedGeneration,
          lastScaleTime: status?.lastScaleTime,
          currentReplicas: status?.currentReplicas,
          desiredReplicas: status?.desiredReplicas,
          // The annotation, when readable, replaces the CPU-only view: it has more information.
          currentMetrics: current ? (current.value ?? []).map(metricStatusFromV1) : cpuStatus,
          conditions: conditions ? (conditions.value ?? []).map(conditionFromV1) : undefined,
        }) as StatusV2)
      : undefined;

  const out: HpaV2 = defined({
    apiVersion: 'autoscaling/v2' as const,
    kind,
    metadata: withoutRoundTripAnnotations(hpa.metadata),
    spec: specV2,
    status: statusV2,
  });
  return out as KubeObject;
}

/** autoscaling/v1 HorizontalPodAutoscaler, stored as autoscaling/v2. */
export const hpaV1Pair: ConversionPair = {
  served: { group: 'autoscaling', version: 'v1', kind },
  storageApiVersion: 'autoscaling/v2',
  toStorage: toV2,
  fromStorage: toV1,
};
