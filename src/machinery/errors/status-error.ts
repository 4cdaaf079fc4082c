import type { Status, StatusReason } from './status.js';

/**
 * An API failure carrying the metav1.Status the server sends (and a client decodes). The one error
 * family for API outcomes; `message` is the Status message, as upstream's StatusError.Error().
 */
export class StatusError extends Error {
  override readonly name = 'StatusError';
  /** The Status object to write as the response body. */
  readonly status: Status;

  constructor(status: Status, options?: { cause?: unknown }) {
    super(status.message ?? '', options);
    this.status = status;
  }

  /** The HTTP status code (500 when the Status carries none, as the apiserver would answer). */
  get code(): number {
    return this.status.code ?? 500;
  }

  /** The Status reason ('' when unknown). */
  get reason(): StatusReason | (string & {}) {
    return this.status.reason ?? '';
  }

  /** The Status itself, so JSON.stringify(err) yields the wire form. */
  toJSON(): Status {
    return this.status;
  }
}

/** True when `err` is a StatusError, and (if given) its reason is `reason`. */
export function isStatusError(err: unknown, reason?: StatusReason): err is StatusError {
  return err instanceof StatusError && (reason === undefined || err.status.reason === reason);
}

/** The reason of a StatusError, or '' for anything else (upstream's ReasonForError). */
export function reasonForError(err: unknown): StatusReason | (string & {}) {
  return err instanceof StatusError ? err.reason : '';
}
