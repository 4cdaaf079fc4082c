// The objects of a request in the version a webhook is called with, and back. Admission holds
// objects in their storage version; a webhook sees the version its rule matched (the request's own,
// or an equivalent one under matchPolicy Equivalent), defaulted as that version defaults.

import type { KubeObject } from '../../../api/object.js';
import type { ServedResource } from '../../endpoints/served-resource.js';
import type { GroupVersionResource } from './rule-matcher.js';
import type { WebhookInvocation } from './webhook-invocation.js';
import type { WebhookRequest } from './webhook-request.js';

/** Finds the served resource at a group/version/resource. */
export type ServedLookup = (resource: GroupVersionResource) => ServedResource | undefined;

/** Converts one request's objects for one invocation. */
export interface VersionedConverter {
  /** A copy of a storage-form object in the invocation's version. */
  toWebhook(object: KubeObject | undefined): KubeObject | undefined;
  /** A webhook-version object (defaulted) back in storage form. */
  fromWebhook(object: KubeObject): KubeObject;
}

/**
 * The converter for an invocation. Subresources with a kind of their own (Scale, Binding) carry
 * that object already, so they pass through unchanged.
 */
export function versionedConverter(
  req: WebhookRequest,
  invocation: WebhookInvocation,
  lookup: ServedLookup,
): VersionedConverter {
  const served = lookup(invocation.resource);
  const parentKind = invocation.kind.kind === req.type.kind && invocation.kind.group === req.type.group;
  if (served === undefined || !parentKind) {
    return {
      toWebhook: (o) => (o === undefined ? undefined : structuredClone(o)),
      fromWebhook: (o) => o,
    };
  }
  return {
    toWebhook: (o) => (o === undefined ? undefined : served.fromStorage(structuredClone(o))),
    fromWebhook: (o) => {
      served.applyDefaults(o);
      return served.toStorage(o);
    },
  };
}

/** Replaces the contents of `target` with those of `source`, keeping `target`'s identity. */
export function replaceContents(target: KubeObject, source: KubeObject): void {
  for (const key of Object.keys(target)) delete target[key];
  Object.assign(target, source);
}
