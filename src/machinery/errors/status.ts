// The metav1.Status object: the body of every API error and of some successes. Field order and the
// omission of empty fields follow Go's JSON encoding of the upstream struct (every field but
// metadata is `omitempty`), so our responses are byte-for-byte what kubectl is used to.

/** metav1.StatusReason values (the machine-readable reason of a failure). */
export type StatusReason =
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Gone'
  | 'Invalid'
  | 'ServerTimeout'
  | 'StorageReadError'
  | 'Timeout'
  | 'TooManyRequests'
  | 'BadRequest'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'RequestEntityTooLarge'
  | 'UnsupportedMediaType'
  | 'InternalError'
  | 'Expired'
  | 'ServiceUnavailable';

/** metav1.CauseType values (`causes[].reason`). */
export type CauseType =
  | 'FieldValueNotFound'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'InternalError'
  | 'FieldValueTypeInvalid'
  | 'UnexpectedServerResponse'
  | 'FieldManagerConflict'
  | 'ResourceVersionTooLarge';

/** metav1.StatusCause: one reason a request failed (`reason` is the cause type). */
export interface StatusCause {
  reason?: CauseType | (string & {});
  message?: string;
  field?: string;
}

/** metav1.StatusDetails: which object the status is about, plus causes and a retry hint. */
export interface StatusDetails {
  name?: string;
  group?: string;
  /** The resource plural for most reasons, the Kind for Invalid. */
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** metav1.ListMeta as it appears in a Status (continue is set on an expired paged list). */
export interface StatusListMeta {
  selfLink?: string;
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
}

/** The metav1.Status object exactly as it goes on the wire. */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: StatusListMeta;
  status?: 'Success' | 'Failure';
  message?: string;
  reason?: StatusReason | (string & {});
  details?: StatusDetails;
  code?: number;
}

/** What a Status is built from; empty strings and zeros are dropped as Go's omitempty does. */
export interface StatusInit {
  status?: 'Success' | 'Failure';
  message?: string;
  reason?: StatusReason | (string & {});
  details?: StatusDetails;
  code?: number;
  metadata?: StatusListMeta;
}

function compactCause(c: StatusCause): StatusCause {
  const out: StatusCause = {};
  if (c.reason) out.reason = c.reason;
  if (c.message) out.message = c.message;
  if (c.field) out.field = c.field;
  return out;
}

/** StatusDetails with empty fields dropped and keys in upstream's JSON order. */
export function compactDetails(d: StatusDetails): StatusDetails {
  const out: StatusDetails = {};
  if (d.name) out.name = d.name;
  if (d.group) out.group = d.group;
  if (d.kind) out.kind = d.kind;
  if (d.uid) out.uid = d.uid;
  if (d.causes && d.causes.length > 0) out.causes = d.causes.map(compactCause);
  if (d.retryAfterSeconds) out.retryAfterSeconds = d.retryAfterSeconds;
  return out;
}

/**
 * Builds a Status in upstream's key order, omitting empty fields; `details` stays (possibly `{}`)
 * whenever given, because upstream's pointer field is present even when all its fields are empty.
 */
export function makeStatus(init: StatusInit): Status {
  const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: { ...(init.metadata ?? {}) } };
  if (init.status) s.status = init.status;
  if (init.message) s.message = init.message;
  if (init.reason) s.reason = init.reason;
  if (init.details) s.details = compactDetails(init.details);
  if (init.code) s.code = init.code;
  return s;
}

/** The Success status a DELETE returns when the object is gone at once (no `code`, as upstream). */
export function successStatus(details?: StatusDetails): Status {
  return makeStatus({ status: 'Success', ...(details ? { details } : {}) });
}
