// Field tables built from the published protobuf tags (generated.proto) and JSON names
// (types.go json tags) of upstream 1.32; format: ../schema.ts. Fields are in struct order, which
// is the order upstream's JSON prints them in.
import type { MessagePackage } from '../schema.js';

/** autoscaling/v1 (k8s.io/api/autoscaling/v1). */
export const autoscalingV1: MessagePackage = {
  id: 'autoscalingv1',
  apiVersion: 'autoscaling/v1',
  kinds: ['HorizontalPodAutoscaler', 'Scale'],
  messages: {
    HorizontalPodAutoscaler: `1:metadata:metav1.ObjectMeta 2:spec:HorizontalPodAutoscalerSpec
      3:status:HorizontalPodAutoscalerStatus`,
    HorizontalPodAutoscalerSpec: `1:scaleTargetRef:CrossVersionObjectReference 2:minReplicas:int32!
      3:maxReplicas:int32! 4:targetCPUUtilizationPercentage:int32!`,
    CrossVersionObjectReference: '1:kind! 2:name! 3:apiVersion',
    HorizontalPodAutoscalerStatus: `1:observedGeneration:int64! 2:lastScaleTime:time
      3:currentReplicas:int32! 4:desiredReplicas:int32! 5:currentCPUUtilizationPercentage:int32!`,
    Scale: '1:metadata:metav1.ObjectMeta 2:spec:ScaleSpec 3:status:ScaleStatus',
    ScaleSpec: '1:replicas:int32',
    ScaleStatus: '1:replicas:int32! 2:selector',
  },
};

/** autoscaling/v2 (k8s.io/api/autoscaling/v2). */
export const autoscalingV2: MessagePackage = {
  id: 'autoscalingv2',
  apiVersion: 'autoscaling/v2',
  kinds: ['HorizontalPodAutoscaler'],
  messages: {
    HorizontalPodAutoscaler: `1:metadata:metav1.ObjectMeta 2:spec:HorizontalPodAutoscalerSpec
      3:status:HorizontalPodAutoscalerStatus`,
    HorizontalPodAutoscalerSpec: `1:scaleTargetRef:CrossVersionObjectReference 2:minReplicas:int32!
      3:maxReplicas:int32! 4:metrics:MetricSpec[] 5:behavior:HorizontalPodAutoscalerBehavior`,
    CrossVersionObjectReference: '1:kind! 2:name! 3:apiVersion',
    MetricSpec: `1:type! 2:object:ObjectMetricSource 3:pods:PodsMetricSource
      4:resource:ResourceMetricSource 7:containerResource:ContainerResourceMetricSource
      5:external:ExternalMetricSource`,
    ObjectMetricSource:
      '1:describedObject:CrossVersionObjectReference 2:target:MetricTarget 3:metric:MetricIdentifier',
    MetricTarget: '1:type! 2:value:quantity 3:averageValue:quantity 4:averageUtilization:int32!',
    MetricIdentifier: '1:name! 2:selector:metav1.LabelSelector',
    PodsMetricSource: '1:metric:MetricIdentifier 2:target:MetricTarget',
    ResourceMetricSource: '1:name! 2:target:MetricTarget',
    ContainerResourceMetricSource: '1:name! 2:target:MetricTarget 3:container!',
    ExternalMetricSource: '1:metric:MetricIdentifier 2:target:MetricTarget',
    HorizontalPodAutoscalerBehavior: '1:scaleUp:HPAScalingRules 2:scaleDown:HPAScalingRules',
    HPAScalingRules: '3:stabilizationWindowSeconds:int32! 1:selectPolicy! 2:policies:HPAScalingPolicy[]',
    HPAScalingPolicy: '1:type! 2:value:int32! 3:periodSeconds:int32!',
    HorizontalPodAutoscalerStatus: `1:observedGeneration:int64! 2:lastScaleTime:time
      3:currentReplicas:int32 4:desiredReplicas:int32! 5:currentMetrics:MetricStatus[]
      6:conditions:HorizontalPodAutoscalerCondition[]`,
    MetricStatus: `1:type! 2:object:ObjectMetricStatus 3:pods:PodsMetricStatus
      4:resource:ResourceMetricStatus 7:containerResource:ContainerResourceMetricStatus
      5:external:ExternalMetricStatus`,
    ObjectMetricStatus:
      '1:metric:MetricIdentifier 2:current:MetricValueStatus 3:describedObject:CrossVersionObjectReference',
    MetricValueStatus: '1:value:quantity 2:averageValue:quantity 3:averageUtilization:int32!',
    PodsMetricStatus: '1:metric:MetricIdentifier 2:current:MetricValueStatus',
    ResourceMetricStatus: '1:name! 2:current:MetricValueStatus',
    ContainerResourceMetricStatus: '1:name! 2:current:MetricValueStatus 3:container!',
    ExternalMetricStatus: '1:metric:MetricIdentifier 2:current:MetricValueStatus',
    HorizontalPodAutoscalerCondition: '1:type! 2:status! 3:lastTransitionTime:time 4:reason 5:message',
  },
};
