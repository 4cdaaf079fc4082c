// The errors of the connect and proxy subresources that are not one of the Status factories:
// failures upstream reports as plain Go errors, which become a 500 without a reason.

import { makeStatus, StatusError } from '../../machinery/errors/index.js';

/**
 * A 500 Failure with `message` and no reason, which is how upstream's ErrorToAPIStatus renders a
 * plain error (a kubelet that cannot be dialed, a node without a usable address).
 */
export function plainServerError(message: string): StatusError {
  return new StatusError(makeStatus({ status: 'Failure', message, code: 500 }));
}
