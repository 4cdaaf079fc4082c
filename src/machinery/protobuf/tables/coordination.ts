// Field tables built from the published protobuf tags (generated.proto) and JSON names
// (types.go json tags) of upstream 1.32; format: ../schema.ts. Fields are in struct order, which
// is the order upstream's JSON prints them in.
import type { MessagePackage } from '../schema.js';

/** coordination.k8s.io/v1 (k8s.io/api/coordination/v1). */
export const coordinationV1: MessagePackage = {
  id: 'coordinationv1',
  apiVersion: 'coordination.k8s.io/v1',
  kinds: ['Lease'],
  messages: {
    Lease: '1:metadata:metav1.ObjectMeta 2:spec:LeaseSpec',
    LeaseSpec: `1:holderIdentity! 2:leaseDurationSeconds:int32! 3:acquireTime:microtime
      4:renewTime:microtime 5:leaseTransitions:int32! 6:strategy! 7:preferredHolder!`,
  },
};
