import type { Status } from '../machinery/errors/index.js';
import { genericServerResponse, StatusError } from '../machinery/errors/index.js';
import { ResourceExpiredError } from './resource-expired-error.js';

/** True when `v` looks like a metav1.Status object. */
export function isStatus(v: unknown): v is Status {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'Status';
}

/** The typed error for a decoded Status (410s become ResourceExpiredError); `code` fills a missing code. */
export function statusErrorFromStatus(status: Status, code?: number): StatusError {
  const full: Status = status.code === undefined && code !== undefined ? { ...status, code } : status;
  return full.code === 410 ? new ResourceExpiredError(full) : new StatusError(full);
}

/**
 * Decodes an error response as client-go does: a Status body is taken as is, anything else becomes
 * upstream's generic "the server ... did not return more information" error for the HTTP code.
 */
export function statusErrorFromResponse(code: number, body: string, verb: string): StatusError {
  let decoded: unknown;
  try {
    decoded = body === '' ? undefined : JSON.parse(body);
  } catch {
    decoded = undefined;
  }
  if (isStatus(decoded)) return statusErrorFromStatus(decoded, code);
  const err = genericServerResponse({ code, verb, serverMessage: body.trim() });
  return code === 410 ? new ResourceExpiredError(err.status) : err;
}
