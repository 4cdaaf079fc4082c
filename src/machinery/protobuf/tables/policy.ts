// Field tables built from the published protobuf tags (generated.proto) and JSON names
// (types.go json tags) of upstream 1.32; format: ../schema.ts. Fields are in struct order, which
// is the order upstream's JSON prints them in.
import type { MessagePackage } from '../schema.js';

/** policy/v1 (k8s.io/api/policy/v1). */
export const policyV1: MessagePackage = {
  id: 'policyv1',
  apiVersion: 'policy/v1',
  kinds: ['PodDisruptionBudget', 'Eviction'],
  messages: {
    PodDisruptionBudget:
      '1:metadata:metav1.ObjectMeta 2:spec:PodDisruptionBudgetSpec 3:status:PodDisruptionBudgetStatus',
    PodDisruptionBudgetSpec: `1:minAvailable:intstr 2:selector:metav1.LabelSelector
      3:maxUnavailable:intstr 4:unhealthyPodEvictionPolicy!`,
    PodDisruptionBudgetStatus: `1:observedGeneration:int64 2:disruptedPods:time{}
      3:disruptionsAllowed:int32! 4:currentHealthy:int32! 5:desiredHealthy:int32! 6:expectedPods:int32!
      7:conditions:metav1.Condition[]`,
    Eviction: '1:metadata:metav1.ObjectMeta 2:deleteOptions:metav1.DeleteOptions',
  },
};
