// Reconciliation of the bootstrap policy against what is stored (upstream's reconciliation
// package as the apiserver's RBAC post-start hook runs it): missing objects are created; existing
// ones get missing labels, annotations, rules, aggregation selectors and subjects added, never
// removed, so user additions survive; objects annotated autoupdate "false" are left alone.

import type {
  AggregationRule,
  ClusterRole,
  ClusterRoleBinding,
  PolicyRule,
  Role,
  RoleBinding,
  RoleRef,
  Subject,
} from 'kubernetes-types/rbac/v1.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { deepEqual } from '../../../../base/deep-equal.js';
import { covers } from '../policy-comparator.js';
import { AUTOUPDATE_ANNOTATION } from './policy-builders.js';

/** The RBAC objects reconciliation looks at, stored or wanted. */
export interface RbacObjectSet {
  readonly clusterRoles: readonly ClusterRole[];
  readonly clusterRoleBindings: readonly ClusterRoleBinding[];
  readonly roles: readonly Role[];
  readonly roleBindings: readonly RoleBinding[];
}

/** One write reconciliation needs, in the order it should be made. */
export type RbacWrite =
  | { readonly action: 'create'; readonly object: RbacObject }
  /** Update of the stored object (its resourceVersion kept, so the write is guarded). */
  | { readonly action: 'update'; readonly object: RbacObject }
  /**
   * A binding whose roleRef differs (roleRef is immutable): delete `previous` (guarded by its
   * uid), then create `object`.
   */
  | {
      readonly action: 'recreate';
      readonly object: RoleBinding | ClusterRoleBinding;
      readonly previous: RoleBinding | ClusterRoleBinding;
    };

/** Any of the four RBAC kinds. */
export type RbacObject = ClusterRole | ClusterRoleBinding | Role | RoleBinding;

type RuleOwner = ClusterRole | Role;
type Binding = ClusterRoleBinding | RoleBinding;

/**
 * The writes that bring `existing` up to `wanted`: roles (cluster then namespaced) before the
 * bindings that reference them.
 */
export function reconcileBootstrapPolicy(existing: RbacObjectSet, wanted: RbacObjectSet): RbacWrite[] {
  const writes: RbacWrite[] = [];
  const add = (w: RbacWrite | undefined): void => {
    if (w) writes.push(w);
  };
  const stored = <T extends RbacObject>(list: readonly T[]) => new Map(list.map((o) => [objectKey(o), o]));
  const clusterRoles = stored(existing.clusterRoles);
  const roles = stored(existing.roles);
  const clusterRoleBindings = stored(existing.clusterRoleBindings);
  const roleBindings = stored(existing.roleBindings);
  for (const w of wanted.clusterRoles) add(reconcileRole(clusterRoles.get(objectKey(w)), w));
  for (const w of wanted.roles) add(reconcileRole(roles.get(objectKey(w)), w));
  for (const w of wanted.clusterRoleBindings) add(reconcileBinding(clusterRoleBindings.get(objectKey(w)), w));
  for (const w of wanted.roleBindings) add(reconcileBinding(roleBindings.get(objectKey(w)), w));
  return writes;
}

function objectKey(o: RbacObject): string {
  return `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
}

/** True when the stored object opted out of reconciliation. */
export function isReconcileProtected(o: RbacObject): boolean {
  return o.metadata?.annotations?.[AUTOUPDATE_ANNOTATION] === 'false';
}

// Labels and annotations: the wanted ones are added, stored values win on a clash.
function mergeMetadata(result: RbacObject, existing: RbacObject, wanted: RbacObject): boolean {
  const meta = { ...(result.metadata ?? {}) };
  const annotations = mergeMaps(wanted.metadata?.annotations, existing.metadata?.annotations);
  const labels = mergeMaps(wanted.metadata?.labels, existing.metadata?.labels);
  if (annotations) meta.annotations = annotations;
  if (labels) meta.labels = labels;
  result.metadata = meta;
  return (
    !deepEqual(annotations, existing.metadata?.annotations) || !deepEqual(labels, existing.metadata?.labels)
  );
}

function mergeMaps(
  low: Record<string, string> | undefined,
  high: Record<string, string> | undefined,
): Record<string, string> | undefined {
  if (low === undefined && high === undefined) return undefined;
  return { ...(low ?? {}), ...(high ?? {}) };
}

function reconcileRole(existing: RuleOwner | undefined, wanted: RuleOwner): RbacWrite | undefined {
  if (existing === undefined) return { action: 'create', object: structuredClone(wanted) };
  if (isReconcileProtected(existing)) return undefined;
  const result = structuredClone(existing);
  let changed = mergeMetadata(result, existing, wanted);

  // Missing rules are added as the atoms Covers reports, after whatever is stored.
  const missing: PolicyRule[] = covers(existing.rules ?? [], wanted.rules ?? []).missing;
  if (missing.length > 0) {
    result.rules = [...(existing.rules ?? []), ...missing];
    changed = true;
  }

  if (wanted.kind === 'ClusterRole' || existing.kind === 'ClusterRole') {
    const stored = (existing as ClusterRole).aggregationRule;
    const want = (wanted as ClusterRole).aggregationRule;
    const next = reconcileAggregation(stored, want);
    if (next !== 'unchanged') {
      const out = result as ClusterRole;
      if (next === undefined) delete out.aggregationRule;
      else out.aggregationRule = next;
      changed = true;
    }
  }
  return changed ? { action: 'update', object: result } : undefined;
}

function reconcileAggregation(
  stored: AggregationRule | undefined,
  want: AggregationRule | undefined,
): AggregationRule | undefined | 'unchanged' {
  // A role that should not aggregate loses its aggregation rule.
  if (want === undefined) return stored === undefined ? 'unchanged' : undefined;
  const have = stored?.clusterRoleSelectors ?? [];
  const missing = (want.clusterRoleSelectors ?? []).filter((s) => !have.some((h) => sameSelector(h, s)));
  if (missing.length === 0) return 'unchanged';
  return { ...(stored ?? {}), clusterRoleSelectors: [...have, ...structuredClone(missing)] };
}

function sameSelector(a: LabelSelector, b: LabelSelector): boolean {
  const norm = (s: LabelSelector) => ({
    matchLabels: s.matchLabels ?? {},
    matchExpressions: s.matchExpressions ?? [],
  });
  return deepEqual(norm(a), norm(b));
}

function reconcileBinding(existing: Binding | undefined, wanted: Binding): RbacWrite | undefined {
  if (existing === undefined) return { action: 'create', object: structuredClone(wanted) };
  if (isReconcileProtected(existing)) return undefined;
  if (!sameRoleRef(existing.roleRef, wanted.roleRef)) {
    return { action: 'recreate', object: structuredClone(wanted), previous: existing };
  }
  const result = structuredClone(existing);
  let changed = mergeMetadata(result, existing, wanted);
  const have = existing.subjects ?? [];
  const missing: Subject[] = [];
  for (const s of wanted.subjects ?? []) {
    if (!have.some((h) => sameSubject(h, s)) && !missing.some((m) => sameSubject(m, s))) missing.push(s);
  }
  if (missing.length > 0) {
    result.subjects = [...have, ...structuredClone(missing)];
    changed = true;
  }
  return changed ? { action: 'update', object: result } : undefined;
}

function sameRoleRef(a: RoleRef, b: RoleRef): boolean {
  return a.apiGroup === b.apiGroup && a.kind === b.kind && a.name === b.name;
}

// Go compares Subject structs field by field, where an absent field is "".
function sameSubject(a: Subject, b: Subject): boolean {
  return (
    a.kind === b.kind &&
    a.name === b.name &&
    (a.apiGroup ?? '') === (b.apiGroup ?? '') &&
    (a.namespace ?? '') === (b.namespace ?? '')
  );
}
