// Upstream's ValidateSignerName (core validation, shared by CertificateSigningRequests and
// ClusterTrustBundles): "<domain>/<path>", the domain of DNS labels with at least one dot, the
// path of DNS subdomains, at most 571 bytes in all.
import { type FieldError, fieldInvalid, fieldRequired, fieldTooLong } from './field-error.js';
import type { FieldPath } from './field-path.js';
import { goQuote } from './go-quote.js';
import { isDNS1123Label, isDNS1123Subdomain } from './label-validation.js';

const subdomainMax = 253;
const labelMax = 63;
// A domain, '/', and a path that fits "<namespace>.<name>".
const signerNameMax = subdomainMax + (subdomainMax + labelMax + 1) + 1;

/** Errors in a signerName. */
export function validateSignerName(path: FieldPath, signerName: string): FieldError[] {
  if (signerName === '') return [fieldRequired(path)];
  const segments = signerName.split('/');
  if (segments.length !== 2) {
    return [
      fieldInvalid(
        path,
        signerName,
        "must be a fully qualified domain and path of the form 'example.com/signer-name'",
      ),
    ];
  }
  const [domain = '', signerPath = ''] = segments;
  const errs: FieldError[] = [];
  if (Buffer.byteLength(domain) > subdomainMax) errs.push(fieldTooLong(path, subdomainMax));
  const domainLabels = domain.split('.');
  for (const label of domainLabels) {
    const problems = isDNS1123Label(label);
    if (problems.length === 0) continue;
    // One bad label is enough: the rest would repeat the same complaint.
    for (const p of problems)
      errs.push(fieldInvalid(path, domain, `validating label ${goQuote(label)}: ${p}`));
    break;
  }
  if (domainLabels.length < 2)
    errs.push(fieldInvalid(path, domain, 'should be a domain with at least two segments separated by dots'));
  for (const label of signerPath.split('.')) {
    const problems = isDNS1123Subdomain(label);
    if (problems.length === 0) continue;
    for (const p of problems)
      errs.push(fieldInvalid(path, signerPath, `validating label ${goQuote(label)}: ${p}`));
    break;
  }
  if (Buffer.byteLength(signerName) > signerNameMax) errs.push(fieldTooLong(path, signerNameMax));
  return errs;
}
