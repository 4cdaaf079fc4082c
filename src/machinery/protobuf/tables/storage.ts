// Field tables built from the published protobuf tags (generated.proto) and JSON names
// (types.go json tags) of upstream 1.32; format: ../schema.ts. Fields are in struct order, which
// is the order upstream's JSON prints them in.
import type { MessagePackage } from '../schema.js';

/** storage.k8s.io/v1 (k8s.io/api/storage/v1). */
export const storageV1: MessagePackage = {
  id: 'storagev1',
  apiVersion: 'storage.k8s.io/v1',
  kinds: ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'],
  messages: {
    CSIDriver: '1:metadata:metav1.ObjectMeta 2:spec:CSIDriverSpec',
    CSIDriverSpec: `1:attachRequired:bool! 2:podInfoOnMount:bool! 3:volumeLifecycleModes[]
      4:storageCapacity:bool! 5:fsGroupPolicy! 6:tokenRequests:TokenRequest[] 7:requiresRepublish:bool!
      8:seLinuxMount:bool!`,
    TokenRequest: '1:audience! 2:expirationSeconds:int64!',
    CSINode: '1:metadata:metav1.ObjectMeta 2:spec:CSINodeSpec',
    CSINodeSpec: '1:drivers:CSINodeDriver[]',
    CSINodeDriver: '1:name! 2:nodeID! 3:topologyKeys[] 4:allocatable:VolumeNodeResources',
    VolumeNodeResources: '1:count:int32!',
    StorageClass: `1:metadata:metav1.ObjectMeta 2:provisioner! 3:parameters{} 4:reclaimPolicy!
      5:mountOptions[] 6:allowVolumeExpansion:bool! 7:volumeBindingMode!
      8:allowedTopologies:corev1.TopologySelectorTerm[]`,
    VolumeAttachment:
      '1:metadata:metav1.ObjectMeta 2:spec:VolumeAttachmentSpec 3:status:VolumeAttachmentStatus',
    VolumeAttachmentSpec: '1:attacher! 2:source:VolumeAttachmentSource 3:nodeName!',
    VolumeAttachmentSource: '1:persistentVolumeName! 2:inlineVolumeSpec:corev1.PersistentVolumeSpec',
    VolumeAttachmentStatus:
      '1:attached:bool! 2:attachmentMetadata{} 3:attachError:VolumeError 4:detachError:VolumeError',
    VolumeError: '1:time:time 2:message',
  },
};
