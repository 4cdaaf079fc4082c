import type { KubeClient } from '../../client/index.js';

/** One resource as discovery describes it (subresources are left out). */
export interface DiscoveredResource {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly verbs: readonly string[];
}

/** The outcome of a discovery pass: what was found, and the group versions that failed. */
export interface DiscoveryResult {
  readonly resources: DiscoveredResource[];
  /** "group/version" → the error, as client-go's ErrGroupDiscoveryFailed keeps them. */
  readonly failed: ReadonlyMap<string, string>;
}

interface ApiResourceList {
  groupVersion?: string;
  resources?: { name: string; kind: string; namespaced: boolean; verbs?: string[] }[];
}

interface ApiGroupList {
  groups?: { name: string; preferredVersion?: { version: string }; versions?: { version: string }[] }[];
}

/**
 * ServerPreferredResources: every resource of the core group and of each group's preferred
 * version, read from /api/v1 and /apis. A group version that fails is reported in `failed` and the
 * rest is still returned, as client-go does.
 */
export async function discoverPreferredResources(
  client: KubeClient,
  signal?: AbortSignal,
): Promise<DiscoveryResult> {
  const lists: { group: string; version: string; path: string }[] = [
    { group: '', version: 'v1', path: '/api/v1' },
  ];
  const groups = await client.request<ApiGroupList>({
    method: 'GET',
    path: '/apis',
    ...(signal ? { signal } : {}),
  });
  for (const g of groups.groups ?? []) {
    const version = g.preferredVersion?.version ?? g.versions?.[0]?.version;
    if (version !== undefined) lists.push({ group: g.name, version, path: `/apis/${g.name}/${version}` });
  }
  const resources: DiscoveredResource[] = [];
  const failed = new Map<string, string>();
  await Promise.all(
    lists.map(async (l) => {
      try {
        const list = await client.request<ApiResourceList>({
          method: 'GET',
          path: l.path,
          ...(signal ? { signal } : {}),
        });
        for (const r of list.resources ?? []) {
          if (r.name.includes('/')) continue;
          resources.push({
            group: l.group,
            version: l.version,
            resource: r.name,
            kind: r.kind,
            namespaced: r.namespaced,
            verbs: r.verbs ?? [],
          });
        }
      } catch (err) {
        failed.set(
          l.group === '' ? l.version : `${l.group}/${l.version}`,
          err instanceof Error ? err.message : String(err),
        );
      }
    }),
  );
  return { resources, failed };
}

/** client-go's ErrGroupDiscoveryFailed message. */
export function discoveryFailureMessage(failed: ReadonlyMap<string, string>): string {
  const parts = [...failed.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([gv, e]) => `${gv}: ${e}`);
  return `unable to retrieve the complete list of server APIs: ${parts.join(', ')}`;
}

/** True when the resource supports every verb in `verbs`. */
export function supportsVerbs(r: DiscoveredResource, verbs: readonly string[]): boolean {
  return verbs.every((v) => r.verbs.includes(v));
}
