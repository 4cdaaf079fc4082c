// Upstream's ResourceQuota admission: a create is charged against every matching quota of its
// namespace and refused when any would exceed status.hard. The charge is written into
// status.used by compare-and-swap, so concurrent creates can never both take the last unit.

import type { KubeObject } from '../../../api/object.js';
import { internalError } from '../../../machinery/errors/index.js';
import type { AdmissionPlugin } from '../admission-chain.js';
import { admissionForbidden } from './admission-forbidden.js';
import { addQ, cmpQ, formatQ, quantity, type Quantity } from './quantity-math.js';
import { objectUsage, quotaMatches } from './quota-usage.js';

/** Options of the ResourceQuota plugin. */
export interface ResourceQuotaOptions {
  /** The namespace's ResourceQuotas (the watch cache is fine: conflicts are caught by the CAS). */
  listQuotas(namespace: string): Promise<readonly KubeObject[]>;
  /** A fresh read of one quota after a conflict (undefined: deleted). */
  getQuota(namespace: string, name: string): Promise<KubeObject | undefined>;
  /**
   * Writes `quota` (its status.used updated) only if its metadata.resourceVersion is still the
   * stored one; resolves false on a conflict. Backed by the status subresource's guarded update.
   */
  updateQuotaStatus(quota: KubeObject): Promise<boolean>;
  /** Conflicts tolerated per quota before giving up (default 10). */
  readonly maxRetries?: number;
}

type Status = { hard?: Record<string, string>; used?: Record<string, string> };

function statusOf(q: KubeObject): Status {
  return (q as { status?: Status }).status ?? {};
}

// Requests for extended resources count only against requests.<name> (upstream's validation set).
const mustSpecify = new Set([
  'requests.cpu',
  'requests.memory',
  'limits.cpu',
  'limits.memory',
  'cpu',
  'memory',
]);

function pretty(entries: [string, string][]): string {
  return entries
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** The ResourceQuota plugin (validating). */
export function resourceQuota(options: ResourceQuotaOptions): AdmissionPlugin {
  return {
    name: 'ResourceQuota',
    async validate(attrs, obj) {
      if (attrs.operation !== 'CREATE' || attrs.subresource !== '' || !attrs.resource.type.namespaced) return;
      const { group, resource } = attrs.resource.type;
      const delta = objectUsage(group, resource, obj);
      if (delta.size === 0) return;
      const quotas = (await options.listQuotas(attrs.namespace)).filter((q) =>
        quotaMatches(q, resource, obj),
      );
      for (const initial of quotas) {
        let quota: KubeObject | undefined = initial;
        for (let attempt = 0; ; attempt++) {
          if (!quota) break;
          const status = statusOf(quota);
          const hard = status.hard ?? {};
          const restricted = Object.keys(hard).filter(
            (k) => delta.has(k) || (resource === 'pods' && mustSpecify.has(k)),
          );
          if (restricted.length === 0) break;
          if (resource === 'pods') {
            const missing = missingPodResources(obj, restricted);
            if (missing)
              throw admissionForbidden(
                attrs,
                obj,
                `failed quota: ${quota.metadata?.name}: must specify ${missing}`,
              );
          }
          const used = status.used ?? {};
          const unknown = restricted.filter((k) => !(k in used));
          if (unknown.length) {
            throw admissionForbidden(
              attrs,
              obj,
              `status unknown for quota: ${quota.metadata?.name}, resources: ${unknown.sort().join(',')}`,
            );
          }
          const newUsed: Record<string, string> = { ...used };
          const exceeded: string[] = [];
          for (const k of restricted) {
            const d = delta.get(k);
            if (!d) continue;
            const total = addQ(quantity(used[k]) ?? quantity('0')!, d);
            newUsed[k] = formatQ(total);
            if (cmpQ(total, quantity(hard[k])!) > 0) exceeded.push(k);
          }
          if (exceeded.length) {
            const requested = pretty(exceeded.map((k) => [k, formatQ(delta.get(k)!)]));
            const usedText = pretty(exceeded.map((k) => [k, formatQ(quantity(used[k]) ?? quantity('0')!)]));
            const limited = pretty(exceeded.map((k) => [k, formatQ(quantity(hard[k])!)]));
            throw admissionForbidden(
              attrs,
              obj,
              `exceeded quota: ${quota.metadata?.name}, requested: ${requested}, used: ${usedText}, limited: ${limited}`,
            );
          }
          if (attrs.dryRun) break;
          const next = structuredClone(quota) as KubeObject & { status?: Status };
          next.status = { ...statusOf(quota), used: newUsed };
          if (await options.updateQuotaStatus(next)) break;
          if (attempt + 1 >= (options.maxRetries ?? 10)) {
            throw internalError(`resource quota evaluation timed out`);
          }
          quota = await options.getQuota(attrs.namespace, quota.metadata?.name ?? '');
        }
      }
    },
  };
}

function missingPodResources(pod: KubeObject, restricted: readonly string[]): string | undefined {
  const required = restricted.filter((k) => mustSpecify.has(k));
  if (!required.length) return undefined;
  type C = {
    name: string;
    resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  };
  const spec = (pod as { spec?: { containers?: C[]; initContainers?: C[] } }).spec ?? {};
  const missing = new Map<string, Set<string>>();
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    const have = new Set<string>();
    for (const k of Object.keys(c.resources?.requests ?? {})) {
      have.add(`requests.${k}`);
      have.add(k);
    }
    for (const k of Object.keys(c.resources?.limits ?? {})) have.add(`limits.${k}`);
    for (const r of required)
      if (!have.has(r)) (missing.get(r) ?? missing.set(r, new Set()).get(r)!).add(c.name);
  }
  if (!missing.size) return undefined;
  return [...missing.keys()]
    .sort()
    .map((r) => `${r} for: ${[...missing.get(r)!].sort().join(',')}`)
    .join('; ');
}

/** Re-exported for wiring code that formats quota usage the same way. */
export type { Quantity };
