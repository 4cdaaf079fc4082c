// When the csrcleaner removes a request (upstream's cleaner criteria): issued or denied or failed
// for an hour, pending for a day, or its certificate expired.
import { X509Certificate } from '@peculiar/x509';
import type { CertificateSigningRequest } from 'kubernetes-types/certificates/v1.js';
import { decodePem } from '../../api/certificates/pem.js';
import { isIssued } from './csr-conditions.js';

const hour = 60 * 60 * 1000;
/** How long an approved request keeps its issued certificate around. */
export const APPROVED_EXPIRATION_MS = hour;
/** How long denied and failed requests stay. */
export const DENIED_EXPIRATION_MS = hour;
/** How long a request nobody acted on stays. */
export const PENDING_EXPIRATION_MS = 24 * hour;

// Upstream's isOlderThan: a set timestamp more than `ms` before now.
function olderThan(timestamp: string | undefined, ms: number, now: number): boolean {
  if (!timestamp) return false;
  const t = Date.parse(timestamp);
  return !Number.isNaN(t) && now - t > ms;
}

// Whether the first certificate of status.certificate has passed its NotAfter; unreadable ones have not.
function certificateExpired(csr: CertificateSigningRequest, now: number): boolean {
  const { block } = decodePem(Buffer.from(csr.status?.certificate ?? '', 'base64'));
  if (block === undefined) return false;
  try {
    return now > new X509Certificate(block.bytes).notAfter.getTime();
  } catch {
    return false;
  }
}

/** Why the request should be deleted at `now` (for the log), or undefined to keep it. */
export function cleanupReason(csr: CertificateSigningRequest, now: number): string | undefined {
  const conditions = csr.status?.conditions ?? [];
  const issued = isIssued(csr);
  for (const c of conditions) {
    if (c.type === 'Approved' && issued && olderThan(c.lastUpdateTime, APPROVED_EXPIRATION_MS, now))
      return 'it is more than approvedExpiration duration old and approved';
  }
  for (const c of conditions) {
    if (c.type === 'Denied' && olderThan(c.lastUpdateTime, DENIED_EXPIRATION_MS, now))
      return 'it is more than deniedExpiration duration old and denied';
  }
  for (const c of conditions) {
    if (c.type === 'Failed' && olderThan(c.lastUpdateTime, DENIED_EXPIRATION_MS, now))
      return 'it is more than deniedExpiration duration old and failed';
  }
  if (conditions.length === 0 && olderThan(csr.metadata?.creationTimestamp, PENDING_EXPIRATION_MS, now))
    return 'it is more than pendingExpiration duration old and unhandled';
  if (issued && conditions.some((c) => c.type === 'Approved') && certificateExpired(csr, now))
    return 'the associated certificate is expired';
  return undefined;
}
