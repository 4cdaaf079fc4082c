// Field tables built from the published protobuf tags (generated.proto) and JSON names
// (types.go json tags) of upstream 1.32; format: ../schema.ts. Fields are in struct order, which
// is the order upstream's JSON prints them in.
import type { MessagePackage } from '../schema.js';

/** scheduling.k8s.io/v1 (k8s.io/api/scheduling/v1). */
export const schedulingV1: MessagePackage = {
  id: 'schedulingv1',
  apiVersion: 'scheduling.k8s.io/v1',
  kinds: ['PriorityClass'],
  messages: {
    PriorityClass:
      '1:metadata:metav1.ObjectMeta 2:value:int32! 3:globalDefault:bool 4:description 5:preemptionPolicy!',
  },
};
