import type { MetricSpec } from 'kubernetes-types/autoscaling/v2.js';
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

// autoscaling/v1 never had metrics, but the metrics annotation holds v1 MetricSpec structs: the
// v2beta1 shapes (target* fields, no MetricTarget). Field order and omitempty follow those structs,
// the value mapping follows pkg/apis/autoscaling/v1/conversion.go, including its asymmetries (an
// Object target always gets a value, Pods a zero averageValue when it had none).

interface V1ObjectSource {
  target: V1ObjectReference;
  metricName: string;
  targetValue: string;
  selector?: LabelSelector;
  averageValue?: string;
}
interface V1PodsSource {
  metricName: string;
  targetAverageValue: string;
  selector?: LabelSelector;
}
interface V1ResourceSource {
  name: string;
  targetAverageUtilization?: number;
  targetAverageValue?: string;
}
interface V1ContainerResourceSource extends V1ResourceSource {
  container: string;
}
interface V1ExternalSource {
  metricName: string;
  metricSelector?: LabelSelector;
  targetValue?: string;
  targetAverageValue?: string;
}

/** autoscaling/v1 MetricSpec, the element of the metrics annotation. */
export interface V1MetricSpec {
  type: string;
  object?: V1ObjectSource;
  pods?: V1PodsSource;
  resource?: V1ResourceSource;
  containerResource?: V1ContainerResourceSource;
  external?: V1ExternalSource;
}

const selector: GoType = { ptr: labelSelectorType };
const optionalQuantity: GoType = { ptr: 'quantity' };
const resourceFields = {
  name: 'string',
  targetAverageUtilization: { ptr: 'int32' },
  targetAverageValue: optionalQuantity,
} as const;

/** The Go type of V1MetricSpec. */
export const v1MetricSpecType: GoType = {
  struct: {
    type: 'string',
    object: {
      ptr: {
        struct: {
          target: v1ObjectReferenceType,
          metricName: 'string',
          targetValue: 'quantity',
          selector,
          averageValue: optionalQuantity,
        },
      },
    },
    pods: { ptr: { struct: { metricName: 'string', targetAverageValue: 'quantity', selector } } },
    resource: { ptr: { struct: resourceFields } },
    containerResource: { ptr: { struct: { ...resourceFields, container: 'string' } } },
    external: {
      ptr: {
        struct: {
          metricName: 'string',
          metricSelector: selector,
          targetValue: optionalQuantity,
          targetAverageValue: optionalQuantity,
        },
      },
    },
  },
};

/** A v2 metric as the v1 metrics annotation writes it. */
export function metricSpecToV1(m: MetricSpec): V1MetricSpec {
  const { object, pods, resource, containerResource, external } = m;
  return {
    type: m.type ?? '',
    object: object
      ? {
          target: referenceToV1(object.describedObject),
          metricName: object.metric?.name ?? '',
          targetValue: quantity(object.target?.value) ?? '0',
          selector: goLabelSelector(object.metric?.selector),
          averageValue: quantity(object.target?.averageValue),
        }
      : undefined,
    pods: pods
      ? {
          metricName: pods.metric?.name ?? '',
          targetAverageValue: quantity(pods.target?.averageValue) ?? '0',
          selector: goLabelSelector(pods.metric?.selector),
        }
      : undefined,
    resource: resource
      ? {
          name: resource.name ?? '',
          targetAverageUtilization: resource.target?.averageUtilization ?? undefined,
          targetAverageValue: quantity(resource.target?.averageValue),
        }
      : undefined,
    containerResource: containerResource
      ? {
          name: containerResource.name ?? '',
          targetAverageUtilization: containerResource.target?.averageUtilization ?? undefined,
          targetAverageValue: quantity(containerResource.target?.averageValue),
          container: containerResource.container ?? '',
        }
      : undefined,
    external: external
      ? {
          metricName: external.metric?.name ?? '',
          metricSelector: goLabelSelector(external.metric?.selector),
          targetValue: quantity(external.target?.value),
          targetAverageValue: quantity(external.target?.averageValue),
        }
      : undefined,
  };
}

function resourceTarget(source: V1ResourceSource) {
  return defined({
    type: source.targetAverageUtilization === undefined ? 'AverageValue' : 'Utilization',
    averageValue: source.targetAverageValue,
    averageUtilization: source.targetAverageUtilization,
  });
}

/** A decoded v1 metrics-annotation entry as the v2 metric it stands for. */
export function metricSpecFromV1(m: V1MetricSpec): MetricSpec {
  const { object, pods, resource, containerResource, external } = m;
  return defined({
    type: m.type,
    object: object && {
      describedObject: referenceFromV1(object.target),
      target: defined({
        type: object.averageValue === undefined ? 'Value' : 'AverageValue',
        value: object.targetValue,
        averageValue: object.averageValue,
      }),
      metric: identifier(object.metricName, object.selector),
    },
    pods: pods && {
      metric: identifier(pods.metricName, pods.selector),
      target: { type: 'AverageValue', averageValue: pods.targetAverageValue },
    },
    resource: resource && { name: resource.name, target: resourceTarget(resource) },
    containerResource: containerResource && {
      name: containerResource.name,
      target: resourceTarget(containerResource),
      container: containerResource.container,
    },
    external: external && {
      metric: identifier(external.metricName, external.metricSelector),
      target: defined({
        type: external.targetValue === undefined ? 'AverageValue' : 'Value',
        value: external.targetValue,
        averageValue: external.targetAverageValue,
      }),
    },
  });
}
