/** A group/version/kind triple as the API spells it ("" is the core group). */
export interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

/** The eight standard verbs plus the few subresource-specific ones discovery lists. */
export type Verb = 'create' | 'delete' | 'deletecollection' | 'get' | 'list' | 'patch' | 'update' | 'watch';

/** A subresource of a resource (pods/status, deployments/scale, ...) as discovery describes it. */
export interface SubresourceType {
  readonly name: string;
  /** The kind the subresource speaks; defaults to the parent's group/version/kind. */
  readonly kind: GroupVersionKind;
  readonly verbs: readonly Verb[];
}

/** Everything the server and clients need to know about one resource in one group-version. */
export interface ResourceType extends GroupVersionKind {
  /** The URL segment and plural name, e.g. "deployments". */
  readonly resource: string;
  readonly singular: string;
  readonly listKind: string;
  readonly namespaced: boolean;
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  readonly verbs: readonly Verb[];
  readonly subresources: readonly SubresourceType[];
  /**
   * The key prefix under which objects live in storage ("/registry/<resource>/"); two versions of
   * the same resource, or two groups serving one storage (core and events.k8s.io events), share it.
   */
  readonly storagePrefix: string;
  /** The apiVersion objects are stored in; requests in other versions are converted. */
  readonly storageApiVersion: string;
}

/** "group/version", or "version" for the core group, as apiVersion spells it. */
export function apiVersionOf(gv: { readonly group: string; readonly version: string }): string {
  return gv.group === '' ? gv.version : `${gv.group}/${gv.version}`;
}

/** Splits an apiVersion into group and version. */
export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** The qualified resource name used in messages: "pods", "deployments.apps". */
export function qualifiedResource(r: { readonly group: string; readonly resource: string }): string {
  return r.group === '' ? r.resource : `${r.resource}.${r.group}`;
}
