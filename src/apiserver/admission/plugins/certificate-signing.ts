// Upstream's CertificateSigning: a status write that changes the certificate or the conditions
// needs the `sign` verb on the request's signer.
import { deepEqual } from '../../../base/deep-equal.js';
import { goQuote } from '../../../api/validation/go-quote.js';
import type { Authorizer } from '../../auth/rbac/authorizer.js';
import type { AdmissionPlugin } from '../admission-chain.js';
import { admissionForbidden } from './admission-forbidden.js';
import { isAuthorizedForSignerName, isCertificateSigningRequest } from './signer-authorization.js';

interface CsrView {
  spec?: { signerName?: string };
  status?: { certificate?: string; conditions?: unknown[] };
}

/** The CertificateSigning plugin (validating). */
export function certificateSigning(options: { readonly authorizer: Authorizer }): AdmissionPlugin {
  return {
    name: 'CertificateSigning',
    async validate(attrs, object, old) {
      if (attrs.operation !== 'UPDATE' || attrs.subresource !== 'status') return;
      if (!isCertificateSigningRequest(attrs.resource.type)) return;
      const next = object as CsrView;
      const before = (old ?? {}) as CsrView;
      const sameCertificate = (next.status?.certificate ?? '') === (before.status?.certificate ?? '');
      if (sameCertificate && deepEqual(next.status?.conditions ?? [], before.status?.conditions ?? []))
        return;
      const signerName = before.spec?.signerName ?? '';
      if (!isAuthorizedForSignerName(options.authorizer, attrs.areq.user, 'sign', signerName)) {
        throw admissionForbidden(
          attrs,
          object,
          `user not permitted to sign requests with signerName ${goQuote(signerName)}`,
        );
      }
    },
  };
}
