// The errors webhook admission ends a request with, worded as upstream's (webhookutil's
// ErrCallingWebhook, webhookerrors.ToStatusErr and NewDryRunUnsupportedErr).

import {
  badRequest,
  goQuote,
  internalError,
  makeStatus,
  type Status,
  StatusError,
} from '../../../machinery/errors/index.js';

/**
 * A webhook could not be called or its answer could not be used: the failure policy decides
 * whether the request fails (Fail) or goes on (Ignore).
 */
export class WebhookCallError extends Error {
  override readonly name = 'WebhookCallError';

  constructor(
    readonly webhookName: string,
    /** Why, e.g. `failed to call webhook: Post "https://...": dial tcp ...: connection refused`. */
    readonly reason: string,
  ) {
    super(`failed calling webhook ${goQuote(webhookName)}: ${reason}`);
  }

  /** The Status a request failing closed answers with: `Internal error occurred: failed calling webhook ...`. */
  toStatusError(): StatusError {
    return internalError(this.message);
  }
}

/**
 * A webhook's refusal as the client sees it (upstream's ToStatusErr): the webhook's own Status,
 * with a code of at least 400, status Failure and the message prefixed by
 * `admission webhook "<name>" denied the request`.
 */
export function webhookRejection(webhookName: string, result: Partial<Status> | undefined): StatusError {
  const deniedBy = `admission webhook ${goQuote(webhookName)} denied the request`;
  const code = typeof result?.code === 'number' && result.code >= 400 ? result.code : 400;
  const reason = typeof result?.reason === 'string' ? result.reason : '';
  const given = typeof result?.message === 'string' ? result.message : '';
  let message: string;
  if (given !== '') message = `${deniedBy}: ${given}`;
  else if (reason !== '') message = `${deniedBy}: ${reason}`;
  else message = `${deniedBy} without explanation`;
  return new StatusError(
    makeStatus({
      status: 'Failure',
      message,
      ...(reason !== '' ? { reason } : {}),
      ...(result?.details !== undefined && typeof result.details === 'object'
        ? { details: result.details }
        : {}),
      code,
      ...(result?.metadata !== undefined && typeof result.metadata === 'object'
        ? { metadata: result.metadata }
        : {}),
    }),
  );
}

/** 400 for a dry run reaching a webhook that may have side effects. */
export function dryRunUnsupported(webhookName: string): StatusError {
  return badRequest(`admission webhook ${goQuote(webhookName)} does not support dry run`);
}
