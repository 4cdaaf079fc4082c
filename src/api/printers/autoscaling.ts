import type { Scale, HorizontalPodAutoscaler as HpaV1 } from 'kubernetes-types/autoscaling/v1.js';
import type {
  HorizontalPodAutoscaler,
  MetricSpec,
  MetricStatus,
  MetricTarget,
  MetricValueStatus,
} from 'kubernetes-types/autoscaling/v2.js';
import type { KubeObject } from '../object.js';
import { ageColumn, ageOf, column, nameColumn, nameOf, printer, typed } from './columns.js';
import { fieldDocs } from './field-docs.js';

// Go prints a nil *Quantity as "<nil>"; upstream reaches that for metrics missing a value.
const q = (value: string | undefined): string => value ?? '<nil>';

// A value/averageValue target (Object and External metrics): "current/target", "(avg)" for averages.
function valueMetric(target: MetricTarget | undefined, current: MetricValueStatus | undefined): string {
  if (target?.averageValue !== undefined) {
    const now = current?.averageValue !== undefined ? current.averageValue : '<unknown>';
    return `${now}/${target.averageValue} (avg)`;
  }
  return `${current ? q(current.value) : '<unknown>'}/${q(target?.value)}`;
}

// A resource metric: "cpu: 40%/80%", or "memory: 300Mi/500Mi" for an averageValue target.
function resourceMetric(
  name: string,
  target: MetricTarget | undefined,
  current: MetricValueStatus | undefined,
): string {
  if (target?.averageValue !== undefined) {
    return `${name}: ${current ? q(current.averageValue) : '<unknown>'}/${target.averageValue}`;
  }
  const now = current?.averageUtilization != null ? `${current.averageUtilization}%` : '<unknown>';
  const goal = target?.averageUtilization != null ? `${target.averageUtilization}%` : '<auto>';
  return `${name}: ${now}/${goal}`;
}

function formatMetric(spec: MetricSpec, status: MetricStatus | undefined): string {
  // Statuses pair with specs by position, whatever type the status claims.
  switch (spec.type) {
    case 'External':
      return valueMetric(spec.external?.target, status?.external?.current);
    case 'Object':
      return valueMetric(spec.object?.target, status?.object?.current);
    case 'Pods': {
      const now = status?.pods ? q(status.pods.current?.averageValue) : '<unknown>';
      return `${now}/${q(spec.pods?.target?.averageValue)}`;
    }
    case 'Resource':
      return resourceMetric(spec.resource?.name ?? '', spec.resource?.target, status?.resource?.current);
    case 'ContainerResource':
      return resourceMetric(
        spec.containerResource?.name ?? '',
        spec.containerResource?.target,
        status?.containerResource?.current,
      );
    default:
      return '<unknown type>';
  }
}

/** The Targets cell: up to two "current/target" metrics, then "+ N more...", or "<none>". */
export function hpaTargets(specs: readonly MetricSpec[], statuses: readonly MetricStatus[]): string {
  if (specs.length === 0) return '<none>';
  const max = 2;
  const shown = specs.slice(0, max).map((spec, i) => formatMetric(spec, statuses[i]));
  return specs.length > max ? `${shown.join(', ')} + ${specs.length - max} more...` : shown.join(', ');
}

/**
 * The autoscaling/v2 view of an HPA. autoscaling/v1 objects name one CPU target instead of a metric
 * list; upstream converts that to a Resource metric before printing, and so does this.
 */
export function hpaV2(obj: KubeObject): HorizontalPodAutoscaler {
  if (obj.apiVersion !== 'autoscaling/v1') return typed<HorizontalPodAutoscaler>(obj);
  const v1 = typed<HpaV1>(obj);
  const target = v1.spec?.targetCPUUtilizationPercentage;
  const current = v1.status?.currentCPUUtilizationPercentage;
  return {
    metadata: v1.metadata,
    spec: {
      scaleTargetRef: v1.spec?.scaleTargetRef ?? { kind: '', name: '' },
      minReplicas: v1.spec?.minReplicas,
      maxReplicas: v1.spec?.maxReplicas ?? 0,
      metrics:
        target == null
          ? []
          : [
              {
                type: 'Resource',
                resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: target } },
              },
            ],
    },
    status: {
      currentReplicas: v1.status?.currentReplicas,
      desiredReplicas: v1.status?.desiredReplicas ?? 0,
      currentMetrics:
        current == null
          ? []
          : [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: current } } }],
    },
  };
}

/** autoscaling/v2 and v1 HorizontalPodAutoscaler: Name, Reference, Targets, MinPods, MaxPods, Replicas, Age. */
export const hpaPrinter = printer<HorizontalPodAutoscaler>(
  [
    nameColumn,
    column(
      'Reference',
      'string',
      fieldDocs['autoscaling/v2beta1.HorizontalPodAutoscalerSpec.scaleTargetRef'],
    ),
    column('Targets', 'string', fieldDocs['autoscaling/v2beta1.HorizontalPodAutoscalerSpec.metrics']),
    column('MinPods', 'string', fieldDocs['autoscaling/v2beta1.HorizontalPodAutoscalerSpec.minReplicas']),
    column('MaxPods', 'string', fieldDocs['autoscaling/v2beta1.HorizontalPodAutoscalerSpec.maxReplicas']),
    column(
      'Replicas',
      'string',
      fieldDocs['autoscaling/v2beta1.HorizontalPodAutoscalerStatus.currentReplicas'],
    ),
    ageColumn,
  ],
  (hpa, now) => {
    const ref = hpa.spec?.scaleTargetRef;
    const min = hpa.spec?.minReplicas;
    return [
      nameOf(hpa),
      `${ref?.kind ?? ''}/${ref?.name ?? ''}`,
      hpaTargets(hpa.spec?.metrics ?? [], hpa.status?.currentMetrics ?? []),
      min == null ? '<unset>' : String(min),
      hpa.spec?.maxReplicas ?? 0,
      hpa.status?.currentReplicas ?? 0,
      ageOf(hpa, now),
    ];
  },
  hpaV2,
);

/** autoscaling/v1 Scale: Name (without the name format, as upstream), Desired, Available, Age. */
export const scalePrinter = printer<Scale>(
  [
    column('Name', 'string', fieldDocs['meta/v1.ObjectMeta.name']),
    column('Desired', 'integer', fieldDocs['autoscaling/v1.ScaleSpec.replicas']),
    column('Available', 'integer', fieldDocs['autoscaling/v1.ScaleStatus.replicas']),
    ageColumn,
  ],
  (s, now) => [nameOf(s), s.spec?.replicas ?? 0, s.status?.replicas ?? 0, ageOf(s, now)],
);
