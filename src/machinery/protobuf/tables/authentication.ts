// Field tables built from the published protobuf tags (generated.proto) and JSON names
// (types.go json tags) of upstream 1.32; format: ../schema.ts. Fields are in struct order, which
// is the order upstream's JSON prints them in.
import type { MessagePackage } from '../schema.js';

/** authentication.k8s.io/v1 (k8s.io/api/authentication/v1). */
export const authenticationV1: MessagePackage = {
  id: 'authenticationv1',
  apiVersion: 'authentication.k8s.io/v1',
  kinds: ['TokenRequest', 'TokenReview', 'SelfSubjectReview'],
  messages: {
    TokenRequest: '1:metadata:metav1.ObjectMeta 2:spec:TokenRequestSpec 3:status:TokenRequestStatus',
    TokenRequestSpec: '1:audiences[] 4:expirationSeconds:int64! 3:boundObjectRef:BoundObjectReference',
    BoundObjectReference: '1:kind 2:apiVersion 3:name 4:uid',
    TokenRequestStatus: '1:token! 2:expirationTimestamp:time',
    TokenReview: '1:metadata:metav1.ObjectMeta 2:spec:TokenReviewSpec 3:status:TokenReviewStatus',
    TokenReviewSpec: '1:token 2:audiences[]',
    TokenReviewStatus: '1:authenticated:bool 2:user:UserInfo 4:audiences[] 3:error',
    UserInfo: '1:username 2:uid 3:groups[] 4:extra:ExtraValue{}',
    ExtraValue: 'as:items 1:items[]',
    SelfSubjectReview: '1:metadata:metav1.ObjectMeta 2:status:SelfSubjectReviewStatus',
    SelfSubjectReviewStatus: '1:userInfo:UserInfo',
  },
};
