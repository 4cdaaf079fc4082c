// Calls the matching validating webhooks all at once (upstream's validatingDispatcher) and fails
// the request with the first error in webhook order: a refusal, or a failed call under
// failurePolicy Fail. Calls that fail under failurePolicy Ignore are let pass.

import type { DispatchContext } from './dispatch-context.js';
import { callForAllowedResponse } from './review-call.js';
import { versionedConverter } from './versioned-objects.js';
import type { WebhookAccessor } from './webhook-accessor.js';
import { WebhookCallError } from './webhook-errors.js';
import { type WebhookInvocation, webhookInvocation } from './webhook-invocation.js';
import type { WebhookRequest } from './webhook-request.js';

/** The error one validating call ends the request with, or undefined when it lets it pass. */
async function callValidatingWebhook(
  invocation: WebhookInvocation,
  req: WebhookRequest,
  ctx: DispatchContext,
): Promise<unknown> {
  const converter = versionedConverter(req, invocation, ctx.lookup);
  const objects = { object: converter.toWebhook(req.object), oldObject: converter.toWebhook(req.oldObject) };
  try {
    await callForAllowedResponse(invocation, req, objects, ctx.sinks);
    return undefined;
  } catch (err) {
    if (!(err instanceof WebhookCallError)) return err;
    if (invocation.hook.failurePolicy === 'Ignore') {
      ctx.ignored(`Failed calling webhook, failing open ${invocation.hook.name}: ${err.message}`);
      return undefined;
    }
    return err.toStatusError();
  }
}

/** Runs the validating webhooks over the request; throws the StatusError that ends it. */
export async function dispatchValidating(
  hooks: readonly WebhookAccessor[],
  req: WebhookRequest,
  ctx: DispatchContext,
): Promise<void> {
  const invocations: WebhookInvocation[] = [];
  for (const hook of hooks) {
    const invocation = await webhookInvocation(hook, req, ctx.match);
    if (invocation !== undefined) invocations.push(invocation);
  }
  if (invocations.length === 0) return;
  const outcomes = await Promise.all(invocations.map((inv) => callValidatingWebhook(inv, req, ctx)));
  const first = outcomes.find((outcome) => outcome !== undefined);
  if (first !== undefined) throw first;
}
