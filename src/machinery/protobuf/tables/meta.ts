// Field tables built from the published protobuf tags (generated.proto) and JSON names
// (types.go json tags) of upstream 1.32; format: ../schema.ts. Fields are in struct order, which
// is the order upstream's JSON prints them in.
import type { MessagePackage } from '../schema.js';

/** meta.k8s.io/v1 (k8s.io/apimachinery/pkg/apis/meta/v1). */
export const metaV1: MessagePackage = {
  id: 'metav1',
  apiVersion: 'meta.k8s.io/v1',
  kinds: ['DeleteOptions', 'CreateOptions', 'UpdateOptions', 'PatchOptions'],
  messages: {
    DeleteOptions: `1:gracePeriodSeconds:int64! 2:preconditions:Preconditions 3:orphanDependents:bool!
      4:propagationPolicy! 5:dryRun[] 6:ignoreStoreReadErrorWithClusterBreakingPotential:bool!`,
    Preconditions: '1:uid! 2:resourceVersion!',
    CreateOptions: '1:dryRun[] 3:fieldManager 4:fieldValidation',
    UpdateOptions: '1:dryRun[] 2:fieldManager 3:fieldValidation',
    PatchOptions: '1:dryRun[] 2:force:bool! 3:fieldManager 4:fieldValidation',
    ObjectMeta: `1:name 2:generateName 3:namespace 4:selfLink 5:uid 6:resourceVersion 7:generation:int64
      8:creationTimestamp:time 9:deletionTimestamp:time 10:deletionGracePeriodSeconds:int64! 11:labels{}
      12:annotations{} 13:ownerReferences:OwnerReference[] 14:finalizers[]
      17:managedFields:ManagedFieldsEntry[]`,
    OwnerReference: '5:apiVersion! 1:kind! 3:name! 4:uid! 6:controller:bool! 7:blockOwnerDeletion:bool!',
    ManagedFieldsEntry:
      '1:manager 2:operation 3:apiVersion 4:time:time 6:fieldsType 7:fieldsV1:raw 8:subresource',
    LabelSelector: '1:matchLabels{} 2:matchExpressions:LabelSelectorRequirement[]',
    LabelSelectorRequirement: '1:key! 2:operator! 3:values[]',
    Condition: '1:type! 2:status! 3:observedGeneration:int64 4:lastTransitionTime:time 5:reason! 6:message!',
    FieldSelectorRequirement: '1:key! 2:operator! 3:values[]',
  },
};
