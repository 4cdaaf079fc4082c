import { createHash } from 'node:crypto';
import { apiVersionOf, type ResourceType } from '../../api/scheme/resource-type.js';

/** One served API group with its versions, preferred first. */
export interface ServedGroup {
  readonly name: string;
  readonly versions: readonly string[];
}

/** The groups in first-seen order of `resources` (the core group "" included), versions in order. */
export function servedGroups(resources: readonly ResourceType[]): ServedGroup[] {
  const groups = new Map<string, string[]>();
  for (const r of resources) {
    const versions = groups.get(r.group) ?? [];
    if (!versions.includes(r.version)) versions.push(r.version);
    groups.set(r.group, versions);
  }
  return [...groups].map(([name, versions]) => ({ name, versions }));
}

/** Upstream's storageVersionHash: base64 of the first 8 bytes of sha256("<group>/<version>/<kind>") of the stored form. */
export function storageVersionHash(r: ResourceType): string {
  const slash = r.storageApiVersion.indexOf('/');
  const group = slash < 0 ? '' : r.storageApiVersion.slice(0, slash);
  const version = slash < 0 ? r.storageApiVersion : r.storageApiVersion.slice(slash + 1);
  return createHash('sha256')
    .update(`${group}/${version}/${r.kind}`)
    .digest()
    .subarray(0, 8)
    .toString('base64');
}

/** `base` plus the non-empty arrays of `extra` (upstream omits empty shortNames, categories, ...). */
function withOptional(
  base: Record<string, unknown>,
  extra: Record<string, readonly unknown[] | undefined>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(extra)) if (v !== undefined && v.length > 0) out[k] = v;
  return out;
}

/** The aggregated discovery document (apidiscovery.k8s.io v2 or v2beta1) for /api (`core`) or /apis. */
export function aggregatedDiscovery(
  resources: readonly ResourceType[],
  which: 'core' | 'groups',
  version: 'v2' | 'v2beta1',
): Record<string, unknown> {
  const items = servedGroups(resources)
    .filter((g) => (which === 'core' ? g.name === '' : g.name !== ''))
    .map((g) => ({
      metadata: { name: g.name, creationTimestamp: null },
      versions: g.versions.map((v) => ({
        version: v,
        resources: resources
          .filter((r) => r.group === g.name && r.version === v)
          .map((r) =>
            withOptional(
              {
                resource: r.resource,
                responseKind: { group: r.group, version: r.version, kind: r.kind },
                scope: r.namespaced ? 'Namespaced' : 'Cluster',
                singularResource: r.singular,
                verbs: [...r.verbs],
              },
              {
                shortNames: r.shortNames,
                categories: r.categories,
                subresources: r.subresources.map((s) => ({
                  subresource: s.name,
                  responseKind: { group: s.kind.group, version: s.kind.version, kind: s.kind.kind },
                  verbs: [...s.verbs],
                })),
              },
            ),
          ),
        freshness: 'Current',
      })),
    }));
  return { kind: 'APIGroupDiscoveryList', apiVersion: `apidiscovery.k8s.io/${version}`, metadata: {}, items };
}

/** GET /api: the legacy core versions list. */
export function apiVersions(serverAddress: string): Record<string, unknown> {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function apiGroup(g: ServedGroup): Record<string, unknown> {
  const versions = g.versions.map((v) => ({ groupVersion: `${g.name}/${v}`, version: v }));
  return { name: g.name, versions, preferredVersion: versions[0] };
}

/** GET /apis: the legacy group list (without the core group). */
export function apiGroupList(resources: readonly ResourceType[]): Record<string, unknown> {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: servedGroups(resources)
      .filter((g) => g.name !== '')
      .map(apiGroup),
  };
}

/** GET /apis/<group>, or undefined when the group is not served. */
export function apiGroupDocument(
  resources: readonly ResourceType[],
  group: string,
): Record<string, unknown> | undefined {
  const g = servedGroups(resources).find((x) => x.name === group && group !== '');
  return g === undefined ? undefined : { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(g) };
}

/** GET /api/v1 or /apis/<group>/<version>, or undefined when not served. */
export function apiResourceList(
  resources: readonly ResourceType[],
  group: string,
  version: string,
): Record<string, unknown> | undefined {
  const inGv = resources.filter((r) => r.group === group && r.version === version);
  if (inGv.length === 0) return undefined;
  const list: Record<string, unknown>[] = [];
  for (const r of inGv) {
    list.push({
      ...withOptional(
        {
          name: r.resource,
          singularName: r.singular,
          namespaced: r.namespaced,
          kind: r.kind,
          verbs: [...r.verbs],
        },
        { shortNames: r.shortNames, categories: r.categories },
      ),
      storageVersionHash: storageVersionHash(r),
    });
    for (const s of r.subresources) {
      const entry: Record<string, unknown> = {
        name: `${r.resource}/${s.name}`,
        singularName: '',
        namespaced: r.namespaced,
      };
      if (s.kind.group !== group || s.kind.version !== version) {
        entry['group'] = s.kind.group;
        entry['version'] = s.kind.version;
      }
      entry['kind'] = s.kind.kind;
      entry['verbs'] = [...s.verbs];
      list.push(entry);
    }
  }
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: apiVersionOf({ group, version }),
    resources: list,
  };
}
