import type { GroupVersionResource } from '../../client/index.js';

/** certificates.k8s.io/v1 certificatesigningrequests. */
export const certificateSigningRequestsResource: GroupVersionResource = {
  group: 'certificates.k8s.io',
  version: 'v1',
  resource: 'certificatesigningrequests',
};

/** authorization.k8s.io/v1 subjectaccessreviews (the approver asks them). */
export const subjectAccessReviewsResource: GroupVersionResource = {
  group: 'authorization.k8s.io',
  version: 'v1',
  resource: 'subjectaccessreviews',
};
