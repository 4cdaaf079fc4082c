// Field tables built from the published protobuf tags (generated.proto) and JSON names
// (types.go json tags) of upstream 1.32; format: ../schema.ts. Fields are in struct order, which
// is the order upstream's JSON prints them in.
import type { MessagePackage } from '../schema.js';

/** apps/v1 (k8s.io/api/apps/v1). */
export const appsV1: MessagePackage = {
  id: 'appsv1',
  apiVersion: 'apps/v1',
  kinds: ['ControllerRevision', 'DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet'],
  messages: {
    ControllerRevision: '1:metadata:metav1.ObjectMeta 2:data:raw 3:revision:int64!',
    DaemonSet: '1:metadata:metav1.ObjectMeta 2:spec:DaemonSetSpec 3:status:DaemonSetStatus',
    DaemonSetSpec: `1:selector:metav1.LabelSelector 2:template:corev1.PodTemplateSpec
      3:updateStrategy:DaemonSetUpdateStrategy 4:minReadySeconds:int32 6:revisionHistoryLimit:int32!`,
    DaemonSetUpdateStrategy: '1:type 2:rollingUpdate:RollingUpdateDaemonSet',
    RollingUpdateDaemonSet: '1:maxUnavailable:intstr 2:maxSurge:intstr',
    DaemonSetStatus: `1:currentNumberScheduled:int32! 2:numberMisscheduled:int32!
      3:desiredNumberScheduled:int32! 4:numberReady:int32! 5:observedGeneration:int64
      6:updatedNumberScheduled:int32 7:numberAvailable:int32 8:numberUnavailable:int32
      9:collisionCount:int32! 10:conditions:DaemonSetCondition[]`,
    DaemonSetCondition: '1:type! 2:status! 3:lastTransitionTime:time 4:reason 5:message',
    Deployment: '1:metadata:metav1.ObjectMeta 2:spec:DeploymentSpec 3:status:DeploymentStatus',
    DeploymentSpec: `1:replicas:int32! 2:selector:metav1.LabelSelector 3:template:corev1.PodTemplateSpec
      4:strategy:DeploymentStrategy 5:minReadySeconds:int32 6:revisionHistoryLimit:int32! 7:paused:bool
      9:progressDeadlineSeconds:int32!`,
    DeploymentStrategy: '1:type 2:rollingUpdate:RollingUpdateDeployment',
    RollingUpdateDeployment: '1:maxUnavailable:intstr 2:maxSurge:intstr',
    DeploymentStatus: `1:observedGeneration:int64 2:replicas:int32 3:updatedReplicas:int32
      7:readyReplicas:int32 4:availableReplicas:int32 5:unavailableReplicas:int32
      6:conditions:DeploymentCondition[] 8:collisionCount:int32!`,
    DeploymentCondition:
      '1:type! 2:status! 6:lastUpdateTime:time 7:lastTransitionTime:time 4:reason 5:message',
    ReplicaSet: '1:metadata:metav1.ObjectMeta 2:spec:ReplicaSetSpec 3:status:ReplicaSetStatus',
    ReplicaSetSpec: `1:replicas:int32! 4:minReadySeconds:int32 2:selector:metav1.LabelSelector
      3:template:corev1.PodTemplateSpec`,
    ReplicaSetStatus: `1:replicas:int32! 2:fullyLabeledReplicas:int32 4:readyReplicas:int32
      5:availableReplicas:int32 3:observedGeneration:int64 6:conditions:ReplicaSetCondition[]`,
    ReplicaSetCondition: '1:type! 2:status! 3:lastTransitionTime:time 4:reason 5:message',
    StatefulSet: '1:metadata:metav1.ObjectMeta 2:spec:StatefulSetSpec 3:status:StatefulSetStatus',
    StatefulSetSpec: `1:replicas:int32! 2:selector:metav1.LabelSelector 3:template:corev1.PodTemplateSpec
      4:volumeClaimTemplates:corev1.PersistentVolumeClaim[] 5:serviceName! 6:podManagementPolicy
      7:updateStrategy:StatefulSetUpdateStrategy 8:revisionHistoryLimit:int32! 9:minReadySeconds:int32
      10:persistentVolumeClaimRetentionPolicy:StatefulSetPersistentVolumeClaimRetentionPolicy
      11:ordinals:StatefulSetOrdinals`,
    StatefulSetUpdateStrategy: '1:type 2:rollingUpdate:RollingUpdateStatefulSetStrategy',
    RollingUpdateStatefulSetStrategy: '1:partition:int32! 2:maxUnavailable:intstr',
    StatefulSetPersistentVolumeClaimRetentionPolicy: '1:whenDeleted 2:whenScaled',
    StatefulSetOrdinals: '1:start:int32!',
    StatefulSetStatus: `1:observedGeneration:int64 2:replicas:int32! 3:readyReplicas:int32
      4:currentReplicas:int32 5:updatedReplicas:int32 6:currentRevision 7:updateRevision
      9:collisionCount:int32! 10:conditions:StatefulSetCondition[] 11:availableReplicas:int32!`,
    StatefulSetCondition: '1:type! 2:status! 3:lastTransitionTime:time 4:reason 5:message',
  },
};
