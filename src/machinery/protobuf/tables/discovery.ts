// Field tables built from the published protobuf tags (generated.proto) and JSON names
// (types.go json tags) of upstream 1.32; format: ../schema.ts. Fields are in struct order, which
// is the order upstream's JSON prints them in.
import type { MessagePackage } from '../schema.js';

/** discovery.k8s.io/v1 (k8s.io/api/discovery/v1). */
export const discoveryV1: MessagePackage = {
  id: 'discoveryv1',
  apiVersion: 'discovery.k8s.io/v1',
  kinds: ['EndpointSlice'],
  messages: {
    EndpointSlice:
      '1:metadata:metav1.ObjectMeta 4:addressType! 2:endpoints:Endpoint[] 3:ports:EndpointPort[]',
    Endpoint: `1:addresses[] 2:conditions:EndpointConditions 3:hostname!
      4:targetRef:corev1.ObjectReference 5:deprecatedTopology{} 6:nodeName! 7:zone! 8:hints:EndpointHints`,
    EndpointConditions: '1:ready:bool! 2:serving:bool! 3:terminating:bool!',
    EndpointHints: '1:forZones:ForZone[]',
    ForZone: '1:name!',
    EndpointPort: '1:name! 2:protocol! 3:port:int32! 4:appProtocol!',
  },
};
