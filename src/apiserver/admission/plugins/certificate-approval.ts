// Upstream's CertificateApproval: writing the approval subresource needs the `approve` verb on
// the request's signer (checked against the stored object, so a signerName change cannot help).
import { goQuote } from '../../../api/validation/go-quote.js';
import type { Authorizer } from '../../auth/rbac/authorizer.js';
import type { AdmissionPlugin } from '../admission-chain.js';
import { admissionForbidden } from './admission-forbidden.js';
import { isAuthorizedForSignerName, isCertificateSigningRequest } from './signer-authorization.js';

/** The CertificateApproval plugin (validating). */
export function certificateApproval(options: { readonly authorizer: Authorizer }): AdmissionPlugin {
  return {
    name: 'CertificateApproval',
    async validate(attrs, object, old) {
      if (attrs.operation !== 'UPDATE' || attrs.subresource !== 'approval') return;
      if (!isCertificateSigningRequest(attrs.resource.type)) return;
      const signerName = String((old?.['spec'] as { signerName?: unknown } | undefined)?.signerName ?? '');
      if (!isAuthorizedForSignerName(options.authorizer, attrs.areq.user, 'approve', signerName)) {
        throw admissionForbidden(
          attrs,
          object,
          `user not permitted to approve requests with signerName ${goQuote(signerName)}`,
        );
      }
    },
  };
}
