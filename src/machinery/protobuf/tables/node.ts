// Field tables built from the published protobuf tags (generated.proto) and JSON names
// (types.go json tags) of upstream 1.32; format: ../schema.ts. Fields are in struct order, which
// is the order upstream's JSON prints them in.
import type { MessagePackage } from '../schema.js';

/** node.k8s.io/v1 (k8s.io/api/node/v1). */
export const nodeV1: MessagePackage = {
  id: 'nodev1',
  apiVersion: 'node.k8s.io/v1',
  kinds: ['RuntimeClass'],
  messages: {
    RuntimeClass: '1:metadata:metav1.ObjectMeta 2:handler! 3:overhead:Overhead 4:scheduling:Scheduling',
    Overhead: '1:podFixed:quantity{}',
    Scheduling: '1:nodeSelector{} 2:tolerations:corev1.Toleration[]',
  },
};
