// Why a JSON or merge patch failed, and the Status the apiserver answers with. Upstream
// (k8s.io/apiserver handlers/patch.go over evanphx/json-patch v4) maps a body that does not decode
// to 400, more than 10000 operations to 413, a merge patch that is not an object to 400
// "Invalid JSON Patch", and any failure while applying a JSON patch to a bare 422 whose message
// hides the cause ("the server rejected our request due to an error in our request").

import {
  badRequest,
  genericServerResponse,
  requestEntityTooLarge,
} from '../errors/status-error-factories.js';
import type { StatusError } from '../errors/status-error.js';

/** The stage a patch failed at; each maps to one upstream response (see patchErrorToStatus). */
export type PatchErrorKind = 'decode' | 'too-many-operations' | 'apply' | 'bad-merge-patch';

/** A patch that could not be decoded or applied; `message` is upstream's (library) text. */
export class PatchError extends Error {
  override readonly name = 'PatchError';

  constructor(
    readonly kind: PatchErrorKind,
    message: string,
  ) {
    super(message);
  }
}

/** The Status error upstream's apiserver returns for a PatchError. */
export function patchErrorToStatus(err: PatchError): StatusError {
  switch (err.kind) {
    case 'decode':
      return badRequest(err.message);
    case 'bad-merge-patch':
      return badRequest(err.message);
    case 'too-many-operations':
      return requestEntityTooLarge(err.message);
    case 'apply':
      return genericServerResponse({ code: 422, serverMessage: err.message });
  }
}
