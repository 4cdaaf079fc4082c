// One call of one webhook, common to both flavours (the first half of upstream's callHook and
// callAttrMutatingHook): the dry-run guard, the review version, the HTTPS round trip, response
// verification, then the webhook's warnings and audit annotations; a refusal becomes the
// webhook's Status.

import {
  admissionReviewRequest,
  type AdmissionResponse,
  reviewVersionFor,
  type ReviewObjects,
  verifyAdmissionResponse,
} from './admission-review.js';
import { callWebhook, type ServiceDialer } from './webhook-client.js';
import { dryRunUnsupported, WebhookCallError, webhookRejection } from './webhook-errors.js';
import type { WebhookInvocation } from './webhook-invocation.js';
import type { WebhookRequest } from './webhook-request.js';

/** Where a call's side outputs go. */
export interface CallSinks {
  readonly dialService: ServiceDialer;
  /** Receives the webhook's warnings, for the response's Warning headers. */
  readonly warn: (text: string) => void;
  /** Receives `<webhook name>/<key>` audit annotations. */
  readonly annotate: (annotations: Readonly<Record<string, string>>) => void;
}

/**
 * Calls the webhook and returns its verified, allowing response. Throws WebhookCallError for what
 * the failure policy governs, and a StatusError for a refusal or a dry run it cannot take.
 */
export async function callForAllowedResponse(
  invocation: WebhookInvocation,
  req: WebhookRequest,
  objects: ReviewObjects,
  sinks: CallSinks,
): Promise<AdmissionResponse> {
  const hook = invocation.hook;
  if (req.dryRun) {
    if (hook.sideEffects === undefined) throw new WebhookCallError(hook.name, 'Webhook SideEffects is nil');
    if (hook.sideEffects !== 'None' && hook.sideEffects !== 'NoneOnDryRun')
      throw dryRunUnsupported(hook.name);
  }
  const version = reviewVersionFor(hook.admissionReviewVersions);
  if (version === undefined) {
    throw new WebhookCallError(
      hook.name,
      'could not create admission objects: webhook does not accept known AdmissionReview versions (v1, v1beta1)',
    );
  }
  const request = admissionReviewRequest(version, invocation, req, objects);
  const body = await callWebhook(hook, request.body, sinks.dialService);
  let response: AdmissionResponse;
  try {
    response = verifyAdmissionResponse(request, hook.mutating, body);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new WebhookCallError(hook.name, `received invalid webhook response: ${reason}`);
  }
  const annotations = Object.entries(response.auditAnnotations);
  if (annotations.length > 0) {
    sinks.annotate(Object.fromEntries(annotations.map(([k, v]) => [`${hook.name}/${k}`, v])));
  }
  for (const warning of response.warnings) sinks.warn(warning);
  if (!response.allowed) throw webhookRejection(hook.name, response.status);
  return response;
}
