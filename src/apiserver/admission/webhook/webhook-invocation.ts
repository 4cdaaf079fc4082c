// Whether a webhook is called for a request, and as which resource and kind (upstream's
// ShouldCallHook): selectors first, then the rules against the request's own resource, then, with
// matchPolicy Equivalent, against every equivalent resource (the object is then converted).

import type { GroupVersionKind, ResourceType } from '../../../api/scheme/resource-type.js';
import { isStatusError } from '../../../machinery/errors/index.js';
import { equivalentResources, kindFor } from './equivalent-resources.js';
import { type GroupVersionResource, ruleMatches } from './rule-matcher.js';
import { type NamespaceLabels, namespaceSelectorMatches, objectSelectorMatches } from './selector-matcher.js';
import type { WebhookAccessor } from './webhook-accessor.js';
import type { WebhookRequest } from './webhook-request.js';

/** A webhook to call, and the resource and kind the request is presented to it as. */
export interface WebhookInvocation {
  readonly hook: WebhookAccessor;
  readonly resource: GroupVersionResource;
  readonly subresource: string;
  readonly kind: GroupVersionKind;
}

/** What matching needs besides the webhook and the request. */
export interface MatchContext {
  /** Every served resource type (for equivalent versions). */
  readonly served: readonly ResourceType[];
  readonly namespaceLabels: NamespaceLabels;
}

/** A matcher verdict that is an error only if the webhook would otherwise be called. */
async function deferred(
  check: () => Promise<boolean> | boolean,
): Promise<{ matches: boolean; error?: unknown }> {
  try {
    return { matches: await check() };
  } catch (error) {
    if (!isStatusError(error)) throw error;
    return { matches: false, error };
  }
}

/**
 * The invocation of `hook` for `req`, or undefined when the webhook does not apply. Throws the
 * selector's error (e.g. the namespace is not found) only when the rules select the request.
 */
export async function webhookInvocation(
  hook: WebhookAccessor,
  req: WebhookRequest,
  ctx: MatchContext,
): Promise<WebhookInvocation | undefined> {
  const ns = await deferred(() => namespaceSelectorMatches(hook, req, ctx.namespaceLabels));
  if (!ns.matches && ns.error === undefined) return undefined;
  const obj = await deferred(() => objectSelectorMatches(hook, req));
  if (!obj.matches && obj.error === undefined) return undefined;

  const requested = { group: req.type.group, version: req.type.version, resource: req.type.resource };
  const attrs = { operation: req.operation, subresource: req.subresource, namespace: req.namespace };
  let invocation: WebhookInvocation | undefined;
  const requestKind = kindFor(req.type, req.subresource);
  if (requestKind && hook.rules.some((rule) => ruleMatches(rule, { ...attrs, resource: requested }))) {
    invocation = { hook, resource: requested, subresource: req.subresource, kind: requestKind };
  }
  if (invocation === undefined && hook.matchPolicy === 'Equivalent') {
    const equivalents = equivalentResources(ctx.served, req.type, req.subresource).filter(
      (e) => !sameResource(e.resource, requested),
    );
    // Earlier rules win over later ones, whichever equivalent they name.
    outer: for (const rule of hook.rules) {
      for (const e of equivalents) {
        if (ruleMatches(rule, { ...attrs, resource: e.resource })) {
          invocation = { hook, resource: e.resource, subresource: req.subresource, kind: e.kind };
          break outer;
        }
      }
    }
  }
  if (invocation === undefined) return undefined;
  if (ns.error !== undefined) throw ns.error;
  if (obj.error !== undefined) throw obj.error;
  return invocation;
}

function sameResource(a: GroupVersionResource, b: GroupVersionResource): boolean {
  return a.group === b.group && a.version === b.version && a.resource === b.resource;
}
