import { builtinResources } from '../../api/scheme/builtin-resources.js';
import type { GroupVersionResource } from '../../client/index.js';
import type { DiscoveredResource } from '../shared/api-discovery.js';

/** A kind mapped to the resource that serves it. */
export interface Mapping extends GroupVersionResource {
  readonly namespaced: boolean;
  readonly kind: string;
}

function groupOf(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/');
  return i < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

/** The error a reference to an unknown kind gets (restMappingError); retried, as CRDs may appear. */
export class RestMappingError extends Error {
  override readonly name = 'RestMappingError';
}

/**
 * The RESTMapper of the garbage collector: apiVersion + kind → resource and scope, from the built-in
 * scheme plus what discovery found (custom resources). An owner reference in another version of
 * the same group maps to the version that is served.
 */
export class ResourceMapper {
  private readonly exact = new Map<string, Mapping>();
  private readonly byGroupKind = new Map<string, Mapping>();

  constructor() {
    this.add(builtinResources.map((r) => ({ ...r, verbs: r.verbs })));
  }

  /** Adds resources (from discovery). */
  add(
    resources: readonly (
      DiscoveredResource | (GroupVersionResource & { kind: string; namespaced: boolean })
    )[],
  ): void {
    for (const r of resources) {
      const m: Mapping = {
        group: r.group,
        version: r.version,
        resource: r.resource,
        namespaced: r.namespaced,
        kind: r.kind,
      };
      this.exact.set(`${r.group}/${r.version}/${r.kind}`, m);
      if (!this.byGroupKind.has(`${r.group}/${r.kind}`)) this.byGroupKind.set(`${r.group}/${r.kind}`, m);
    }
  }

  /** The resource for apiVersion and kind; throws RestMappingError when unknown. */
  map(apiVersion: string, kind: string): Mapping {
    const { group, version } = groupOf(apiVersion);
    const m = this.exact.get(`${group}/${version}/${kind}`) ?? this.byGroupKind.get(`${group}/${kind}`);
    if (m === undefined) throw new RestMappingError(`unable to get REST mapping for ${apiVersion}/${kind}.`);
    return m;
  }
}
