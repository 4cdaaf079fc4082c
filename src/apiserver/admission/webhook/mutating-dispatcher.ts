// Calls the matching mutating webhooks one after another (upstream's mutatingDispatcher), each
// seeing the object as the webhooks before it left it, and patches the request's object in place.
// Webhooks with reinvocationPolicy IfNeeded are called once more when a later webhook changed the
// object. A refusal, or a failed call under failurePolicy Fail, ends the request.

import { deepEqual } from '../../../base/deep-equal.js';
import type { DispatchContext } from './dispatch-context.js';
import { ReinvocationState } from './reinvocation-state.js';
import { callForAllowedResponse } from './review-call.js';
import { replaceContents, versionedConverter } from './versioned-objects.js';
import type { WebhookAccessor } from './webhook-accessor.js';
import { WebhookCallError } from './webhook-errors.js';
import { type WebhookInvocation, webhookInvocation } from './webhook-invocation.js';
import { patchedObject } from './webhook-patch.js';
import type { WebhookRequest } from './webhook-request.js';

/** Calls one webhook and applies its patch; true when the object changed. */
async function callMutatingWebhook(
  invocation: WebhookInvocation,
  req: WebhookRequest,
  ctx: DispatchContext,
): Promise<boolean> {
  const converter = versionedConverter(req, invocation, ctx.lookup);
  const object = converter.toWebhook(req.object);
  const objects = { object, oldObject: converter.toWebhook(req.oldObject) };
  const response = await callForAllowedResponse(invocation, req, objects, ctx.sinks);
  const patched = patchedObject(invocation.hook.name, response, object, invocation.kind);
  if (patched === undefined || object === undefined || req.object === undefined) return false;
  if (deepEqual(patched, object)) return false;
  replaceContents(req.object, converter.fromWebhook(patched));
  return true;
}

function mutationAnnotation(hook: WebhookAccessor, round: number, index: number, mutated: boolean) {
  return {
    [`mutation.webhook.admission.k8s.io/round_${round}_index_${index}`]: JSON.stringify({
      configuration: hook.configurationName,
      webhook: hook.name,
      mutated,
    }),
  };
}

/** Runs the mutating webhooks over the request; throws the StatusError that ends it. */
export async function dispatchMutating(
  hooks: readonly WebhookAccessor[],
  req: WebhookRequest,
  ctx: DispatchContext,
): Promise<void> {
  const state = new ReinvocationState();
  for (const round of [0, 1]) {
    if (round === 1 && !state.shouldReinvoke) return;
    for (const [index, hook] of hooks.entries()) {
      const invocation = await webhookInvocation(hook, req, ctx.match);
      if (invocation === undefined) continue;
      // A webhook is never called for the first time in the second round.
      if (round === 1 && !state.isDue(hook.uid)) continue;
      let changed = false;
      let failure: unknown;
      try {
        changed = await callMutatingWebhook(invocation, req, ctx);
      } catch (err) {
        failure = err;
      }
      state.recordCall(hook.uid, changed, hook.reinvocationPolicy === 'IfNeeded');
      if (failure === undefined) {
        ctx.sinks.annotate(mutationAnnotation(hook, round, index, changed));
        continue;
      }
      if (!(failure instanceof WebhookCallError)) throw failure;
      if (hook.failurePolicy === 'Ignore') {
        ctx.ignored(`Failed calling webhook, failing open ${hook.name}: ${failure.message}`);
        continue;
      }
      throw failure.toStatusError();
    }
  }
}
