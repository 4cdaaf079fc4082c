// Field tables built from the published protobuf tags (generated.proto) and JSON names
// (types.go json tags) of upstream 1.32; format: ../schema.ts. Fields are in struct order, which
// is the order upstream's JSON prints them in.
import type { MessagePackage } from '../schema.js';

/** batch/v1 (k8s.io/api/batch/v1). */
export const batchV1: MessagePackage = {
  id: 'batchv1',
  apiVersion: 'batch/v1',
  kinds: ['CronJob', 'Job'],
  messages: {
    CronJob: '1:metadata:metav1.ObjectMeta 2:spec:CronJobSpec 3:status:CronJobStatus',
    CronJobSpec: `1:schedule! 8:timeZone! 2:startingDeadlineSeconds:int64! 3:concurrencyPolicy
      4:suspend:bool! 5:jobTemplate:JobTemplateSpec 6:successfulJobsHistoryLimit:int32!
      7:failedJobsHistoryLimit:int32!`,
    JobTemplateSpec: '1:metadata:metav1.ObjectMeta 2:spec:JobSpec',
    JobSpec: `1:parallelism:int32! 2:completions:int32! 3:activeDeadlineSeconds:int64!
      11:podFailurePolicy:PodFailurePolicy 16:successPolicy:SuccessPolicy 7:backoffLimit:int32!
      12:backoffLimitPerIndex:int32! 13:maxFailedIndexes:int32! 4:selector:metav1.LabelSelector
      5:manualSelector:bool! 6:template:corev1.PodTemplateSpec 8:ttlSecondsAfterFinished:int32!
      9:completionMode! 10:suspend:bool! 14:podReplacementPolicy! 15:managedBy!`,
    PodFailurePolicy: '1:rules:PodFailurePolicyRule[]',
    PodFailurePolicyRule: `1:action! 2:onExitCodes:PodFailurePolicyOnExitCodesRequirement
      3:onPodConditions:PodFailurePolicyOnPodConditionsPattern[]`,
    PodFailurePolicyOnExitCodesRequirement: '1:containerName! 2:operator! 3:values:int32[]',
    PodFailurePolicyOnPodConditionsPattern: '1:type! 2:status!',
    SuccessPolicy: '1:rules:SuccessPolicyRule[]',
    SuccessPolicyRule: '1:succeededIndexes! 2:succeededCount:int32!',
    CronJobStatus: '1:active:corev1.ObjectReference[] 4:lastScheduleTime:time 5:lastSuccessfulTime:time',
    Job: '1:metadata:metav1.ObjectMeta 2:spec:JobSpec 3:status:JobStatus',
    JobStatus: `1:conditions:JobCondition[] 2:startTime:time 3:completionTime:time 4:active:int32
      5:succeeded:int32 6:failed:int32 11:terminating:int32! 7:completedIndexes 10:failedIndexes!
      8:uncountedTerminatedPods:UncountedTerminatedPods 9:ready:int32!`,
    JobCondition: '1:type! 2:status! 3:lastProbeTime:time 4:lastTransitionTime:time 5:reason 6:message',
    UncountedTerminatedPods: '1:succeeded[] 2:failed[]',
  },
};
