// Field tables built from the published protobuf tags (generated.proto) and JSON names
// (types.go json tags) of upstream 1.32; format: ../schema.ts. Fields are in struct order, which
// is the order upstream's JSON prints them in.
import type { MessagePackage } from '../schema.js';

/** authorization.k8s.io/v1 (k8s.io/api/authorization/v1). */
export const authorizationV1: MessagePackage = {
  id: 'authorizationv1',
  apiVersion: 'authorization.k8s.io/v1',
  kinds: [
    'SelfSubjectAccessReview',
    'SelfSubjectRulesReview',
    'SubjectAccessReview',
    'LocalSubjectAccessReview',
  ],
  messages: {
    SelfSubjectAccessReview:
      '1:metadata:metav1.ObjectMeta 2:spec:SelfSubjectAccessReviewSpec 3:status:SubjectAccessReviewStatus',
    SelfSubjectAccessReviewSpec:
      '1:resourceAttributes:ResourceAttributes 2:nonResourceAttributes:NonResourceAttributes',
    ResourceAttributes: `1:namespace 2:verb 3:group 4:version 5:resource 6:subresource 7:name
      8:fieldSelector:FieldSelectorAttributes 9:labelSelector:LabelSelectorAttributes`,
    FieldSelectorAttributes: '1:rawSelector 2:requirements:metav1.FieldSelectorRequirement[]',
    LabelSelectorAttributes: '1:rawSelector 2:requirements:metav1.LabelSelectorRequirement[]',
    NonResourceAttributes: '1:path 2:verb',
    SubjectAccessReviewStatus: '1:allowed:bool! 4:denied:bool 2:reason 3:evaluationError',
    SelfSubjectRulesReview:
      '1:metadata:metav1.ObjectMeta 2:spec:SelfSubjectRulesReviewSpec 3:status:SubjectRulesReviewStatus',
    SelfSubjectRulesReviewSpec: '1:namespace',
    SubjectRulesReviewStatus: `1:resourceRules:ResourceRule[] 2:nonResourceRules:NonResourceRule[]
      3:incomplete:bool! 4:evaluationError`,
    ResourceRule: '1:verbs[] 2:apiGroups[] 3:resources[] 4:resourceNames[]',
    NonResourceRule: '1:verbs[] 2:nonResourceURLs[]',
    SubjectAccessReview:
      '1:metadata:metav1.ObjectMeta 2:spec:SubjectAccessReviewSpec 3:status:SubjectAccessReviewStatus',
    SubjectAccessReviewSpec: `1:resourceAttributes:ResourceAttributes
      2:nonResourceAttributes:NonResourceAttributes 3:user 4:groups[] 5:extra:ExtraValue{} 6:uid`,
    ExtraValue: 'as:items 1:items[]',
    LocalSubjectAccessReview:
      '1:metadata:metav1.ObjectMeta 2:spec:SubjectAccessReviewSpec 3:status:SubjectAccessReviewStatus',
  },
};
