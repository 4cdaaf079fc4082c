// A webhook's namespaceSelector and objectSelector (upstream's namespace and object matchers).
// Cluster-scoped requests other than namespaces are never exempted by the namespace selector; the
// object selector matches when either the new or the old object carries matching labels.

import type { KubeObject } from '../../../api/object.js';
import {
  selectorConverts,
  selectorIsEmpty,
  selectorMatches,
} from '../../../api/validation/label-selector.js';
import { internalError, notFound } from '../../../machinery/errors/index.js';
import type { WebhookAccessor } from './webhook-accessor.js';
import type { WebhookRequest } from './webhook-request.js';

/** Reads a namespace's labels; undefined when the namespace does not exist. */
export type NamespaceLabels = (name: string) => Promise<Readonly<Record<string, string>> | undefined>;

function checkSelector(selector: unknown): void {
  if (!selectorConverts(selector)) throw internalError('invalid label selector');
}

/**
 * True when the request's namespace is selected; throws upstream's NotFound for a namespace that
 * does not exist (a selector that needs its labels cannot be evaluated).
 */
export async function namespaceSelectorMatches(
  hook: WebhookAccessor,
  req: WebhookRequest,
  namespaceLabels: NamespaceLabels,
): Promise<boolean> {
  const isNamespace = req.type.group === '' && req.type.resource === 'namespaces';
  if (req.namespace === '' && !isNamespace) return true;
  checkSelector(hook.namespaceSelector);
  if (selectorIsEmpty(hook.namespaceSelector)) return true;
  let labels: Readonly<Record<string, string>> | undefined;
  if (isNamespace && req.subresource === '' && (req.operation === 'CREATE' || req.operation === 'UPDATE')) {
    // The namespace being written is not stored yet (or not like this): judge it by its new labels.
    labels = req.object?.metadata?.labels ?? {};
  } else {
    labels = await namespaceLabels(req.namespace);
    if (labels === undefined) throw notFound({ group: '', resource: 'namespaces' }, req.namespace);
  }
  return selectorMatches(hook.namespaceSelector, labels);
}

function labelsMatch(selector: unknown, object: KubeObject | undefined): boolean {
  return object !== undefined && selectorMatches(selector, object.metadata?.labels ?? {});
}

/** True when the new or the old object is selected (an absent object never is). */
export function objectSelectorMatches(hook: WebhookAccessor, req: WebhookRequest): boolean {
  checkSelector(hook.objectSelector);
  if (selectorIsEmpty(hook.objectSelector)) return true;
  return labelsMatch(hook.objectSelector, req.object) || labelsMatch(hook.objectSelector, req.oldObject);
}
