// Field tables built from the published protobuf tags (generated.proto) and JSON names
// (types.go json tags) of upstream 1.32; format: ../schema.ts. Fields are in struct order, which
// is the order upstream's JSON prints them in.
import type { MessagePackage } from '../schema.js';

/** certificates.k8s.io/v1 (k8s.io/api/certificates/v1). */
export const certificatesV1: MessagePackage = {
  id: 'certificatesv1',
  apiVersion: 'certificates.k8s.io/v1',
  kinds: ['CertificateSigningRequest'],
  messages: {
    CertificateSigningRequest: `1:metadata:metav1.ObjectMeta 2:spec:CertificateSigningRequestSpec
      3:status:CertificateSigningRequestStatus`,
    CertificateSigningRequestSpec: `1:request:bytes! 7:signerName! 8:expirationSeconds:int32! 5:usages[]
      2:username 3:uid 4:groups[] 6:extra:ExtraValue{}`,
    ExtraValue: 'as:items 1:items[]',
    CertificateSigningRequestStatus: '1:conditions:CertificateSigningRequestCondition[] 2:certificate:bytes',
    CertificateSigningRequestCondition:
      '1:type! 6:status! 2:reason 3:message 4:lastUpdateTime:time 5:lastTransitionTime:time',
  },
};
