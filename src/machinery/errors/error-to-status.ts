import { makeStatus, type Status } from './status.js';
import { StatusError } from './status-error.js';

/**
 * The Status to send for any thrown value, as upstream's ErrorToAPIStatus: a StatusError's own
 * Status (Failure and code 500 filled in when missing); anything else becomes a 500 whose message
 * is the error's text and whose reason is empty (StatusReasonUnknown).
 */
export function errorToStatus(err: unknown): Status {
  if (err instanceof StatusError) {
    const s = structuredClone(err.status);
    const outcome = s.status ?? 'Failure';
    // Rebuilt through makeStatus so filled-in fields keep upstream's key order.
    return makeStatus({
      metadata: s.metadata,
      status: outcome,
      ...(s.message !== undefined ? { message: s.message } : {}),
      ...(s.reason !== undefined ? { reason: s.reason } : {}),
      ...(s.details !== undefined ? { details: s.details } : {}),
      code: s.code ? s.code : outcome === 'Success' ? 200 : 500,
    });
  }
  const message = err instanceof Error ? err.message : String(err);
  return makeStatus({ status: 'Failure', message, code: 500 });
}
