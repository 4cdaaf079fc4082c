// Why a strategic merge patch failed, and the Status upstream's apiserver answers with. Upstream
// (handlers/patch.go, interpretStrategicMergePatchError) singles out a few of the library's
// sentinel errors: malformed directive lists are a 400 carrying the library's message, lists of
// lists a bare 422 whose message hides the cause. Every other library error (a missing merge key,
// an unknown `$patch` value, ...) reaches the client as a plain error: a 500 with an empty reason
// and the library's message, which kubectl prints as "Error from server: <message>".

import { badRequest, genericServerResponse, makeStatus, StatusError } from '../errors/index.js';

/** The response class of a strategic merge patch failure (see strategicMergePatchErrorToStatus). */
export type StrategicMergePatchErrorKind = 'bad-request' | 'unprocessable' | 'internal';

/** A strategic merge patch that could not be decoded or applied; `message` is upstream's text. */
export class StrategicMergePatchError extends Error {
  override readonly name = 'StrategicMergePatchError';

  constructor(
    readonly kind: StrategicMergePatchErrorKind,
    message: string,
  ) {
    super(message);
  }
}

/** The Status error upstream's apiserver returns for a StrategicMergePatchError. */
export function strategicMergePatchErrorToStatus(err: StrategicMergePatchError): StatusError {
  switch (err.kind) {
    case 'bad-request':
      return badRequest(err.message);
    case 'unprocessable':
      return genericServerResponse({ code: 422, serverMessage: err.message });
    case 'internal':
      return new StatusError(makeStatus({ status: 'Failure', message: err.message, code: 500 }));
  }
}

// Upstream's sentinel errors (mergepatch), answered with 400.
export const errBadPatchFormatForPrimitiveList = 'invalid patch format of primitive list';
export const errBadPatchFormatForRetainKeys = 'invalid patch format of retainKeys';
export const errBadPatchFormatForSetElementOrderList = 'invalid patch format of setElementOrder list';
/** Answered with the canned 422. */
export const errNoListOfLists = 'lists of lists are not supported';

/** A failure upstream reports as a 400 with its message. */
export function badPatch(message: string): StrategicMergePatchError {
  return new StrategicMergePatchError('bad-request', message);
}

/** A failure upstream lets through as a plain error (500, empty reason, its message). */
export function patchFailure(message: string): StrategicMergePatchError {
  return new StrategicMergePatchError('internal', message);
}

/**
 * What a Go runtime panic in the library becomes (comparing or hashing JSON objects, which Go
 * cannot do): upstream's panic recovery answers 500 with this text.
 */
export function goPanic(): StrategicMergePatchError {
  return patchFailure('This request caused apiserver to panic. Look in the logs for details.');
}
