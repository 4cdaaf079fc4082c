import type { MetricStatus } from 'kubernetes-types/autoscaling/v2.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { defined } from './defined.js';
import type { GoType } from './go-json.js';
import { goLabelSelector, labelSelectorType } from './go-label-selector.js';
import {
  identifier,
  quantity,
  referenceFromV1,
  referenceToV1,
  v1ObjectReferenceType,
  type V1ObjectReference,
} from './hpa-v1-metric-common.js';

// The current-metrics annotation holds autoscaling/v1 MetricStatus structs. Their current values
// are plain (non-pointer) quantities, so a value v2 left unset comes back as "0": upstream's
// round trip has the same asymmetry, and the HPA controller always fills those values anyway.

interface V1ObjectStatus {
  target: V1ObjectReference;
  metricName: string;
  currentValue: string;
  selector?: LabelSelector;
  averageValue?: string;
}
interface V1PodsStatus {
  metricName: string;
  currentAverageValue: string;
  selector?: LabelSelector;
}
interface V1ResourceStatus {
  name: string;
  currentAverageUtilization?: number;
  currentAverageValue: string;
}
interface V1ContainerResourceStatus extends V1ResourceStatus {
  container: string;
}
interface V1ExternalStatus {
  metricName: string;
  metricSelector?: LabelSelector;
  currentValue: string;
  currentAverageValue?: string;
}

/** autoscaling/v1 MetricStatus, the element of the current-metrics annotation. */
export interface V1MetricStatus {
  type: string;
  object?: V1ObjectStatus;
  pods?: V1PodsStatus;
  resource?: V1ResourceStatus;
  containerResource?: V1ContainerResourceStatus;
  external?: V1ExternalStatus;
}

const selector: GoType = { ptr: labelSelectorType };
const resourceFields = {
  name: 'string',
  currentAverageUtilization: { ptr: 'int32' },
  currentAverageValue: 'quantity',
} as const;

/** The Go type of V1MetricStatus. */
export const v1MetricStatusType: GoType = {
  struct: {
    type: 'string',
    object: {
      ptr: {
        struct: {
          target: v1ObjectReferenceType,
          metricName: 'string',
          currentValue: 'quantity',
          selector,
          averageValue: { ptr: 'quantity' },
        },
      },
    },
    pods: { ptr: { struct: { metricName: 'string', currentAverageValue: 'quantity', selector } } },
    resource: { ptr: { struct: resourceFields } },
    containerResource: { ptr: { struct: { ...resourceFields, container: 'string' } } },
    external: {
      ptr: {
        struct: {
          metricName: 'string',
          metricSelector: selector,
          currentValue: 'quantity',
          currentAverageValue: { ptr: 'quantity' },
        },
      },
    },
  },
};

/** A v2 metric status as the v1 current-metrics annotation writes it. */
export function metricStatusToV1(m: MetricStatus): V1MetricStatus {
  const { object, pods, resource, containerResource, external } = m;
  return {
    type: m.type ?? '',
    object: object
      ? {
          target: referenceToV1(object.describedObject),
          metricName: object.metric?.name ?? '',
          currentValue: quantity(object.current?.value) ?? '0',
          selector: goLabelSelector(object.metric?.selector),
          averageValue: quantity(object.current?.averageValue),
        }
      : undefined,
    pods: pods
      ? {
          metricName: pods.metric?.name ?? '',
          currentAverageValue: quantity(pods.current?.averageValue) ?? '0',
          selector: goLabelSelector(pods.metric?.selector),
        }
      : undefined,
    resource: resource
      ? {
          name: resource.name ?? '',
          currentAverageUtilization: resource.current?.averageUtilization ?? undefined,
          currentAverageValue: quantity(resource.current?.averageValue) ?? '0',
        }
      : undefined,
    containerResource: containerResource
      ? {
          name: containerResource.name ?? '',
          currentAverageUtilization: containerResource.current?.averageUtilization ?? undefined,
          currentAverageValue: quantity(containerResource.current?.averageValue) ?? '0',
          container: containerResource.container ?? '',
        }
      : undefined,
    external: external
      ? {
          metricName: external.metric?.name ?? '',
          metricSelector: goLabelSelector(external.metric?.selector),
          currentValue: quantity(external.current?.value) ?? '0',
          currentAverageValue: quantity(external.current?.averageValue),
        }
      : undefined,
  };
}

function resourceCurrent(status: V1ResourceStatus) {
  return defined({
    averageValue: status.currentAverageValue,
    averageUtilization: status.currentAverageUtilization,
  });
}

/** A decoded v1 current-metrics entry as the v2 metric status it stands for. */
export function metricStatusFromV1(m: V1MetricStatus): MetricStatus {
  const { object, pods, resource, containerResource, external } = m;
  return defined({
    type: m.type,
    object: object && {
      metric: identifier(object.metricName, object.selector),
      current: defined({ value: object.currentValue, averageValue: object.averageValue }),
      describedObject: referenceFromV1(object.target),
    },
    pods: pods && {
      metric: identifier(pods.metricName, pods.selector),
      current: { averageValue: pods.currentAverageValue },
    },
    resource: resource && { name: resource.name, current: resourceCurrent(resource) },
    containerResource: containerResource && {
      name: containerResource.name,
      current: resourceCurrent(containerResource),
      container: containerResource.container,
    },
    external: external && {
      metric: identifier(external.metricName, external.metricSelector),
      current: defined({ value: external.currentValue, averageValue: external.currentAverageValue }),
    },
  });
}
