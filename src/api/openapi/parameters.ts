// The query and path parameters of the Kubernetes REST operations, by name. kubectl decides whether
// the server validates fields by finding `fieldValidation` among a PATCH operation's parameters.
import type { OpenApiParameter } from './openapi-types.js';

// Upstream marks every parameter schema uniqueItems; kept so documents look like upstream's.
const query = (
  name: string,
  type: 'string' | 'boolean' | 'integer',
  description: string,
): OpenApiParameter => ({
  name,
  in: 'query',
  description,
  schema: { type, uniqueItems: true },
});

/** Every query parameter an operation may list, keyed by name. */
export const queryParameters = {
  allowWatchBookmarks: query(
    'allowWatchBookmarks',
    'boolean',
    'allowWatchBookmarks asks for BOOKMARK watch events; servers may send them at their discretion, and it is ignored unless watching.',
  ),
  continue: query(
    'continue',
    'string',
    'The continue token of a previous, limited list response, to fetch the next chunk; an expired token yields 410 Gone.',
  ),
  dryRun: query(
    'dryRun',
    'string',
    'When present, the request is fully processed but nothing is persisted. The only valid value is All.',
  ),
  fieldManager: query(
    'fieldManager',
    'string',
    'The name of the actor making the change, recorded in managedFields; at most 128 printable characters. Required for apply patches.',
  ),
  fieldSelector: query(
    'fieldSelector',
    'string',
    'Restricts the returned objects by their fields. Defaults to everything.',
  ),
  fieldValidation: query(
    'fieldValidation',
    'string',
    'How to treat unknown or duplicate fields in the request body: Ignore drops them silently, Warn (the default) drops them with a Warning header, Strict rejects the request with BadRequest.',
  ),
  force: query(
    'force',
    'boolean',
    'Force makes an apply request take ownership of fields other managers own instead of failing with a conflict; it must be unset for other patch types.',
  ),
  gracePeriodSeconds: query(
    'gracePeriodSeconds',
    'integer',
    'Seconds to wait before deleting the object; zero deletes immediately. Unset uses the per-kind default.',
  ),
  ignoreStoreReadErrorWithClusterBreakingPotential: query(
    'ignoreStoreReadErrorWithClusterBreakingPotential',
    'boolean',
    'Deletes an object that can no longer be read from storage, bypassing finalizers and preconditions. Unsafe; defaults to false.',
  ),
  labelSelector: query(
    'labelSelector',
    'string',
    'Restricts the returned objects by their labels. Defaults to everything.',
  ),
  limit: query(
    'limit',
    'integer',
    'The maximum number of objects to return; if more exist, the list metadata carries a continue token. Not supported with watch.',
  ),
  orphanDependents: query(
    'orphanDependents',
    'boolean',
    'Deprecated in favour of propagationPolicy: whether dependents are orphaned (true) or garbage collected (false).',
  ),
  pretty: query('pretty', 'string', "If 'true', the response is pretty-printed."),
  propagationPolicy: query(
    'propagationPolicy',
    'string',
    'How dependents are garbage collected: Orphan, Background or Foreground. Mutually exclusive with orphanDependents.',
  ),
  resourceVersion: query(
    'resourceVersion',
    'string',
    'Constrains which resource versions a read may be served from; see resourceVersionMatch. Unset means the most recent.',
  ),
  resourceVersionMatch: query(
    'resourceVersionMatch',
    'string',
    'How resourceVersion applies to a list: Exact or NotOlderThan. Only valid together with resourceVersion.',
  ),
  sendInitialEvents: query(
    'sendInitialEvents',
    'boolean',
    'With watch=true, starts the stream with synthetic ADDED events for the current state, followed by a BOOKMARK marking its end. Requires resourceVersionMatch=NotOlderThan.',
  ),
  timeoutSeconds: query(
    'timeoutSeconds',
    'integer',
    'Timeout for the list or watch call, regardless of activity.',
  ),
  watch: query(
    'watch',
    'boolean',
    'Watch for changes to the described resources and return them as a stream of add, update and remove notifications.',
  ),
} as const;

/** A query parameter name. */
export type QueryParameterName = keyof typeof queryParameters;

/** The named query parameters in upstream's (alphabetical) order. */
export function parameters(names: readonly QueryParameterName[]): OpenApiParameter[] {
  return [...names].sort().map((n) => queryParameters[n]);
}

/** A required path parameter ("name", "namespace"). */
export function pathParameter(name: 'name' | 'namespace', kind: string): OpenApiParameter {
  const description =
    name === 'name' ? `name of the ${kind}` : 'object name and auth scope, such as for teams and projects';
  return { name, in: 'path', description, required: true, schema: { type: 'string', uniqueItems: true } };
}

/** Parameters of a list (collection GET) and of every watch path. */
export const listParameters: readonly QueryParameterName[] = [
  'allowWatchBookmarks',
  'continue',
  'fieldSelector',
  'labelSelector',
  'limit',
  'resourceVersion',
  'resourceVersionMatch',
  'sendInitialEvents',
  'timeoutSeconds',
  'watch',
];

/** Parameters of create and replace. */
export const writeParameters: readonly QueryParameterName[] = ['dryRun', 'fieldManager', 'fieldValidation'];

/** Parameters of patch. */
export const patchParameters: readonly QueryParameterName[] = [...writeParameters, 'force'];

/** Parameters of an item delete. */
export const deleteParameters: readonly QueryParameterName[] = [
  'dryRun',
  'gracePeriodSeconds',
  'ignoreStoreReadErrorWithClusterBreakingPotential',
  'orphanDependents',
  'propagationPolicy',
];

/** Parameters of deletecollection: a delete over a list. */
export const deleteCollectionParameters: readonly QueryParameterName[] = [
  ...deleteParameters,
  ...listParameters.filter((p) => p !== 'watch' && p !== 'allowWatchBookmarks'),
];
