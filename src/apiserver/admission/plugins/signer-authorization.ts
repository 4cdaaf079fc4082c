// Upstream's IsAuthorizedForSignerName: permission to approve or sign requests for a signer is the
// verb on the synthetic certificates.k8s.io "signers" resource named by the signer, or by
// "<domain>/*" for every signer of that domain.
import type { Authorizer } from '../../auth/rbac/authorizer.js';
import type { UserInfo } from '../../http/api-request.js';

/** Whether `user` may `verb` ("approve", "sign") requests for `signerName`. */
export function isAuthorizedForSignerName(
  authorizer: Authorizer,
  user: UserInfo,
  verb: string,
  signerName: string,
): boolean {
  const allowed = (name: string) =>
    authorizer.authorize({
      user,
      verb,
      apiGroup: 'certificates.k8s.io',
      apiVersion: '*',
      resource: 'signers',
      subresource: '',
      name,
      namespace: '',
      path: '',
      isResourceRequest: true,
    }).decision === 'allow';
  const domain = signerName.split('/')[0] ?? '';
  return allowed(signerName) || allowed(`${domain}/*`);
}

/** True when the call targets certificates.k8s.io certificatesigningrequests. */
export function isCertificateSigningRequest(resource: { group: string; resource: string }): boolean {
  return resource.group === 'certificates.k8s.io' && resource.resource === 'certificatesigningrequests';
}
