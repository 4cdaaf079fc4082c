import { builtinResources } from '../api/scheme/builtin-resources.js';
import type { ResourceType } from '../api/scheme/resource-type.js';

/** A resource by group, version and plural name; `namespaced` and `kind` are looked up when omitted. */
export interface GroupVersionResource {
  readonly group: string;
  readonly version: string;
  /** The plural, as in the URL ("deployments"). */
  readonly resource: string;
  readonly namespaced?: boolean;
  readonly kind?: string;
}

/** A resource with its scope settled: what a ResourceClient needs to build URLs. */
export interface ResourceTarget {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  /** undefined when the resource is unknown to the built-in scheme and the caller did not say. */
  readonly namespaced: boolean | undefined;
  readonly kind: string | undefined;
}

/** Settles scope and kind from the input or, for a built-in resource, from the scheme. */
export function resourceTarget(input: GroupVersionResource | ResourceType): ResourceTarget {
  const known = builtinResources.find(
    (r) => r.group === input.group && r.version === input.version && r.resource === input.resource,
  );
  return {
    group: input.group,
    version: input.version,
    resource: input.resource,
    namespaced: input.namespaced ?? known?.namespaced,
    kind: input.kind ?? known?.kind,
  };
}

/** "v1" or "apps/v1". */
export function targetApiVersion(target: ResourceTarget): string {
  return target.group === '' ? target.version : `${target.group}/${target.version}`;
}

/** "/api/v1" or "/apis/apps/v1". */
function groupVersionPath(target: ResourceTarget): string {
  return target.group === '' ? `/api/${target.version}` : `/apis/${target.group}/${target.version}`;
}

/** The collection URL path, in `namespace` when given (all namespaces otherwise). */
export function collectionPath(target: ResourceTarget, namespace: string | undefined): string {
  const ns =
    namespace !== undefined && namespace !== '' ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${groupVersionPath(target)}${ns}/${target.resource}`;
}

/** The URL path of one object, or of its subresource. */
export function itemPath(
  target: ResourceTarget,
  namespace: string | undefined,
  name: string,
  subresource?: string,
): string {
  const sub = subresource !== undefined ? `/${subresource}` : '';
  return `${collectionPath(target, namespace)}/${encodeURIComponent(name)}${sub}`;
}
