import type { ResourceQuota, ScopedResourceSelectorRequirement } from 'kubernetes-types/core/v1.js';
import {
  addQuantity,
  compareQuantity,
  formatQuantity,
  parseQuantityValue,
  zeroQuantity,
  type Quantity,
} from '../shared/infra-quantity.js';
import type { QuotaEvaluator } from './quota-evaluators.js';

/** Usage of one evaluator's resources in one namespace (UsageStats over `objects`). */
export function usageStats(
  evaluator: QuotaEvaluator,
  objects: readonly unknown[],
  resources: readonly string[],
  scopes: readonly string[],
  scopeSelector: readonly ScopedResourceSelectorRequirement[],
  now: number,
): Map<string, Quantity> {
  const used = new Map<string, Quantity>(resources.map((r) => [r, zeroQuantity()]));
  for (const object of objects) {
    const inScope =
      scopes.every((scopeName) => evaluator.matchesScope({ scopeName, operator: 'Exists' }, object)) &&
      scopeSelector.every((req) => evaluator.matchesScope(req, object));
    if (!inScope) continue;
    for (const [name, q] of evaluator.usage(object, now)) {
      const current = used.get(name);
      used.set(name, current === undefined ? q : addQuantity(current, q));
    }
  }
  // Only the requested resources are reported.
  return new Map([...used].filter(([name]) => resources.includes(name)));
}

/** The evaluators whose resources a quota's hard limits name, with those resources. */
export function evaluatorsFor(
  hard: readonly string[],
  evaluators: readonly QuotaEvaluator[],
): { evaluator: QuotaEvaluator; resources: string[] }[] {
  return evaluators
    .map((evaluator) => ({ evaluator, resources: evaluator.matchingResources(hard) }))
    .filter((e) => e.resources.length > 0);
}

/**
 * The quota status the controller should write, or undefined when the stored one is current:
 * hard copied from spec, used = the previous usage overlaid with `newUsage`, limited to the hard
 * resources (syncResourceQuota).
 */
export function nextQuotaStatus(
  quota: ResourceQuota,
  newUsage: ReadonlyMap<string, Quantity>,
): { hard: Record<string, string>; used: Record<string, string> } | undefined {
  const hard = { ...(quota.spec?.hard ?? {}) } as Record<string, string>;
  const used = new Map<string, string>();
  for (const [name, value] of Object.entries(quota.status?.used ?? {})) used.set(name, String(value));
  for (const [name, q] of newUsage) used.set(name, formatQuantity(q));
  const masked: Record<string, string> = {};
  for (const name of Object.keys(hard).sort()) {
    const value = used.get(name);
    if (value !== undefined) masked[name] = value;
  }
  const dirty =
    quota.status?.hard === undefined ||
    quota.status?.used === undefined ||
    !sameValues(hard, quota.status.hard as Record<string, string>) ||
    !sameValues(masked, quota.status.used as Record<string, string>);
  return dirty ? { hard, used: masked } : undefined;
}

// Same keys, same values by quantity comparison (quota.Equals / Semantic.DeepEqual).
function sameValues(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b ?? {}).length) return false;
  return keys.every((k) => {
    const x = parseQuantityValue(a[k]);
    const y = parseQuantityValue(b[k]);
    return x !== undefined && y !== undefined ? compareQuantity(x, y) === 0 : a[k] === b[k];
  });
}
