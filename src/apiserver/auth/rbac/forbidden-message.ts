// The 403 a denied request gets, worded exactly as upstream's responsewriters.Forbidden: kubectl
// prints this message verbatim, and users and scripts match on it.

import { forbidden, goQuote, type StatusError } from '../../../machinery/errors/index.js';
import type { AuthorizationAttributes } from './authorizer.js';

// Upstream escapes these so a message can never read as HTML; quotes stay as they are.
function sanitize(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * `User "jane" cannot list resource "pods" in API group "" in the namespace "default"`, or
 * `... at the cluster scope`, or `User "jane" cannot get path "/foo"` for a non-resource request.
 * The resource includes the subresource ("pods/exec"); the object name is not part of it.
 */
export function forbiddenMessage(attrs: AuthorizationAttributes): string {
  const user = goQuote(attrs.user.name);
  if (!attrs.isResourceRequest) return `User ${user} cannot ${attrs.verb} path ${goQuote(attrs.path)}`;
  const resource = attrs.subresource === '' ? attrs.resource : `${attrs.resource}/${attrs.subresource}`;
  const what = `User ${user} cannot ${attrs.verb} resource ${goQuote(resource)} in API group ${goQuote(attrs.apiGroup)}`;
  if (attrs.namespace !== '') return `${what} in the namespace ${goQuote(attrs.namespace)}`;
  return `${what} at the cluster scope`;
}

/**
 * The reason-qualified text upstream puts after "is forbidden: ": the (sanitized) message, then
 * ": <reason>" when the authorizers gave one (RBAC gives none for a plain lack of rules).
 */
export function forbiddenReasonText(attrs: AuthorizationAttributes, reason: string): string {
  const msg = sanitize(forbiddenMessage(attrs));
  return reason === '' ? msg : `${msg}: ${reason}`;
}

/**
 * The full Status message: `pods is forbidden: ...`, `pods "x" is forbidden: ...`,
 * `deployments.apps is forbidden: ...`, or `forbidden: ...` for a non-resource path.
 */
export function forbiddenStatusMessage(attrs: AuthorizationAttributes, reason = ''): string {
  return forbiddenError(attrs, reason).message;
}

/** The 403 StatusError for a denied request (details carry group, resource as kind, and name). */
export function forbiddenError(attrs: AuthorizationAttributes, reason = ''): StatusError {
  // Upstream builds the GroupResource from the request's group and resource (without the
  // subresource), which is empty for a non-resource path.
  return forbidden(
    { group: attrs.apiGroup, resource: attrs.resource },
    attrs.name,
    forbiddenReasonText(attrs, reason),
  );
}
