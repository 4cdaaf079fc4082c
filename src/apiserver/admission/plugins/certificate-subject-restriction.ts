// Upstream's CertificateSubjectRestriction: nobody may ask the kube-apiserver-client signer for a
// system:masters certificate, which would bypass authorization entirely.
import { parseCertificateRequest } from '../../../api/certificates/certificate-request.js';
import { KUBE_APISERVER_CLIENT_SIGNER } from '../../../api/certificates/signer-names.js';
import type { AdmissionPlugin } from '../admission-chain.js';
import { admissionForbidden } from './admission-forbidden.js';
import { isCertificateSigningRequest } from './signer-authorization.js';

/** The CertificateSubjectRestriction plugin (validating, creates only). */
export function certificateSubjectRestriction(): AdmissionPlugin {
  return {
    name: 'CertificateSubjectRestriction',
    async validate(attrs, object) {
      if (attrs.operation !== 'CREATE' || attrs.subresource !== '') return;
      if (!isCertificateSigningRequest(attrs.resource.type)) return;
      const spec = (object['spec'] ?? {}) as { signerName?: unknown; request?: unknown };
      if (spec.signerName !== KUBE_APISERVER_CLIENT_SIGNER) return;
      let organizations: readonly string[];
      try {
        const pem = Buffer.from(typeof spec.request === 'string' ? spec.request : '', 'base64');
        organizations = parseCertificateRequest(pem).organizations;
      } catch (err) {
        throw admissionForbidden(attrs, object, `failed to parse CSR: ${(err as Error).message}`);
      }
      if (organizations.includes('system:masters')) {
        throw admissionForbidden(
          attrs,
          object,
          `use of ${KUBE_APISERVER_CLIENT_SIGNER} signer with system:masters group is not allowed`,
        );
      }
    },
  };
}
