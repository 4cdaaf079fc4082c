// Constructors for every Status error the API returns, with upstream's exact messages, codes,
// reasons and details (k8s.io/apimachinery/pkg/api/errors, the apiserver's negotiation and storage
// errors, Kubernetes 1.32). Clients match on these strings and fields, so none is paraphrased.

import { qualifiedResource } from '../../api/scheme/resource-type.js';
import { aggregateFieldErrors, fieldErrorBody, type FieldError } from '../../api/validation/field-error.js';
import { goQuote } from '../../api/validation/go-quote.js';
import { makeStatus, type StatusCause, type StatusReason } from './status.js';
import { StatusError } from './status-error.js';

/** A group and resource plural ("" group for core), as upstream's schema.GroupResource. */
export interface GroupResource {
  readonly group: string;
  readonly resource: string;
}

/** A group and Kind ("" group for core), as upstream's schema.GroupKind. */
export interface GroupKind {
  readonly group: string;
  readonly kind: string;
}

/** The message of a Conflict on a write whose resourceVersion is stale (registry's OptimisticLockErrorMsg). */
export const OPTIMISTIC_LOCK_ERROR_MESSAGE =
  'the object has been modified; please apply your changes to the latest version and try again';

/** Expired message of a non-paged LIST at a compacted resourceVersion. */
export const LIST_EXPIRED_MESSAGE = 'The resourceVersion for the provided list is too old.';

/** Expired message of a WATCH from a compacted resourceVersion (read from storage). */
export const WATCH_EXPIRED_MESSAGE = 'The resourceVersion for the provided watch is too old.';

/** Expired message of a continue token that can no longer be served (no replacement token). */
export const CONTINUE_EXPIRED_MESSAGE =
  'The provided continue parameter is too old to display a consistent list result. ' +
  'You can start a new list without the continue parameter.';

/** Expired message of a continue token when the Status carries a token to continue inconsistently. */
export const INCONSISTENT_CONTINUE_MESSAGE =
  'The provided continue parameter is too old to display a consistent list result. ' +
  'You can start a new list without the continue parameter, or use the continue token in this ' +
  'response to retrieve the remainder of the results. Continuing with the provided token results ' +
  'in an inconsistent list - objects that were created, modified, or deleted between the time the ' +
  'first chunk was returned and now may show up in the list.';

function textOf(err: Error | string): string {
  return typeof err === 'string' ? err : err.message;
}

function groupKindString(gk: GroupKind): string {
  return gk.group === '' ? gk.kind : `${gk.kind}.${gk.group}`;
}

function failure(
  code: number,
  reason: StatusReason | '',
  message: string,
  details?: Parameters<typeof makeStatus>[0]['details'],
): StatusError {
  return new StatusError(
    makeStatus({
      status: 'Failure',
      code,
      ...(reason ? { reason } : {}),
      message,
      ...(details ? { details } : {}),
    }),
  );
}

/** 404 NotFound: `<qr> "<name>" not found`; details name, group, kind = resource. */
export function notFound(qr: GroupResource, name: string): StatusError {
  return failure(404, 'NotFound', `${qualifiedResource(qr)} ${goQuote(name)} not found`, {
    name,
    group: qr.group,
    kind: qr.resource,
  });
}

/** 409 AlreadyExists: `<qr> "<name>" already exists`. */
export function alreadyExists(qr: GroupResource, name: string): StatusError {
  return failure(409, 'AlreadyExists', `${qualifiedResource(qr)} ${goQuote(name)} already exists`, {
    name,
    group: qr.group,
    kind: qr.resource,
  });
}

/** 409 AlreadyExists when generateName could not find a free name (with a retry hint). */
export function generateNameConflict(
  qr: GroupResource,
  name: string,
  retryAfterSeconds: number,
): StatusError {
  return failure(
    409,
    'AlreadyExists',
    `${qualifiedResource(qr)} ${goQuote(name)} already exists, the server was not able to generate a unique name for the object`,
    { name, group: qr.group, kind: qr.resource, retryAfterSeconds },
  );
}

/** 401 Unauthorized with the given message ("not authorized" when empty, as upstream). */
export function unauthorized(message = ''): StatusError {
  return failure(401, 'Unauthorized', message === '' ? 'not authorized' : message);
}

/**
 * 403 Forbidden: `<qr> "<name>" is forbidden: <reason>`, `<qr> is forbidden: <reason>` without a
 * name, `forbidden: <reason>` without a resource.
 */
export function forbidden(qr: GroupResource, name: string, reason: Error | string): StatusError {
  const why = textOf(reason);
  let message: string;
  if (qr.group === '' && qr.resource === '') message = `forbidden: ${why}`;
  else if (name === '') message = `${qualifiedResource(qr)} is forbidden: ${why}`;
  else message = `${qualifiedResource(qr)} ${goQuote(name)} is forbidden: ${why}`;
  return failure(403, 'Forbidden', message, { name, group: qr.group, kind: qr.resource });
}

/**
 * 409 Conflict: `Operation cannot be fulfilled on <qr> "<name>": <cause>`; pass
 * OPTIMISTIC_LOCK_ERROR_MESSAGE as the cause for a stale resourceVersion.
 */
export function conflict(qr: GroupResource, name: string, cause: Error | string): StatusError {
  return failure(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(qr)} ${goQuote(name)}: ${textOf(cause)}`,
    { name, group: qr.group, kind: qr.resource },
  );
}

/** 409 Conflict of a server-side apply, with FieldManagerConflict causes and the caller's message. */
export function applyConflict(causes: readonly StatusCause[], message: string): StatusError {
  return failure(409, 'Conflict', message, { causes: [...causes] });
}

/** 410 Gone with the given message (deprecated upstream in favour of resourceExpired). */
export function gone(message: string): StatusError {
  return failure(410, 'Gone', message);
}

/**
 * 410 Expired: the requested content is no longer available (old resourceVersion, stale continue
 * token); `continueToken` goes to metadata.continue, as upstream does for INCONSISTENT_CONTINUE_MESSAGE.
 */
export function resourceExpired(message: string, options: { continueToken?: string } = {}): StatusError {
  const err = failure(410, 'Expired', message);
  if (options.continueToken) err.status.metadata.continue = options.continueToken;
  return err;
}

/** 410 Expired of the watch cache: `too old resource version: <requested> (<oldest available>)`. */
export function tooOldResourceVersion(requested: number | bigint, oldest: number | bigint): StatusError {
  return resourceExpired(`too old resource version: ${requested} (${oldest})`);
}

/**
 * 422 Invalid: `<Kind>[.group] "<name>" is invalid: <errors>` (one error bare, several in
 * brackets, no suffix when none); details carry the Kind (not the resource) and one cause per error.
 */
export function invalid(gk: GroupKind, name: string, errors: readonly FieldError[]): StatusError {
  const aggregated = aggregateFieldErrors(errors);
  const head = `${groupKindString(gk)} ${goQuote(name)} is invalid`;
  return failure(422, 'Invalid', aggregated === '' ? head : `${head}: ${aggregated}`, {
    name,
    group: gk.group,
    kind: gk.kind,
    causes: errors.map((e) => ({ reason: e.type, message: fieldErrorBody(e), field: e.field })),
  });
}

/** 400 BadRequest with the given message. */
export function badRequest(message: string): StatusError {
  return failure(400, 'BadRequest', message);
}

/** 429 TooManyRequests with the given message and retry hint (as eviction's PDB refusal). */
export function tooManyRequests(message: string, retryAfterSeconds: number): StatusError {
  return failure(429, 'TooManyRequests', message, { retryAfterSeconds });
}

/** 429 TooManyRequests of the rate limiter: `Too many requests: <message>`, no details. */
export function tooManyRequestsError(message: string): StatusError {
  return failure(429, 'TooManyRequests', `Too many requests: ${message}`);
}

/** 503 ServiceUnavailable with the given message. */
export function serviceUnavailable(message: string): StatusError {
  return failure(503, 'ServiceUnavailable', message);
}

/** 405 MethodNotAllowed: `<verb> is not supported on resources of kind "<qr>"`. */
export function methodNotSupported(qr: GroupResource, action: string): StatusError {
  return failure(
    405,
    'MethodNotAllowed',
    `${action} is not supported on resources of kind ${goQuote(qualifiedResource(qr))}`,
    { group: qr.group, kind: qr.resource },
  );
}

/**
 * 500 ServerTimeout (upstream really uses 500 here): `The <op> operation against <qr> could not be
 * completed at this time, please try again.`
 */
export function serverTimeout(qr: GroupResource, operation: string, retryAfterSeconds: number): StatusError {
  return failure(
    500,
    'ServerTimeout',
    `The ${operation} operation against ${qualifiedResource(qr)} could not be completed at this time, please try again.`,
    { name: operation, group: qr.group, kind: qr.resource, retryAfterSeconds },
  );
}

/** 500 InternalError: `Internal error occurred: <message>`, the message also as the one cause. */
export function internalError(err: Error | string): StatusError {
  const text = textOf(err);
  return failure(500, 'InternalError', `Internal error occurred: ${text}`, { causes: [{ message: text }] });
}

/** 504 Timeout: `Timeout: <message>` with a retry hint. */
export function timeout(message: string, retryAfterSeconds: number): StatusError {
  return failure(504, 'Timeout', `Timeout: ${message}`, { retryAfterSeconds });
}

/**
 * 504 Timeout for a read at a resourceVersion the server has not reached:
 * `Timeout: Too large resource version: <requested>, current: <current>`, cause ResourceVersionTooLarge.
 */
export function tooLargeResourceVersion(
  requested: number | bigint,
  current: number | bigint,
  retryAfterSeconds = 1,
): StatusError {
  return failure(504, 'Timeout', `Timeout: Too large resource version: ${requested}, current: ${current}`, {
    causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
    retryAfterSeconds,
  });
}

/** 413 RequestEntityTooLarge: `Request entity too large: <message>`. */
export function requestEntityTooLarge(message: string): StatusError {
  return failure(413, 'RequestEntityTooLarge', `Request entity too large: ${message}`);
}

/** 406 NotAcceptable: `only the following media types are accepted: <a, b>`. */
export function notAcceptable(accepted: readonly string[]): StatusError {
  return failure(406, 'NotAcceptable', `only the following media types are accepted: ${accepted.join(', ')}`);
}

/** 406 NotAcceptable for a conversion (Table as protobuf): `... when converting to <target>: <a, b>`. */
export function notAcceptableConversion(target: string, accepted: readonly string[]): StatusError {
  return failure(
    406,
    'NotAcceptable',
    `only the following media types are accepted when converting to ${target}: ${accepted.join(', ')}`,
  );
}

/**
 * 415 UnsupportedMediaType:
 * `the body of the request was in an unknown format - accepted media types include: <a, b>`.
 */
export function unsupportedMediaType(accepted: readonly string[]): StatusError {
  return failure(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
  );
}

const genericReasons: ReadonlyMap<number, [StatusReason, string]> = new Map([
  [400, ['BadRequest', 'the server rejected our request for an unknown reason']],
  [401, ['Unauthorized', 'the server has asked for the client to provide credentials']],
  [404, ['NotFound', 'the server could not find the requested resource']],
  [405, ['MethodNotAllowed', 'the server does not allow this method on the requested resource']],
  [422, ['Invalid', 'the server rejected our request due to an error in our request']],
  [429, ['TooManyRequests', 'the server has received too many requests and has asked us to try again later']],
  [503, ['ServiceUnavailable', 'the server is currently unable to handle the request']],
  [
    504,
    [
      'Timeout',
      'the server was unable to return a response in the time allotted, but may still be processing the request',
    ],
  ],
]);

/** Inputs of genericServerResponse; everything but `code` is optional. */
export interface GenericServerResponseInit {
  code: number;
  verb?: string;
  qualifiedResource?: GroupResource;
  name?: string;
  serverMessage?: string;
  retryAfterSeconds?: number;
  unexpectedResponse?: boolean;
}

/**
 * Upstream's NewGenericServerResponse: a Status with a canned message per code. The apiserver uses
 * it for a failed JSON patch (422, "the server rejected our request due to an error in our request").
 */
export function genericServerResponse(init: GenericServerResponseInit): StatusError {
  const { code, verb = '', name = '', serverMessage = '' } = init;
  const qr = init.qualifiedResource ?? { group: '', resource: '' };
  let reason: StatusReason | '' = '';
  let message = `the server responded with the status code ${code} but did not return more information`;
  const canned = genericReasons.get(code);
  if (canned) [reason, message] = canned;
  else if (code === 409) {
    reason = verb === 'POST' ? 'AlreadyExists' : 'Conflict';
    message = 'the server reported a conflict';
  } else if (code === 403) {
    reason = 'Forbidden';
    message = serverMessage;
  } else if (code === 406) {
    reason = 'NotAcceptable';
    message =
      serverMessage === '' || serverMessage === 'unknown'
        ? 'the server was unable to respond with a content type that the client supports'
        : serverMessage;
  } else if (code === 415) {
    reason = 'UnsupportedMediaType';
    message = serverMessage;
  } else if (code >= 500) {
    reason = 'InternalError';
    message = `an error on the server (${goQuote(serverMessage)}) has prevented the request from succeeding`;
  }
  const hasResource = qr.group !== '' || qr.resource !== '';
  if (hasResource && name !== '')
    message = `${message} (${verb.toLowerCase()} ${qualifiedResource(qr)} ${name})`;
  else if (hasResource) message = `${message} (${verb.toLowerCase()} ${qualifiedResource(qr)})`;
  return failure(code, reason, message, {
    name,
    group: qr.group,
    kind: qr.resource,
    causes: init.unexpectedResponse ? [{ reason: 'UnexpectedServerResponse', message: serverMessage }] : [],
    retryAfterSeconds: init.retryAfterSeconds ?? 0,
  });
}
