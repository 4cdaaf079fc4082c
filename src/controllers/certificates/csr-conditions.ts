// Reading a CertificateSigningRequest's state from its conditions (upstream's certificates
// controller helpers).
import type {
  CertificateSigningRequest,
  CertificateSigningRequestCondition,
} from 'kubernetes-types/certificates/v1.js';

/** Whether the request carries an Approved and/or a Denied condition. */
export function approvalState(csr: CertificateSigningRequest): { approved: boolean; denied: boolean } {
  const types = new Set((csr.status?.conditions ?? []).map((c) => c.type));
  return { approved: types.has('Approved'), denied: types.has('Denied') };
}

/** Approved and not denied: what a signer waits for (IsCertificateRequestApproved). */
export function isApproved(csr: CertificateSigningRequest): boolean {
  const { approved, denied } = approvalState(csr);
  return approved && !denied;
}

/** Whether a condition of `type` has status True. */
export function hasTrueCondition(csr: CertificateSigningRequest, type: string): boolean {
  return (csr.status?.conditions ?? []).some((c) => c.type === type && c.status === 'True');
}

/** Whether a certificate was issued. */
export function isIssued(csr: CertificateSigningRequest): boolean {
  return (csr.status?.certificate ?? '') !== '';
}

/** A copy of `csr` with `condition` appended. */
export function withCondition(
  csr: CertificateSigningRequest,
  condition: CertificateSigningRequestCondition,
): CertificateSigningRequest {
  const copy = structuredClone(csr);
  copy.status = { ...copy.status, conditions: [...(copy.status?.conditions ?? []), condition] };
  return copy;
}
